package verdict

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/perf/benchfmt"

	"github.com/choragen/choragen/internal/metric"
	"github.com/choragen/choragen/internal/report"
	"github.com/choragen/choragen/internal/sample"
)

// set reads benchmark-format text into a sample set.
func set(t *testing.T, text string) *sample.Set {
	t.Helper()
	s := sample.New(0)
	r := benchfmt.NewReader(strings.NewReader(text), "test")
	for r.Scan() {
		switch rec := r.Result().(type) {
		case *benchfmt.Result:
			s.Add(rec)
		case *benchfmt.UnitMetadata:
			s.AddUnits(benchfmt.UnitMetadataMap{rec.UnitMetadataKey: rec})
		case *benchfmt.SyntaxError:
			t.Fatal(rec)
		}
	}
	return s
}

// lines repeats a benchmark line n times with the values vals cycling.
func lines(name string, n int, unit string, vals ...float64) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%s-2 100 %g %s\n", name, vals[i%len(vals)], unit)
	}
	return b.String()
}

const pkg = "example.com/p"

func contract(m metric.Metric, max, p float64) Contract {
	return Contract{Metric: m, Target: pkg + ".F", Relative: "p.F", Package: pkg, Threshold: max, Percentile: p, Benchmark: "BenchmarkF", Source: "p.go:3", Origin: "directive"}
}

func TestJudge(t *testing.T) {
	runs := set(t, "pkg: "+pkg+"\n"+
		lines("BenchmarkF/n=10", 6, "ns/op", 1000, 1100, 900)+ // 1µs
		lines("BenchmarkF/n=100", 6, "ns/op", 5000, 5200, 4800)+ // 5µs: the worst
		lines("BenchmarkF/n=10", 6, "allocs/op", 3)+
		lines("BenchmarkF/n=100", 6, "allocs/op", 3)+
		lines("BenchmarkG", 3, "ns/op", 10))
	// Per-call samples: 99 fast calls of 1µs and 1 slow one of 5ms in every
	// hundred: the mean is small, the p99 is not.
	var calls strings.Builder
	calls.WriteString("pkg: " + pkg + "\n")
	for i := range 1000 {
		v := 1000.0
		if i%100 == 99 || i%100 == 98 {
			v = 5e6
		}
		fmt.Fprintf(&calls, "BenchmarkF-2 1 %g ns/op\n", v)
	}
	perCall := set(t, calls.String())
	m := Measurements{Runs: runs, PerCall: perCall, Failed: map[string]string{FailedKey(pkg, "BenchmarkBroken"): "panic: boom"}}

	for _, tc := range []struct {
		name      string
		c         Contract
		status    report.Status
		measured  float64 // -1: none
		decidedBy string
		reasonHas string
	}{
		{"mean passes, worst sub-benchmark decides", contract(metric.Latency, 0.01, 0), report.StatusPassed, 0.005, "BenchmarkF/n=100", "≤ 10µs"},
		{"mean fails", contract(metric.Latency, 0.002, 0), report.StatusFailed, 0.005, "BenchmarkF/n=100", "5µs > 2µs"},
		{"p99 from per-call samples fails", contract(metric.Latency, 1, 99), report.StatusFailed, 5, "", "1000 calls"},
		{"p50 from per-call samples passes", contract(metric.Latency, 1, 50), report.StatusPassed, 0.001, "", "p50"},
		{"allocs pass", contract(metric.Allocs, 3, 0), report.StatusPassed, 3, "BenchmarkF/n=10", ""},
		{"allocs fail", contract(metric.Allocs, 2, 0), report.StatusFailed, 3, "BenchmarkF/n=10", "3 allocs > 2 allocs"},
		{"no benchmark", func() Contract { c := contract(metric.Latency, 1, 0); c.Benchmark = ""; return c }(), report.StatusUnmeasured, -1, "", "add BenchmarkF"},
		{"benchmark failed", func() Contract { c := contract(metric.Latency, 1, 0); c.Benchmark = "BenchmarkBroken"; return c }(), report.StatusUnmeasured, -1, "", "panic: boom"},
		{"metric not reported", contract(metric.Queries, 1, 0), report.StatusUnmeasured, -1, "", "queries/op"},
		{"too few repetitions", func() Contract { c := contract(metric.Latency, 1, 0); c.Benchmark = "BenchmarkG"; return c }(), report.StatusUnmeasured, -1, "", "too few samples"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rc := Judge(tc.c, m)
			if rc.Status != tc.status {
				t.Fatalf("status %s, want %s (%s)", rc.Status, tc.status, rc.Reason)
			}
			if tc.measured >= 0 {
				if rc.Measured == nil || !close(*rc.Measured, tc.measured) {
					t.Errorf("measured %v, want %v", rc.Measured, tc.measured)
				}
			} else if rc.Measured != nil {
				t.Errorf("measured %v for an unmeasured contract", *rc.Measured)
			}
			if rc.DecidedBy != tc.decidedBy {
				t.Errorf("decided by %q, want %q", rc.DecidedBy, tc.decidedBy)
			}
			if !strings.Contains(rc.Reason, tc.reasonHas) {
				t.Errorf("reason %q does not say %q", rc.Reason, tc.reasonHas)
			}
			if rc.ID != tc.c.ID() || rc.Source != "p.go:3" || rc.Benchmark != tc.c.Benchmark {
				t.Errorf("contract fields lost: %+v", rc)
			}
		})
	}
}

// TestPercentileFromBenchmark: a benchmark that reports p99-ns/op itself
// (perftest) is judged on it, not on per-call runs.
func TestPercentileFromBenchmark(t *testing.T) {
	runs := set(t, "pkg: "+pkg+"\n"+lines("BenchmarkF", 6, "p99-ns/op", 2e6, 2.1e6, 1.9e6))
	rc := Judge(contract(metric.Latency, 1, 99), Measurements{Runs: runs})
	if rc.Status != report.StatusFailed || rc.Measured == nil || !close(*rc.Measured, 2) {
		t.Fatalf("got %s %v (%s), want failed at 2ms", rc.Status, rc.Measured, rc.Reason)
	}
	// Without it and without per-call runs, a percentile is never judged
	// from a mean.
	runs = set(t, "pkg: "+pkg+"\n"+lines("BenchmarkF", 6, "ns/op", 10))
	if rc := Judge(contract(metric.Latency, 1, 99), Measurements{Runs: runs}); rc.Status != report.StatusUnmeasured {
		t.Fatalf("got %s (%s), want unmeasured", rc.Status, rc.Reason)
	}
}

func TestTooFewCalls(t *testing.T) {
	perCall := set(t, "pkg: "+pkg+"\n"+lines("BenchmarkF", 50, "ns/op", 10))
	rc := Judge(contract(metric.Latency, 1, 99), Measurements{Runs: sample.New(0), PerCall: perCall})
	if rc.Status != report.StatusUnmeasured || !strings.Contains(rc.Reason, "calls") {
		t.Fatalf("got %s (%s), want unmeasured for too few calls", rc.Status, rc.Reason)
	}
}

func TestFormatValue(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		unit string
		want string
	}{
		{0.000695, "ms", "695ns"},
		{0.0229, "ms", "22.9µs"},
		{9.83, "ms", "9.83ms"},
		{1500, "ms", "1.5s"},
		{64, "B", "64B"},
		{65536, "B", "64KiB"},
		{4.429 * (1 << 20), "B", "4.43MiB"},
		{2, "class", "O(n)"},
		{3, "allocs", "3 allocs"},
		{1, "queries", "1 query"},
		{21, "queries", "21 queries"},
		{41, "depth", "41 levels"},
	} {
		if got := FormatValue(tc.v, tc.unit); got != tc.want {
			t.Errorf("FormatValue(%v, %q) = %q, want %q", tc.v, tc.unit, got, tc.want)
		}
	}
}

func TestConventionalName(t *testing.T) {
	for target, want := range map[string]string{
		"example.com/p.F":                 "BenchmarkF",
		"example.com/p.(*DB).Get":         "BenchmarkDB_Get",
		"example.com/p.T.M":               "BenchmarkT_M",
		"example.com/p.(*List[...]).Push": "BenchmarkList_Push",
	} {
		if got := conventionalName(target); got != want {
			t.Errorf("conventionalName(%q) = %q, want %q", target, got, want)
		}
	}
}

func close(a, b float64) bool { return a == b || (a-b)/b < 1e-9 && (b-a)/b < 1e-9 }
