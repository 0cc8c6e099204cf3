//go:build acceptance

package cli

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/choragen/choragen/internal/report"
)

// TestAcceptanceLatency runs perf:check on a module it has never seen, with
// only directives and ordinary benchmarks: latency by mean and by
// percentile, memory by bytes and allocations, all judged right, including
// a function whose mean is within budget but whose p99 is not.
func TestAcceptanceLatency(t *testing.T) {
	code, stdout, stderr := run(t, "perf:check", "--dir", "testdata/latency", "--format", "json", "--count", "6", "--benchtime", "30ms")
	if code != ExitFailed {
		t.Fatalf("exit code %d, want %d; stderr:\n%s", code, ExitFailed, stderr)
	}
	var r report.Report
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("output is not a report: %v", err)
	}
	want := map[string]report.Status{
		"latency:example.com/latency/svc.Spiky":      report.StatusPassed, // mean ≈ 180µs
		"latency@p99:example.com/latency/svc.Spiky":  report.StatusFailed, // p99 ≈ 4ms
		"latency:example.com/latency/svc.Steady":     report.StatusPassed,
		"latency@p95:example.com/latency/svc.Steady": report.StatusPassed,
		"latency:example.com/latency/svc.Slow":       report.StatusFailed,
		"bytes:example.com/latency/svc.Grow":         report.StatusFailed,
		"allocs:example.com/latency/svc.Grow":        report.StatusPassed,
	}
	for _, c := range r.Contracts {
		w, ok := want[c.ID]
		if !ok {
			t.Errorf("unexpected contract %s", c.ID)
			continue
		}
		delete(want, c.ID)
		if c.Status != w {
			t.Errorf("%s: %s, want %s (%s)", c.ID, c.Status, w, c.Reason)
		} else {
			t.Logf("%s: %s (%s)", c.ID, c.Status, c.Reason)
		}
	}
	for id := range want {
		t.Errorf("contract %s missing", id)
	}
}

// TestAcceptanceComplexity runs perf:check on a module it has never seen,
// with only //perf:complexity directives and ordinary n= sub-benchmarks:
// every honest bound passes and every broken one fails, within 120 s.
func TestAcceptanceComplexity(t *testing.T) {
	start := time.Now()
	code, stdout, stderr := run(t, "perf:check", "--dir", "testdata/complexity", "--format", "json", "--count", "6", "--benchtime", "50ms")
	elapsed := time.Since(start)
	if code != ExitFailed {
		t.Fatalf("exit code %d, want %d; stderr:\n%s", code, ExitFailed, stderr)
	}
	var r report.Report
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("output is not a report: %v", err)
	}
	want := map[string]report.Status{
		"Sum": report.StatusPassed, "Find": report.StatusPassed, "Sorted": report.StatusPassed, "Lookup": report.StatusPassed,
		"CountPairs": report.StatusFailed, "Max": report.StatusFailed, "Triples": report.StatusFailed,
	}
	for _, c := range r.Contracts {
		name := strings.TrimPrefix(c.Target, "example.com/complexity/algo.")
		w, ok := want[name]
		if !ok {
			t.Errorf("unexpected contract %s", c.ID)
			continue
		}
		delete(want, name)
		if c.Status != w {
			t.Errorf("%s: %s (fitted %s), want %s: %s", c.ID, c.Status, c.Fitted, w, c.Reason)
		} else {
			t.Logf("%s: %s, fitted %s (%s)", name, c.Status, c.Fitted, c.Reason)
		}
	}
	for name := range want {
		t.Errorf("no contract for %s", name)
	}
	t.Logf("perf:check took %s; %d static hints", elapsed.Round(time.Second), len(r.Hints))
	if elapsed > 120*time.Second {
		t.Errorf("perf:check took %s, the goal is 120 s", elapsed.Round(time.Second))
	}
}
