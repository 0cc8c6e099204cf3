package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/choragen/choragen/internal/report"
)

// TestResourceContracts judges //perf:iterations, //perf:depth, //perf:cpu,
// //perf:io and //perf:memory heap= on a module whose benchmarks report
// them with perftest: exact counts for iterations, depth and system calls,
// clear-cut margins for CPU time and heap.
func TestResourceContracts(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := run(t, "perf:check", "--dir", "testdata/resources", "--format", "json", "--count", "6", "--benchtime", "20x")
	if code != ExitFailed {
		t.Fatalf("exit code %d, want %d (contracts are broken); stderr:\n%s", code, ExitFailed, stderr)
	}
	var r report.Report
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("output is not a report: %v\n%s", err, stdout)
	}
	const pkg = "example.com/resources/work."
	// lo and hi bound the measured value; -1 leaves it unchecked.
	want := map[string]struct {
		status report.Status
		lo, hi float64
	}{
		"iterations:" + pkg + "Sum":            {report.StatusPassed, 500, 500},
		"iterations:" + pkg + "Pairs":          {report.StatusFailed, 4950, 4950},
		"iterations:" + pkg + "Uncounted":      {report.StatusUnmeasured, -1, -1},
		"depth:" + pkg + "Height":              {report.StatusPassed, 10, 10},
		"depth:" + pkg + "Countdown":           {report.StatusFailed, 41, 41},
		"cpu:" + pkg + "Digest":                {report.StatusPassed, 1e-6, 1000}, // ms
		"syscalls:" + pkg + "Digest":           {report.StatusPassed, 0, 0.5},     // the runtime's own I/O can add a little
		"io-bytes:" + pkg + "Digest":           {report.StatusPassed, 0, 8},       // (see perftest's TestReportUsage)
		"cpu:" + pkg + "Checksum":              {report.StatusFailed, 1e-3, 1e6},  // over 1µs: a megabyte is summed
		"syscalls:" + pkg + "Append":           {report.StatusPassed, 1, 1.5},     //
		"io-bytes:" + pkg + "Append":           {report.StatusPassed, 100, 108},   //
		"syscalls:" + pkg + "AppendWithHeader": {report.StatusFailed, 2, 2.5},     //
		"heap:" + pkg + "Build":                {report.StatusFailed, 16 << 20, 1 << 30},
		"heap:" + pkg + "Small":                {report.StatusPassed, 0, 1 << 30},
	}
	for _, c := range r.Contracts {
		w, ok := want[c.ID]
		if !ok {
			t.Errorf("unexpected contract %s", c.ID)
			continue
		}
		delete(want, c.ID)
		if c.Status != w.status {
			t.Errorf("%s: status %s, want %s (%s)", c.ID, c.Status, w.status, c.Reason)
			continue
		}
		if w.lo >= 0 && (c.Measured == nil || *c.Measured < w.lo || *c.Measured > w.hi) {
			t.Errorf("%s: measured %v, want %v to %v (%s)", c.ID, deref(c.Measured), w.lo, w.hi, c.Reason)
		}
		// Counts reach the engine with their unit metadata through go test
		// -json: assume=exact makes the interval certain.
		if exact := c.Metric == "iterations" || c.Metric == "depth"; exact && c.Status != report.StatusUnmeasured &&
			(c.Interval == nil || c.Interval.Confidence != 1) {
			t.Errorf("%s: interval %+v, want confidence 1 (an exact unit)", c.ID, c.Interval)
		}
		if c.Status != report.StatusUnmeasured && !strings.HasPrefix(c.Source, "work/work.go:") {
			t.Errorf("%s: source %q, want work/work.go:<line>", c.ID, c.Source)
		}
	}
	for id := range want {
		t.Errorf("contract %s missing", id)
	}
	// The unmeasured contract says what to add.
	for _, c := range r.Contracts {
		if c.Status == report.StatusUnmeasured && !strings.Contains(c.Reason, "reports no iterations/op") {
			t.Errorf("%s: reason %q does not say that the benchmark reports no iterations/op", c.ID, c.Reason)
		}
	}
	if got := r.Summary; got.ContractsPassed != 8 || got.ContractsFailed != 5 || got.ContractsUnmeasured != 1 {
		t.Errorf("summary %+v, want 8 passed, 5 failed, 1 unmeasured", got)
	}
}

// TestLeakViolations runs a module's tests with perf:check --tests: a test
// that leaks goroutines (perftest.NoLeaks) and one whose cache grows
// without bound (perftest.HeapGrowth) record leak violations, which the
// report shows and which fail the check; their clean twins record none.
func TestLeakViolations(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := run(t, "perf:check", "--dir", "testdata/leaks", "--tests", "--format", "json")
	if code != ExitFailed {
		t.Fatalf("exit code %d, want %d (leaks are violations); stderr:\n%s", code, ExitFailed, stderr)
	}
	var r report.Report
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("output is not a report: %v\n%s", err, stdout)
	}
	want := map[string]struct {
		unit     string
		min, max float64
	}{
		"leak:example.com/leaks/cache.TestPoolLeaks":    {"goroutines", 2, 2},
		"leak:example.com/leaks/cache.(*Unbounded).Put": {"B", 256, 1024},
	}
	for _, v := range r.Violations {
		w, ok := want[v.ContractID]
		if !ok {
			t.Errorf("unexpected violation %s: %+v", v.ContractID, v)
			continue
		}
		delete(want, v.ContractID)
		if v.Context["metric"] != "leak" || v.Context["unit"] != w.unit || v.Measured < w.min || v.Measured > w.max {
			t.Errorf("%s: measured %v %v (metric %v), want %v to %v %s", v.ContractID, v.Measured, v.Context["unit"], v.Context["metric"], w.min, w.max, w.unit)
		}
	}
	for id := range want {
		t.Errorf("violation %s missing", id)
	}
}
