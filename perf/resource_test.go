package perf

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestResourceLimits(t *testing.T) {
	var c Counter
	var r Recursion
	for _, tc := range []struct {
		name  string
		limit Limit
		id    string
		err   string // "" for a valid limit
	}{
		{"cpu", CPU{Max: time.Millisecond}, "cpu:a.F", ""},
		{"cpu zero", CPU{}, "", "perf: invalid contract cpu:a.F: max must be positive, got 0s"},
		{"syscalls", Syscalls{Max: 2}, "syscalls:a.F", ""},
		{"no syscalls", Syscalls{}, "syscalls:a.F", ""},
		{"syscalls negative", Syscalls{Max: -1}, "", "syscalls:a.F: max must not be negative, got -1"},
		{"io bytes", IOBytes{Max: 4 * KiB}, "io-bytes:a.F", ""},
		{"io bytes negative", IOBytes{Max: -1}, "", "io-bytes:a.F: max must not be negative"},
		{"iterations", Iterations{Max: 10, Counter: &c}, "iterations:a.F", ""},
		{"iterations without counter", Iterations{Max: 10}, "", "iterations:a.F: no Counter"},
		{"iterations zero", Iterations{Counter: &c}, "", "iterations:a.F: max must be positive, got 0"},
		{"depth", Depth{Max: 3, Recursion: &r}, "depth:a.F", ""},
		{"depth without recursion", Depth{Max: 3}, "", "depth:a.F: no Recursion"},
		{"depth zero", Depth{Recursion: &r}, "", "depth:a.F: max must be positive"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ct, err := NewCollector(CollectorOpts{}).NewContract("a.F", tc.limit)
			if tc.err != "" {
				if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("error %v, want ErrInvalid saying %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := ct.ID(tc.limit); got != tc.id {
				t.Errorf("ID = %q, want %q", got, tc.id)
			}
		})
	}
}

// TestResourceLimitsAtRunTime: a contract with limits judged only in tests
// measures its calls' time, never fails on them, and never records one.
func TestResourceLimitsAtRunTime(t *testing.T) {
	var c Counter
	col := NewCollector(CollectorOpts{})
	ct, err := col.NewContract("a.F", CPU{Max: 1}, Syscalls{}, Iterations{Max: 1, Counter: &c})
	if err != nil {
		t.Fatal(err)
	}
	for range 10 {
		call := ct.Begin()
		c.Add(100)
		call.End()
	}
	ct.Check()
	if vs := col.Violations(); len(vs) != 0 {
		t.Errorf("violations at run time: %v", vs)
	}
}
