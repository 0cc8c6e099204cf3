//go:build acceptance

package stats

import (
	"context"
	"testing"

	"github.com/choragen/choragen/internal/gotest"
	"github.com/choragen/choragen/internal/sample"
)

// TestAcceptancePercentileNotMean runs a benchmark whose every tenth call
// sleeps 5ms, both ways: the mean per call of ordinary repetitions is
// about 0.5ms, while per-call samples put p95 at 5ms or more. A p95
// contract of 1ms must fail although the mean is within it.
func TestAcceptancePercentileNotMean(t *testing.T) {
	const dir = "../gotest/testdata/benchmod"
	const budget = 1e-3 // 1ms

	perCall, err := gotest.Bench(context.Background(), gotest.Options{
		Dir: dir, Packages: []string{"./spiky"}, Mode: gotest.PerCall, Count: SamplesForPercentile(95, 10) + 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	s := sample.FromResults(perCall.Results(), perCall.Units, 1)
	k := sample.Key{Package: "example.com/benchmod/spiky", Name: "BenchmarkSpiky", Procs: s.Config.GOMAXPROCS, Unit: "sec/op"}
	p95 := Percentile(s.Values(k), 95)
	median := Summarize(s.Values(k), UnitOf("sec/op", s.Units))
	t.Logf("per call: %d samples, p95 %.3gs [%.3g, %.3g], median %.3gs", p95.N, p95.Center, p95.Lo, p95.Hi, median.Center)
	if !p95.Finite() || p95.Lo < 5e-3 {
		t.Errorf("p95 = %.3gs in [%.3g, %.3g], want a finite interval at or above the 5ms sleep", p95.Center, p95.Lo, p95.Hi)
	}
	if median.Center > budget {
		t.Errorf("median single call %.3gs, want well under %v (nine calls in ten return at once)", median.Center, budget)
	}

	mean, err := gotest.Bench(context.Background(), gotest.Options{
		Dir: dir, Packages: []string{"./spiky"}, Count: 6, Benchtime: "100x",
	})
	if err != nil {
		t.Fatal(err)
	}
	m := sample.FromResults(mean.Results(), mean.Units, 0)
	ms := Summarize(m.Values(k), UnitOf("sec/op", m.Units))
	t.Logf("mean per call: %.3gs [%.3g, %.3g]", ms.Center, ms.Lo, ms.Hi)
	if ms.Center > budget || ms.Center < 0.4e-3 {
		t.Errorf("mean per call %.3gs, want about 0.5ms: within the 1ms budget that p95 breaks", ms.Center)
	}
}
