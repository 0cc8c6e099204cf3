package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/choragen/choragen/internal/report"
)

// run runs choragen in-process and returns its exit code and output.
func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	st := &State{
		Stdin:  strings.NewReader(""),
		Stdout: &out,
		Stderr: &errb,
		Getenv: func(string) string { return "" },
		Now:    func() time.Time { return time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC) },
	}
	code = st.Run(context.Background(), args)
	return code, out.String(), errb.String()
}

func TestBadInput(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		args []string
		// want are substrings of the one line on stderr.
		want []string
	}{
		{"unknown config key", []string{"perf:check", "--dir", "testdata/badconfig"},
			[]string{"performance.yaml:6:3", "regresionThreshold", "regressionThreshold"}},
		{"malformed directive", []string{"perf:check", "--dir", "testdata/baddirective"},
			[]string{"lib.go:5:", "max=fast"}},
		{"package that does not compile", []string{"perf:check", "--dir", "testdata/nobuild"},
			[]string{"lib.go:6:", "not an int"}},
		{"missing dir", []string{"perf:check", "--dir", "testdata/nonesuch"},
			[]string{"--dir testdata/nonesuch"}},
		{"count too small", []string{"perf:check", "--dir", "testdata/memory", "--count", "3"},
			[]string{"--count 3", "at least 6"}},
		{"bad benchtime", []string{"perf:check", "--dir", "testdata/memory", "--benchtime", "fast"},
			[]string{"--benchtime", "fast"}},
		{"bad format", []string{"perf:check", "--dir", "testdata/memory", "--format", "yaml"},
			[]string{"--format", "yaml"}},
		{"unknown flag", []string{"perf:check", "--frobnicate"},
			[]string{"frobnicate"}},
		{"perf spelling too", []string{"perf", "check", "--dir", "testdata/baddirective"},
			[]string{"max=fast"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := run(t, tc.args...)
			if code != ExitError {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, ExitError, stderr)
			}
			if stdout != "" {
				t.Errorf("a failed run printed a report:\n%s", stdout)
			}
			if n := strings.Count(stderr, "\n"); n != 1 {
				t.Errorf("stderr has %d lines, want 1:\n%s", n, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr does not say %q:\n%s", w, stderr)
				}
			}
		})
	}
}

// TestMemoryContracts judges memory contracts, whose measurements are
// exact, on a module that imports nothing of choragen.
func TestMemoryContracts(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := run(t, "perf:check", "--dir", "testdata/memory", "--format", "json", "--count", "6", "--benchtime", "20x")
	if code != ExitFailed {
		t.Fatalf("exit code %d, want %d (a contract is broken); stderr:\n%s", code, ExitFailed, stderr)
	}
	var r report.Report
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("output is not a report: %v\n%s", err, stdout)
	}
	want := map[string]struct {
		status   report.Status
		measured float64
	}{
		"bytes:example.com/memory/buf.Small":          {report.StatusPassed, 64},
		"allocs:example.com/memory/buf.Small":         {report.StatusPassed, 1},
		"latency:example.com/memory/buf.Small":        {report.StatusPassed, -1},
		"allocs:example.com/memory/buf.Many":          {report.StatusFailed, 10},
		"allocs:example.com/memory/buf.Unbenchmarked": {report.StatusUnmeasured, -1},
	}
	if len(r.Contracts) != len(want) {
		t.Errorf("%d contracts, want %d: %+v", len(r.Contracts), len(want), r.Contracts)
	}
	for _, c := range r.Contracts {
		w, ok := want[c.ID]
		if !ok {
			t.Errorf("unexpected contract %s", c.ID)
			continue
		}
		if c.Status != w.status {
			t.Errorf("%s: status %s, want %s (%s)", c.ID, c.Status, w.status, c.Reason)
		}
		if w.measured >= 0 && (c.Measured == nil || *c.Measured != w.measured) {
			t.Errorf("%s: measured %v, want %v", c.ID, deref(c.Measured), w.measured)
		}
		if c.Status != report.StatusUnmeasured && !strings.HasPrefix(c.Source, "buf/buf.go:") {
			t.Errorf("%s: source %q, want buf/buf.go:<line>", c.ID, c.Source)
		}
	}
	if got := r.Summary; got.ContractsPassed != 3 || got.ContractsFailed != 1 || got.ContractsUnmeasured != 1 {
		t.Errorf("summary %+v, want 3 passed, 1 failed, 1 unmeasured", got)
	}
	if len(r.Violations) != 1 || r.Violations[0].ContractID != "allocs:example.com/memory/buf.Many" {
		t.Errorf("violations %+v, want one for allocs:…Many", r.Violations)
	}
	if r.Passed || !strings.Contains(stderr, "allocs:example.com/memory/buf.Many") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("stderr should name the failed contract in one line:\n%s", stderr)
	}
}

func TestVersionAndHelp(t *testing.T) {
	t.Parallel()
	if code, stdout, _ := run(t, "version"); code != 0 || !strings.HasPrefix(stdout, "choragen ") {
		t.Errorf("version: %d %q", code, stdout)
	}
	code, stdout, _ := run(t, "--help")
	if code != 0 {
		t.Errorf("--help exit %d", code)
	}
	for _, cmd := range []string{"perf", "perf:check"} {
		if !strings.Contains(stdout, cmd) {
			t.Errorf("help does not list %s:\n%s", cmd, stdout)
		}
	}
}

func deref(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

// TestRuntimeViolations: choragen runs the tests with CHORAGEN_PERF_OUT set
// and joins the violations that perf's collector recorded in them.
func TestRuntimeViolations(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := run(t, "perf:check", "--tests", "--dir", "testdata/runtime", "--format", "json")
	if code != ExitFailed {
		t.Fatalf("exit code %d, want %d; stderr:\n%s", code, ExitFailed, stderr)
	}
	var r report.Report
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("output is not a report: %v\n%s", err, stdout)
	}
	if len(r.Violations) != 1 {
		t.Fatalf("violations %+v, want the one the test recorded", r.Violations)
	}
	v := r.Violations[0]
	if v.ContractID != "latency:example.com/runtime/svc.Lookup" || v.Threshold != 1e-6 || v.Measured <= v.Threshold {
		t.Errorf("violation %+v", v)
	}
	if v.Context["process"] != "example.com/runtime/svc" {
		t.Errorf("violation context %v does not name the test process", v.Context)
	}
	if r.Summary.ContractsFailed != 1 || r.Passed {
		t.Errorf("summary %+v, passed %v: a violated code contract must fail the run", r.Summary, r.Passed)
	}
}
