// Package stats summarizes and compares benchmark samples: the centre of a
// sample with its confidence interval, a percentile with its interval, and
// the regression rule of choragen's verdicts. It is a thin layer over
// golang.org/x/perf/benchmath, the code behind benchstat, and its numbers
// are benchstat's digit for digit.
//
// The steps: a Unit says how to treat a unit's values (UnitOf reads the
// run's unit metadata); Summarize gives a sample's median (or, for exact
// units, its mode) with a distribution-free interval; Percentile gives a
// sample quantile with its interval; Compare tests two samples and applies
// the rule: a regression is a change in the worse direction that is
// statistically significant (Mann-Whitney U at alpha) and larger than the
// threshold.
//
// Too little data shows as an infinite interval and a warning, never as a
// tight answer: benchmath needs at least 6 samples for a finite 95%
// interval of the median, and at least 4 per side before the U test can
// reach p ≤ 0.05 at all. The verdict stage reads an infinite interval as
// "unmeasured".
package stats

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/aclements/go-moremath/stats"
	"golang.org/x/perf/benchmath"
)

// Confidence is the confidence level of every interval: 0.95, benchstat's
// default.
const Confidence = 0.95

// The defaults of choragen's regression rule (DESIGN.md, "Verdicts"): a
// change is significant at alpha 0.05 and must exceed 10%.
const (
	DefaultAlpha        = 0.05
	DefaultThresholdPct = 10
)

// ErrNoSamples is the warning of a summary of an empty sample.
var ErrNoSamples = errors.New("no samples")

// Summary is the centre of a sample and its confidence interval.
type Summary struct {
	// Center is the median (AssumeNothing), the mode (exact units) or
	// the sample quantile (Percentile).
	Center float64
	// Lo and Hi bound the confidence interval; they are infinite when
	// the sample is too small for one.
	Lo, Hi float64
	// Confidence is the interval's actual confidence level, at least
	// Confidence (1 for exact units).
	Confidence float64
	// N is the number of samples.
	N int
	// Outliers counts samples outside Tukey's fences (1.5 interquartile
	// ranges beyond the quartiles). They are counted, never dropped:
	// the median and the rank test are robust to them.
	Outliers int
	// Warnings say why the summary may mislead (too few samples, exact
	// values that vary).
	Warnings []error
}

// Finite reports whether the interval is finite, that is whether there
// were enough samples to bound the centre.
func (s Summary) Finite() bool {
	return !math.IsInf(s.Lo, 0) && !math.IsInf(s.Hi, 0) && !math.IsNaN(s.Center)
}

// PctRange returns the interval's half-width relative to the centre, as
// benchstat prints it ("3%", "∞").
func (s Summary) PctRange() string {
	return benchmath.Summary{Center: s.Center, Lo: s.Lo, Hi: s.Hi}.PctRangeString()
}

func (s Summary) String() string {
	return fmt.Sprintf("%.4g ± %s (n=%d)", s.Center, s.PctRange(), s.N)
}

// assumption returns benchmath's assumption for the unit.
func (u Unit) assumption() benchmath.Assumption {
	if u.Exact {
		return benchmath.AssumeExact
	}
	return benchmath.AssumeNothing
}

// newSample copies values, leaving out NaN and infinities, and sorts the
// copy (benchmath.NewSample sorts in place; callers keep run order).
func newSample(values []float64, alpha float64) (*benchmath.Sample, error) {
	vs := make([]float64, 0, len(values))
	for _, v := range values {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			vs = append(vs, v)
		}
	}
	var warn error
	if n := len(values) - len(vs); n > 0 {
		warn = fmt.Errorf("left out %d values that are not finite numbers", n)
	}
	return benchmath.NewSample(vs, &benchmath.Thresholds{CompareAlpha: alpha}), warn
}

// Summarize returns the centre of values and its confidence interval:
// the median with a distribution-free (order-statistic) interval, or for
// exact units the mode with the range as its interval. values is not
// modified.
func Summarize(values []float64, unit Unit) Summary {
	s, warn := newSample(values, benchmath.DefaultThresholds.CompareAlpha)
	sum := summarize(s, unit)
	if warn != nil {
		sum.Warnings = append(sum.Warnings, warn)
	}
	return sum
}

func summarize(s *benchmath.Sample, unit Unit) Summary {
	if len(s.Values) == 0 {
		return Summary{Center: math.NaN(), Lo: math.Inf(-1), Hi: math.Inf(1), Warnings: []error{ErrNoSamples}}
	}
	b := unit.assumption().Summary(s, Confidence)
	return Summary{
		Center: b.Center, Lo: b.Lo, Hi: b.Hi, Confidence: b.Confidence,
		N: len(s.Values), Outliers: outliers(s.Values), Warnings: b.Warnings,
	}
}

// outliers counts the values of a sorted sample outside Tukey's fences.
func outliers(sorted []float64) int {
	if len(sorted) < 4 {
		return 0
	}
	s := stats.Sample{Xs: sorted, Sorted: true}
	q1, q3 := s.Quantile(0.25), s.Quantile(0.75)
	lo, hi := q1-1.5*(q3-q1), q3+1.5*(q3-q1)
	n := 0
	for _, v := range sorted {
		if v < lo || v > hi {
			n++
		}
	}
	return n
}

// Percentile returns the p-th percentile (0 < p < 100) of values, the
// sample quantile, with a distribution-free confidence interval from the
// binomial distribution of order statistics (go-moremath's QuantileCI, the
// function benchmath uses for the median). The interval is infinite, with
// a warning saying how many samples it needs, when there are too few
// samples on either side of the percentile.
func Percentile(values []float64, p float64) Summary {
	s, warn := newSample(values, benchmath.DefaultThresholds.CompareAlpha)
	var sum Summary
	switch n := len(s.Values); {
	case p <= 0 || p >= 100 || math.IsNaN(p):
		sum = Summary{Center: math.NaN(), Lo: math.Inf(-1), Hi: math.Inf(1), N: n,
			Warnings: []error{fmt.Errorf("percentile %v: want more than 0 and less than 100", p)}}
	case n == 0:
		sum = Summary{Center: math.NaN(), Lo: math.Inf(-1), Hi: math.Inf(1), Warnings: []error{ErrNoSamples}}
	default:
		ci := stats.QuantileCI(n, p/100, Confidence)
		q, lo, hi := ci.SampleCI(stats.Sample{Xs: s.Values, Sorted: true})
		sum = Summary{Center: q, Lo: lo, Hi: hi, Confidence: ci.Confidence, N: n, Outliers: outliers(s.Values)}
		if math.IsInf(lo, 0) || math.IsInf(hi, 0) {
			sum.Warnings = append(sum.Warnings, fmt.Errorf("need >= %d samples for a confidence interval of p%v at level %v",
				finiteQuantileCI(p/100), p, Confidence))
		}
	}
	if warn != nil {
		sum.Warnings = append(sum.Warnings, warn)
	}
	return sum
}

// SamplesForPercentile returns how many per-call samples the p-th
// percentile needs: enough that at least tail samples lie above it
// (S ≥ tail / (1 − p/100)), and enough for a finite confidence interval.
// With tail = 10: 200 samples for p95, 1,000 for p99.
func SamplesForPercentile(p float64, tail int) int {
	if p <= 0 || p >= 100 || math.IsNaN(p) {
		return 0
	}
	// Round away float noise first: 10/(1-0.999) is 10000.0000000006.
	s := int(math.Ceil(math.Round(float64(tail)*100/(100-p)*1e6) / 1e6))
	return max(s, finiteQuantileCI(p/100))
}

// finiteQuantileCI returns the sample size from which on the confidence
// interval of quantile q is finite on both sides.
func finiteQuantileCI(q float64) int {
	const limit = 10_000_000
	finite := func(n int) bool {
		ci := stats.QuantileCI(n, q, Confidence)
		return ci.LoOrder >= 1 && ci.HiOrder <= n
	}
	// Finiteness is nearly monotone in n: search doubling, bisect, then
	// step over the few sizes above where the normal approximation's
	// rounding makes the interval infinite again.
	hi := 2
	for !finite(hi) {
		if hi >= limit {
			return limit
		}
		hi *= 2
	}
	lo := hi / 2
	for lo+1 < hi {
		mid := (lo + hi) / 2
		if finite(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	need := hi
	for n := hi; n <= 2*hi+10; n++ {
		if !finite(n) {
			need = n + 1
		}
	}
	return need
}

// Comparison is the comparison of a base and a head sample of one unit.
type Comparison struct {
	Base, Head Summary
	// Change is the change of the centre in percent, (head/base − 1)·100:
	// positive when the head's value is larger, whichever direction is
	// better.
	Change float64
	// P is the p-value of the two-sided Mann-Whitney U test (0 for exact
	// units, whose values are not a distribution).
	P float64
	// Alpha and Threshold are the significance level and the threshold
	// (percent) the verdict used.
	Alpha, Threshold float64
	// Significant: the samples differ, P ≤ Alpha (for exact units, the
	// values differ).
	Significant bool
	// Regression: significant, in the worse direction, and larger than
	// Threshold. Improvement: the same in the better direction.
	Regression, Improvement bool
	// Warnings joins the summaries' warnings and the test's.
	Warnings []error
}

// Compare compares head with base. A regression is a change in the worse
// direction (by unit.Better) that is statistically significant (benchmath's
// Mann-Whitney U test at alpha, 0.05 by choragen's rule) and larger than
// thresholdPct percent; an improvement is the same in the better direction.
// Noise alone never makes a regression: with too few samples the test
// cannot reach alpha, and the warnings say so. Neither slice is modified.
func Compare(base, head []float64, unit Unit, thresholdPct, alpha float64) Comparison {
	bs, bwarn := newSample(base, alpha)
	hs, hwarn := newSample(head, alpha)
	c := Comparison{
		Base: summarize(bs, unit), Head: summarize(hs, unit),
		Alpha: alpha, Threshold: thresholdPct, P: 1,
	}
	c.Warnings = appendUnique(c.Warnings, c.Base.Warnings...)
	c.Warnings = appendUnique(c.Warnings, c.Head.Warnings...)
	for _, w := range []error{bwarn, hwarn} {
		if w != nil {
			c.Warnings = appendUnique(c.Warnings, w)
		}
	}
	if len(bs.Values) == 0 || len(hs.Values) == 0 {
		c.Change = math.NaN()
		return c
	}
	c.Change = change(c.Base.Center, c.Head.Center)
	cmp := unit.assumption().Compare(bs, hs)
	c.P = cmp.P
	c.Warnings = appendUnique(c.Warnings, cmp.Warnings...)
	if unit.Exact {
		c.Significant = c.Base.Center != c.Head.Center
	} else {
		c.Significant = cmp.P <= alpha
	}
	if !c.Significant || math.Abs(c.Change) <= thresholdPct {
		return c
	}
	switch worse := c.Change > 0; {
	case unit.Better == 0:
		c.Warnings = appendUnique(c.Warnings, fmt.Errorf("unit %s: unknown whether higher or lower is better (add a line `Unit %s better=lower`)", unit.Name, unit.Name))
	case worse == (unit.Better < 0):
		c.Regression = true
	default:
		c.Improvement = true
	}
	return c
}

// Test returns the test's p-value and sample sizes as benchstat prints
// them: "p=0.002 n=10" ("n=10" alone for exact units).
func (c Comparison) Test() string { return c.benchmath().String() }

func (c Comparison) benchmath() benchmath.Comparison {
	return benchmath.Comparison{P: c.P, N1: c.Base.N, N2: c.Head.N, Alpha: c.Alpha}
}

// change returns (head/base − 1)·100, with 0 for 0 → 0 and ±Inf from 0.
func change(base, head float64) float64 {
	switch {
	case base == head:
		return 0
	case base == 0:
		return math.Copysign(math.Inf(1), head)
	}
	return (head/base - 1) * 100
}

func appendUnique(list []error, errs ...error) []error {
	for _, e := range errs {
		if !slices.ContainsFunc(list, func(x error) bool { return x.Error() == e.Error() }) {
			list = append(list, e)
		}
	}
	return list
}
