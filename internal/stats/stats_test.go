package stats

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"golang.org/x/perf/benchfmt"
)

// seq returns n values start, start+step, ... in a scrambled but fixed
// order (run order must not matter to the statistics).
func seq(n int, start, step float64) []float64 {
	vs := make([]float64, n)
	for i := range vs {
		vs[(i*7)%n] = start + float64(i)*step // 7 is prime to the sizes used
	}
	return vs
}

func scale(vs []float64, f float64) []float64 {
	out := make([]float64, len(vs))
	for i, v := range vs {
		out[i] = v * f
	}
	return out
}

func metadata(lines string) benchfmt.UnitMetadataMap {
	r := benchfmt.NewReader(strings.NewReader(lines), "units")
	for r.Scan() {
	}
	return r.Units()
}

func TestUnitOf(t *testing.T) {
	meta := metadata("Unit queries/op assume=exact better=lower\nUnit score better=higher\nUnit odd better=sideways\n")
	for _, tc := range []struct {
		unit   string
		better int
		exact  bool
	}{
		{"sec/op", -1, false},
		{"B/op", -1, false},
		{"allocs/op", -1, false},
		{"B/s", +1, false},
		{"queries/op", -1, true},
		{"score", +1, false},
		{"p99-sec/op", -1, false},
		{"cpu-sec/op", -1, false},
		{"peak-heap-B", -1, false},
		{"widgets/op", -1, false},
		{"items/s", +1, false},
		{"widgets", 0, false},
		{"odd", 0, false},
	} {
		u := UnitOf(tc.unit, meta)
		if u.Name != tc.unit || u.Better != tc.better || u.Exact != tc.exact {
			t.Errorf("UnitOf(%q) = %+v, want better %d exact %v", tc.unit, u, tc.better, tc.exact)
		}
	}
	if u := UnitOf("queries/op", nil); u.Exact || u.Better != -1 {
		t.Errorf("UnitOf without metadata = %+v, want inexact, lower is better", u)
	}
}

func TestSummarize(t *testing.T) {
	ns := Unit{Name: "sec/op", Better: -1}
	exact := Unit{Name: "queries/op", Better: -1, Exact: true}
	for _, tc := range []struct {
		name     string
		values   []float64
		unit     Unit
		center   float64
		finite   bool
		outliers int
		warn     string
	}{
		{name: "empty", values: nil, unit: ns, center: math.NaN(), warn: "no samples"},
		{name: "five samples have no interval", values: seq(5, 10, 1), unit: ns, center: 12, warn: "need >= 6 samples for confidence interval at level 0.95"},
		{name: "six samples", values: seq(6, 10, 1), unit: ns, center: 12.5, finite: true},
		{name: "an outlier is counted and the median holds", values: []float64{10, 11, 10, 12, 500, 11, 10, 11}, unit: ns, center: 11, finite: true, outliers: 1},
		{name: "exact", values: []float64{3, 3, 3, 3, 3, 3}, unit: exact, center: 3, finite: true},
		{name: "exact values that vary", values: []float64{3, 3, 4, 3, 3, 3}, unit: exact, center: 3, finite: true, outliers: 1, warn: "exact distribution expected, but values range from 3 to 4"},
		{name: "NaN is left out", values: []float64{1, 2, math.NaN(), 3, 4, 5, 6}, unit: ns, center: 3.5, finite: true, warn: "left out 1 values that are not finite numbers"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := slices.Clone(tc.values)
			s := Summarize(tc.values, tc.unit)
			if !slices.EqualFunc(before, tc.values, func(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }) {
				t.Errorf("Summarize changed its input: %v, was %v", tc.values, before)
			}
			if s.Center != tc.center && !(math.IsNaN(s.Center) && math.IsNaN(tc.center)) {
				t.Errorf("Center = %v, want %v", s.Center, tc.center)
			}
			if s.Finite() != tc.finite {
				t.Errorf("interval [%v, %v] finite = %v, want %v", s.Lo, s.Hi, s.Finite(), tc.finite)
			}
			if s.Finite() && !(s.Lo <= s.Center && s.Center <= s.Hi && s.Confidence >= Confidence) {
				t.Errorf("interval [%v, %v] at %v does not hold the centre %v at level %v", s.Lo, s.Hi, s.Confidence, s.Center, Confidence)
			}
			if s.Outliers != tc.outliers {
				t.Errorf("Outliers = %d, want %d", s.Outliers, tc.outliers)
			}
			if got := joinErrs(s.Warnings); !strings.Contains(got, tc.warn) || (tc.warn == "") != (got == "") {
				t.Errorf("Warnings = %q, want %q", got, tc.warn)
			}
		})
	}
	if s := Summarize(nil, ns); !errors.Is(s.Warnings[0], ErrNoSamples) {
		t.Errorf("empty summary warning %v, want ErrNoSamples", s.Warnings)
	}
}

func joinErrs(errs []error) string {
	var s []string
	for _, e := range errs {
		s = append(s, e.Error())
	}
	return strings.Join(s, "; ")
}

func TestPercentile(t *testing.T) {
	for _, tc := range []struct {
		name   string
		values []float64
		p      float64
		center float64
		finite bool
		warn   string
	}{
		// The R8 sample quantile of 1…N at q is 1/3 + q·(N + 1/3):
		// 990.66 for q = 0.99 and N = 1000.
		{name: "p99 of 1000", values: seq(1000, 1, 1), p: 99, center: 990.663, finite: true},
		{name: "p50 of 1000", values: seq(1000, 1, 1), p: 50, center: 500.5, finite: true},
		{name: "p99 of 100 has no upper bound", values: seq(100, 1, 1), p: 99, center: 99.663, warn: "need >= 441 samples for a confidence interval of p99 at level 0.95"},
		{name: "p95 of 90", values: seq(90, 1, 1), p: 95, center: 86.15, finite: true},
		{name: "empty", values: nil, p: 99, center: math.NaN(), warn: "no samples"},
		{name: "p out of range", values: seq(10, 1, 1), p: 100, center: math.NaN(), warn: "percentile 100: want more than 0 and less than 100"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := Percentile(tc.values, tc.p)
			if math.Abs(s.Center-tc.center) > 0.01 && !(math.IsNaN(s.Center) && math.IsNaN(tc.center)) {
				t.Errorf("Center = %v, want %v", s.Center, tc.center)
			}
			if s.Finite() != tc.finite {
				t.Errorf("interval [%v, %v] finite = %v, want %v", s.Lo, s.Hi, s.Finite(), tc.finite)
			}
			if s.Finite() {
				// The bounds are order statistics of the sample.
				if !slices.Contains(tc.values, s.Lo) || !slices.Contains(tc.values, s.Hi) || s.Lo > s.Center || s.Center > s.Hi {
					t.Errorf("interval [%v, %v] around %v: want sample values around the centre", s.Lo, s.Hi, s.Center)
				}
			}
			if got := joinErrs(s.Warnings); !strings.Contains(got, tc.warn) || (tc.warn == "") != (got == "") {
				t.Errorf("Warnings = %q, want %q", got, tc.warn)
			}
		})
	}
}

func TestSamplesForPercentile(t *testing.T) {
	for _, tc := range []struct {
		p    float64
		tail int
		want int
	}{
		{95, 10, 200},
		{99, 10, 1000},
		{99.9, 10, 10000},
		{99, 1, 441}, // the interval needs more than one sample above p99
		{50, 1, 6},   // benchmath's 6 for the median
		{0, 10, 0},
		{100, 10, 0},
	} {
		got := SamplesForPercentile(tc.p, tc.tail)
		if got != tc.want {
			t.Errorf("SamplesForPercentile(%v, %d) = %d, want %d", tc.p, tc.tail, got, tc.want)
		}
		if got == 0 {
			continue
		}
		// What it promises: a finite interval from that many samples on,
		// and at least tail samples above the percentile.
		for _, n := range []int{got, got + 1, got + 7} {
			vs := seq(n, 1, 1)
			s := Percentile(vs, tc.p)
			above := 0
			for _, v := range vs {
				if v > s.Center {
					above++
				}
			}
			if !s.Finite() || above < tc.tail {
				t.Errorf("p%v of %d samples: interval [%v, %v], %d above; want finite and >= %d above", tc.p, n, s.Lo, s.Hi, above, tc.tail)
			}
		}
	}
}

func TestCompare(t *testing.T) {
	ns := Unit{Name: "sec/op", Better: -1}
	rate := Unit{Name: "B/s", Better: +1}
	unknown := Unit{Name: "widgets"}
	exact := Unit{Name: "queries/op", Better: -1, Exact: true}
	base := seq(10, 100, 0.1) // 100 … 100.9: 1% spread
	type want struct {
		significant, regression, improvement bool
		change                               float64
		warn                                 string
	}
	for _, tc := range []struct {
		name       string
		base, head []float64
		unit       Unit
		want       want
	}{
		{"+20% is a regression", base, scale(base, 1.2), ns, want{significant: true, regression: true, change: 20}},
		{"+4% is significant but under the threshold", base, scale(base, 1.04), ns, want{significant: true, change: 4}},
		{"A/A is nothing", base, seq(10, 100, 0.1), ns, want{}},
		{"overlapping noise is nothing", base, seq(10, 100.05, 0.1), ns, want{change: 0.05}},
		{"-20% is an improvement", base, scale(base, 0.8), ns, want{significant: true, improvement: true, change: -20}},
		{"a rate that falls is a regression", base, scale(base, 0.8), rate, want{significant: true, regression: true, change: -20}},
		{"unknown direction is never a regression", base, scale(base, 1.5), unknown, want{significant: true, change: 50, warn: "unknown whether higher or lower is better"}},
		{"three samples cannot reach alpha", base[:3], scale(base[:3], 1.5), ns, want{change: 50, warn: "need >= 4 samples to detect a difference at alpha level 0.05"}},
		{"exact counts: one more query in two", []float64{2, 2, 2, 2, 2, 2}, []float64{3, 3, 3, 3, 3, 3}, exact, want{significant: true, regression: true, change: 50}},
		{"exact counts that agree", []float64{2, 2, 2}, []float64{2, 2, 2}, exact, want{}},
		{"no base", nil, base, ns, want{change: math.NaN(), warn: "no samples"}},
		{"zero base", []float64{0, 0, 0, 0, 0, 0}, []float64{1, 1, 1, 1, 1, 1}, exact, want{significant: true, regression: true, change: math.Inf(1)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bb, hb := slices.Clone(tc.base), slices.Clone(tc.head)
			c := Compare(tc.base, tc.head, tc.unit, 10, 0.05)
			if !slices.Equal(bb, tc.base) || !slices.Equal(hb, tc.head) {
				t.Errorf("Compare changed its inputs")
			}
			if c.Significant != tc.want.significant || c.Regression != tc.want.regression || c.Improvement != tc.want.improvement {
				t.Errorf("significant %v regression %v improvement %v (p=%v, change %.2f%%); want %v %v %v",
					c.Significant, c.Regression, c.Improvement, c.P, c.Change, tc.want.significant, tc.want.regression, tc.want.improvement)
			}
			if !(math.Abs(c.Change-tc.want.change) < 0.5 || (math.IsNaN(c.Change) && math.IsNaN(tc.want.change)) || c.Change == tc.want.change) {
				t.Errorf("Change = %v, want about %v", c.Change, tc.want.change)
			}
			if got := joinErrs(c.Warnings); !strings.Contains(got, tc.want.warn) {
				t.Errorf("Warnings = %q, want %q", got, tc.want.warn)
			}
			if c.Regression && c.Improvement {
				t.Errorf("both a regression and an improvement")
			}
			if c.Base.N != len(tc.base) || c.Head.N != len(tc.head) || c.Alpha != 0.05 || c.Threshold != 10 {
				t.Errorf("N %d/%d alpha %v threshold %v", c.Base.N, c.Head.N, c.Alpha, c.Threshold)
			}
		})
	}
}

// TestCompareThresholdMonotone: raising the threshold never creates a
// regression, and lowering alpha never does either.
func TestCompareThresholdMonotone(t *testing.T) {
	ns := Unit{Name: "sec/op", Better: -1}
	base := seq(8, 100, 0.5)
	for _, f := range []float64{0.9, 0.97, 1.0, 1.03, 1.08, 1.15, 1.5} {
		head := scale(base, f)
		prev := true
		for _, th := range []float64{0, 2, 5, 10, 20, 60} {
			r := Compare(base, head, ns, th, 0.05).Regression
			if r && !prev {
				t.Errorf("×%v: regression at threshold %v but not at a lower one", f, th)
			}
			prev = r
		}
		prev = true
		for _, alpha := range []float64{0.1, 0.05, 0.01, 0.001, 0.0001} {
			r := Compare(base, head, ns, 5, alpha).Regression
			if r && !prev {
				t.Errorf("×%v: regression at alpha %v but not at a larger one", f, alpha)
			}
			prev = r
		}
	}
}
