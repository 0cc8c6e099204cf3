//go:build acceptance

package cli

import (
	"encoding/json"
	"testing"

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
