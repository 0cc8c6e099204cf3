package score_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/choragen/choragen/internal/report"
	"github.com/choragen/choragen/internal/score"
)

func contracts(statuses ...report.Status) []report.Contract {
	var cs []report.Contract
	for i, s := range statuses {
		cs = append(cs, report.Contract{ID: fmt.Sprintf("latency:x.F%d", i), Status: s})
	}
	return cs
}

const (
	pass  = report.StatusPassed
	fail  = report.StatusFailed
	unm   = report.StatusUnmeasured
	incon = report.StatusInconclusive
)

func TestDecide(t *testing.T) {
	regressed := report.Benchmark{Name: "BenchmarkHash", Unit: "sec/op", Baseline: report.Float(1),
		Change: report.Float(19.74), Regression: true}
	steady := report.Benchmark{Name: "BenchmarkHash", Unit: "B/op", Baseline: report.Float(1), Change: report.Float(0)}
	for _, tc := range []struct {
		name   string
		r      report.Report
		t      score.Thresholds
		strict bool
		want   []string // nil: passed
	}{
		{name: "empty report", t: score.DefaultThresholds},
		{name: "all passed", r: report.Report{Contracts: contracts(pass, pass)}, t: score.DefaultThresholds},
		{
			name: "one failed, none allowed",
			r:    report.Report{Contracts: contracts(pass, fail, pass, pass, pass, pass)},
			t:    score.Thresholds{MinScore: 80},
			want: []string{"1 contract failed: latency:x.F1"},
		},
		{
			name: "one failed, one allowed, score high enough",
			r:    report.Report{Contracts: contracts(pass, fail, pass, pass, pass, pass)},
			t:    score.Thresholds{MinScore: 80, MaxViolations: 1},
		},
		{
			name: "one failed, one allowed, score too low",
			r:    report.Report{Contracts: contracts(pass, fail)},
			t:    score.Thresholds{MinScore: 80, MaxViolations: 1},
			want: []string{"score 50 is under thresholds.minScore 80"},
		},
		{
			name: "more failed than allowed",
			r:    report.Report{Contracts: contracts(fail, fail, pass)},
			t:    score.Thresholds{MaxViolations: 1},
			want: []string{"2 contracts failed, more than the 1 allowed by thresholds.maxViolations: latency:x.F0, latency:x.F1"},
		},
		{
			name: "many failed: the first five named",
			r:    report.Report{Contracts: contracts(fail, fail, fail, fail, fail, fail, fail)},
			want: []string{"7 contracts failed: latency:x.F0, latency:x.F1, latency:x.F2, latency:x.F3, latency:x.F4 and 2 more"},
		},
		{
			name: "negative maxViolations is 0",
			r:    report.Report{Contracts: contracts(fail)},
			t:    score.Thresholds{MaxViolations: -3},
			want: []string{"1 contract failed: latency:x.F0"},
		},
		{
			name: "an unlisted violation is a failed contract",
			r: report.Report{Contracts: contracts(pass),
				Violations: []report.Violation{{ContractID: "latency:x.Pay"}, {ContractID: "latency:x.F0"}}},
			want: []string{"1 contract failed: latency:x.Pay"},
		},
		{
			name: "a regression fails even with a high score",
			r:    report.Report{Contracts: contracts(pass), Benchmarks: []report.Benchmark{regressed, steady}},
			t:    score.Thresholds{MinScore: 80},
			want: []string{"1 benchmark regression: BenchmarkHash sec/op +19.7%"},
		},
		{
			name: "unmeasured and inconclusive pass without strict",
			r:    report.Report{Contracts: contracts(pass, unm, incon)},
			t:    score.DefaultThresholds,
		},
		{
			name:   "strict fails on unmeasured and inconclusive",
			r:      report.Report{Contracts: contracts(pass, unm, incon)},
			t:      score.DefaultThresholds,
			strict: true,
			want:   []string{"strict: 2 contracts not judged (1 unmeasured, 1 inconclusive): latency:x.F1, latency:x.F2"},
		},
		{
			name:   "every cause, in order",
			r:      report.Report{Contracts: contracts(fail, pass, unm), Benchmarks: []report.Benchmark{regressed}},
			t:      score.Thresholds{MinScore: 80},
			strict: true,
			want: []string{
				"1 contract failed: latency:x.F0",
				"score 40 is under thresholds.minScore 80",
				"1 benchmark regression: BenchmarkHash sec/op +19.7%",
				"strict: 1 contract not judged (1 unmeasured, 0 inconclusive): latency:x.F2",
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			passed, reasons := score.Decide(&tc.r, tc.t, tc.strict)
			if passed != (tc.want == nil) || !slices.Equal(reasons, tc.want) {
				t.Errorf("Decide = %v, %q\nwant %v, %q", passed, reasons, tc.want == nil, tc.want)
			}
		})
	}
}

func TestApply(t *testing.T) {
	r := &report.Report{
		Contracts:  contracts(pass, pass, fail, unm),
		Benchmarks: []report.Benchmark{{Name: "B", Unit: "sec/op", Regression: true}},
		// Stale values, to be overwritten.
		Summary: report.Summary{Score: 100, ContractsPassed: 9},
		Passed:  true,
	}
	score.Apply(r, score.DefaultThresholds, false)
	want := report.Summary{ContractsPassed: 2, ContractsFailed: 1, ContractsUnmeasured: 1, Regressions: 1, Score: 56}
	if r.Summary != want {
		t.Errorf("Summary = %+v, want %+v", r.Summary, want)
	}
	if r.Passed || len(r.Reasons) != 3 {
		t.Errorf("Passed = %v, Reasons = %q; want failed for three reasons", r.Passed, r.Reasons)
	}
	// Applied again to a fixed report, it passes and clears the reasons.
	r.Contracts[2].Status = pass
	r.Benchmarks[0].Regression = false
	score.Apply(r, score.DefaultThresholds, false)
	if !r.Passed || r.Reasons != nil || r.Summary.Score != 100 {
		t.Errorf("after the fix: Passed = %v, Reasons = %q, score %v", r.Passed, r.Reasons, r.Summary.Score)
	}
}

// TestDecideMonotone checks that stricter settings never pass what looser
// ones fail, and that a worse report never passes where a better one
// failed, over seeded random reports.
func TestDecideMonotone(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for n := range 2000 {
		r := randomReport(rng)
		loose := score.Thresholds{MinScore: float64(rng.IntN(101)), MaxViolations: rng.IntN(4)}
		strict := score.Thresholds{MinScore: loose.MinScore + float64(rng.IntN(20)), MaxViolations: max(0, loose.MaxViolations-rng.IntN(2))}
		okLoose, _ := score.Decide(r, loose, false)
		okStrict, _ := score.Decide(r, strict, false)
		okStrictFlag, _ := score.Decide(r, loose, true)
		if !okLoose && (okStrict || okStrictFlag) {
			t.Fatalf("case %d: fails with %+v but passes with %+v or strict\n%+v", n, loose, strict, r)
		}
		worse := clone(r)
		worse.Contracts = append(worse.Contracts, report.Contract{ID: "new", Status: report.StatusFailed})
		if okWorse, _ := score.Decide(worse, loose, false); okWorse && !okLoose {
			t.Fatalf("case %d: one more failure turned a failure into a pass\n%+v", n, r)
		}
	}
}
