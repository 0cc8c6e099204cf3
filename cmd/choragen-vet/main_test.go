package main_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestVetTool builds choragen-vet and runs it the way users do, with go
// vet -vettool, on a fixture module: the quadratic Merge must be reported
// at its outer loop, and go vet must fail because of it; the linear Total
// must not be.
func TestVetTool(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary and runs go vet")
	}
	tool := filepath.Join(t.TempDir(), "choragen-vet")
	if out, err := exec.Command("go", "build", "-o", tool, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	t.Run("flags", func(t *testing.T) {
		// go vet first asks the tool for its flags, as JSON.
		out, err := exec.Command(tool, "-flags").Output()
		if err != nil {
			t.Fatalf("choragen-vet -flags: %v", err)
		}
		var flags []map[string]any
		if err := json.Unmarshal(out, &flags); err != nil {
			t.Errorf("choragen-vet -flags = %s: %v", out, err)
		}
	})

	t.Run("vet", func(t *testing.T) {
		vet := exec.Command("go", "vet", "-vettool="+tool, "./...")
		vet.Dir = filepath.Join("testdata", "mod")
		vet.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOPROXY=off", "GOTOOLCHAIN=local")
		var stderr bytes.Buffer
		vet.Stderr = &stderr
		err := vet.Run()
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatalf("go vet: %v (want it to exit non-zero on a finding)\n%s", err, stderr.String())
		}
		want := regexp.MustCompile(`inventory[/\\]inventory\.go:15:2: nested loops over items and out \(depth 2\) suggest O\(n\^2\), above the declared O\(n\)`)
		if !want.MatchString(stderr.String()) {
			t.Errorf("go vet output does not match %s:\n%s", want, stderr.String())
		}
		if n := strings.Count(stderr.String(), "above the declared"); n != 1 {
			t.Errorf("go vet reported %d findings, want 1:\n%s", n, stderr.String())
		}
	})
}
