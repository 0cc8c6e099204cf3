// Package tests is a fixture for plain test runs: passing, failing and
// skipped tests, and one that writes to $CHORAGEN_PERF_OUT like perf does.
package tests

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

func TestPass(t *testing.T) {}

func TestFail(t *testing.T) {
	t.Log("computing")
	t.Errorf("Sum(1, 2) = %d, want %d", 4, 3)
}

func TestSub(t *testing.T) {
	t.Run("ok", func(t *testing.T) {})
	t.Run("bad", func(t *testing.T) { t.Fatal("bad input") })
}

func TestSkip(t *testing.T) { t.Skip("not today") }

func TestPerfOut(t *testing.T) {
	dir := os.Getenv("CHORAGEN_PERF_OUT")
	if dir == "" {
		t.Skip("CHORAGEN_PERF_OUT not set")
	}
	name := filepath.Join(dir, "example.com_benchmod_tests."+strconv.Itoa(os.Getpid())+".json")
	if err := os.WriteFile(name, []byte(`{"package":"example.com/benchmod/tests","violations":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
}
