package verdict

import (
	"fmt"
	"strings"
	"testing"

	"github.com/choragen/choragen/internal/complexity"
	"github.com/choragen/choragen/internal/metric"
	"github.com/choragen/choragen/internal/report"
)

// sweep writes a benchmark's sized sub-benchmarks, 6 repetitions each, with
// cost(n) nanoseconds per op and a deterministic ±3% wobble.
func sweep(name string, cost func(n float64) float64, unit string) string {
	var b strings.Builder
	for _, n := range []int{256, 1024, 4096, 16384, 65536} {
		for i := range 6 {
			wobble := 1 + 0.03*float64((i*7+n)%5-2)/2
			fmt.Fprintf(&b, "%s/n=%d-2 100 %g %s\n", name, n, cost(float64(n))*wobble, unit)
		}
	}
	return b.String()
}

func TestJudgeComplexity(t *testing.T) {
	quadratic := func(n float64) float64 { return 0.5*n*n + 100 }
	linear := func(n float64) float64 { return 3*n + 100 }
	set := set(t, "pkg: "+pkg+"\n"+
		sweep("BenchmarkF", quadratic, "ns/op")+
		sweep("BenchmarkG", linear, "ns/op")+
		// H's time grows quadratically (a cache, say), but it reports
		// the work it counts, which is linear: the counter decides.
		sweep("BenchmarkH", quadratic, "ns/op")+
		sweep("BenchmarkH", linear, "iterations/op")+
		lines("BenchmarkFlat", 6, "ns/op", 10))
	c := func(bench string, bound metric.Class) Contract {
		k := contract(metric.Complexity, float64(bound), 0)
		k.Class, k.Benchmark = bound, bench
		return k
	}
	for _, tc := range []struct {
		name      string
		c         Contract
		status    report.Status
		fitted    string
		reasonHas string
	}{
		{"quadratic declared linear fails", c("BenchmarkF", metric.ON), report.StatusFailed, "O(n^2)", "O(n)"},
		{"quadratic declared quadratic passes", c("BenchmarkF", metric.ON2), report.StatusPassed, "O(n^2)", "within O(n^2)"},
		{"linear declared linear passes", c("BenchmarkG", metric.ON), report.StatusPassed, "O(n)", "within O(n)"},
		{"linear declared constant fails", c("BenchmarkG", metric.O1), report.StatusFailed, "O(n)", ""},
		{"an iteration counter beats time", c("BenchmarkH", metric.ON), report.StatusPassed, "O(n)", "iterations/op"},
		{"no sizes", c("BenchmarkFlat", metric.ON), report.StatusUnmeasured, "", "n=<size>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rc := JudgeComplexity(tc.c, set, complexity.DefaultOptions)
			if rc.Status != tc.status {
				t.Fatalf("status %s, want %s (%s)", rc.Status, tc.status, rc.Reason)
			}
			if rc.Fitted != tc.fitted {
				t.Errorf("fitted %q, want %q", rc.Fitted, tc.fitted)
			}
			if !strings.Contains(rc.Reason, tc.reasonHas) {
				t.Errorf("reason %q does not say %q", rc.Reason, tc.reasonHas)
			}
			if rc.Bound != tc.c.Class.String() || rc.Threshold != float64(tc.c.Class) {
				t.Errorf("bound %q threshold %v, want %s", rc.Bound, rc.Threshold, tc.c.Class)
			}
			if tc.status != report.StatusUnmeasured && (rc.Measured == nil || rc.Exponent == nil) {
				t.Errorf("measured %v exponent %v: want both", rc.Measured, rc.Exponent)
			}
		})
	}
	if !HasSizes(set, pkg, "BenchmarkF") || HasSizes(set, pkg, "BenchmarkFlat") {
		t.Error("HasSizes wrong")
	}
}
