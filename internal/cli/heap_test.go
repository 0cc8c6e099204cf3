package cli

import (
	"encoding/json"
	"testing"

	"github.com/choragen/choragen/internal/report"
)

// TestHeapContractsStopTheWorld judges //perf:memory heap= from a run of
// their benchmarks of its own under GODEBUG=gcstoptheworld=1, where the
// live heap has no floating garbage: Churn, which allocates fast and keeps
// 4 KiB, reads kilobytes there (tens of megabytes in an ordinary run on a
// busy machine); Hold keeps 8 MiB and fails its 4 MiB. BenchmarkProbe
// tells the runs apart: its heap contract passes only if judged from the
// gcstoptheworld run, its iterations contract only if judged from the
// ordinary one. BenchmarkPlain, of no heap contract, fails if it runs
// under gcstoptheworld.
func TestHeapContractsStopTheWorld(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := run(t, "perf:check", "--dir", "testdata/heap", "--format", "json", "--count", "6", "--benchtime", "20x")
	if code != ExitFailed {
		t.Fatalf("exit code %d, want %d (Hold breaks its contract); stderr:\n%s", code, ExitFailed, stderr)
	}
	var r report.Report
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("output is not a report: %v\n%s", err, stdout)
	}
	const pkg = "example.com/heap/work."
	want := map[string]struct {
		status report.Status
		lo, hi float64
	}{
		"heap:" + pkg + "Churn":       {report.StatusPassed, 0, 64 << 10},
		"heap:" + pkg + "Hold":        {report.StatusFailed, 8 << 20, 9 << 20},
		"heap:" + pkg + "Probe":       {report.StatusPassed, 0, 0},
		"iterations:" + pkg + "Probe": {report.StatusPassed, 1, 1},
		"iterations:" + pkg + "Plain": {report.StatusPassed, 1, 1},
	}
	for _, c := range r.Contracts {
		w, ok := want[c.ID]
		if !ok {
			t.Errorf("unexpected contract %s", c.ID)
			continue
		}
		delete(want, c.ID)
		if c.Status != w.status || c.Measured == nil || *c.Measured < w.lo || *c.Measured > w.hi {
			t.Errorf("%s: %s, measured %v; want %s, %v to %v (%s)", c.ID, c.Status, deref(c.Measured), w.status, w.lo, w.hi, c.Reason)
		}
	}
	for id := range want {
		t.Errorf("contract %s missing", id)
	}
	// One series of peak-heap-B per benchmark: the gcstoptheworld run's.
	rows := map[string]int{}
	for _, b := range r.Benchmarks {
		if b.Unit == "peak-heap-B" {
			rows[b.Name]++
			if b.Name == "BenchmarkProbe" && b.Current != 0 {
				t.Errorf("BenchmarkProbe's peak-heap-B row is %v, not the gcstoptheworld run's 0", b.Current)
			}
		}
	}
	if len(rows) != 3 || rows["BenchmarkChurn"] != 1 || rows["BenchmarkHold"] != 1 || rows["BenchmarkProbe"] != 1 {
		t.Errorf("peak-heap-B rows %v, want one for each of Churn, Hold and Probe", rows)
	}
}
