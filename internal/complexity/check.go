package complexity

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/choragen/choragen/internal/metric"
)

// Status is a check's verdict. The values are spelled as the report spells
// a contract's status; the package keeps its own type so that it imports
// nothing heavier than internal/metric (perftest builds it into users'
// tests).
type Status string

// The verdicts of a check.
const (
	// Passed: the data are consistent with the bound, with confidence.
	Passed Status = "passed"
	// Failed: the data rule the bound out, with confidence.
	Failed Status = "failed"
	// Inconclusive: the data cannot decide; Result.Reason says why and
	// Result.Fix what would.
	Inconclusive Status = "inconclusive"
)

// Point is the measurements at one input size: its repetitions, each a
// cost per operation (seconds, nanoseconds, allocations, queries, ...; any
// unit, the same at every size).
type Point struct {
	N      float64
	Values []float64
}

// Options tune a check. The zero value means the defaults of
// [DefaultOptions]; callers copy DefaultOptions and change what they need.
type Options struct {
	// Exact says the values are deterministic counts (allocations, queries,
	// loop iterations) rather than times: zero is a valid value and no
	// measurement noise is assumed.
	Exact bool
	// MinSizes is the fewest distinct sizes that can decide (default 4).
	MinSizes int
	// MinSpan is the smallest ratio of the largest size to the smallest
	// that can decide (default 8).
	MinSpan float64
	// Confidence is the confidence of the exponent intervals and the
	// family-wise confidence of the model comparison (default 0.95).
	Confidence float64
	// Tolerance is how far, in log-log exponent, growth may exceed the
	// bound's own exponent before the bound can fail (default 0.6). Caches
	// raise an honest function's growth by up to about half a degree over
	// a segment (a shuffled linked list walked at n=16384…65536 grows as
	// n^1.58 on the development VM), while growth a degree above the bound
	// shows at least 0.8 more; 0.6 sits between.
	Tolerance float64
	// Resamples is the number of bootstrap resamples (default 1000).
	Resamples int
	// Seed seeds the bootstrap, so that a check is reproducible.
	Seed uint64
	// NoiseFix is what the Fix of a verdict left inconclusive by noisy
	// data suggests before adding sizes; by default more repetitions or a
	// longer -benchtime, as the engine runs benchmarks. A caller that
	// measures otherwise (perftest) names its own remedy.
	NoiseFix string
}

// DefaultOptions are the documented defaults.
var DefaultOptions = Options{MinSizes: 4, MinSpan: 8, Confidence: 0.95, Tolerance: 0.6, Resamples: 1000,
	NoiseFix: "rerun with more repetitions (-count 10) or a longer -benchtime"}

func (o Options) withDefaults() Options {
	d := DefaultOptions
	if o.MinSizes <= 0 {
		o.MinSizes = d.MinSizes
	}
	o.MinSizes = max(o.MinSizes, 2)
	if !(o.MinSpan > 1) || math.IsInf(o.MinSpan, 0) {
		o.MinSpan = d.MinSpan
	}
	if !(o.Confidence > 0 && o.Confidence < 1) {
		o.Confidence = d.Confidence
	}
	if !(o.Tolerance > 0) || math.IsInf(o.Tolerance, 0) {
		o.Tolerance = d.Tolerance
	}
	if o.Resamples <= 0 {
		o.Resamples = d.Resamples
	}
	o.Resamples = max(o.Resamples, 100)
	if o.NoiseFix == "" {
		o.NoiseFix = d.NoiseFix
	}
	return o
}

// Result is a check's verdict and the evidence behind it.
type Result struct {
	// Status is passed, failed or inconclusive (never unmeasured: no data
	// is inconclusive here; the caller decides whether to say unmeasured).
	Status Status
	// Fitted is the class that best describes the data (least AIC, the
	// simpler class when two are within 2 AIC units, or the class an exact
	// counter fits exactly). Over a short range with caches it can sit above
	// the true class; the verdict does not rest on it alone.
	Fitted metric.Class
	// Exponent is the log-log slope over the upper sizes, ExpLo and ExpHi
	// its interval at Confidence. NaN when the data could not be fitted.
	Exponent, ExpLo, ExpHi float64
	// Confidence is the confidence of the intervals.
	Confidence float64
	// Threshold is the exponent that growth must clearly exceed, overall and
	// in every segment, for the bound to fail: the bound's own log-log
	// slope over the upper sizes plus the tolerance. NaN for [Fit].
	Threshold float64
	// Sizes are the distinct sizes measured, ascending.
	Sizes []float64
	// Segments are the upper sizes cut into spans at least 2× wide, with
	// each span's slope: growth that exceeds the bound in some segments
	// but not all is a regime change (caches), not a class.
	Segments []Segment
	// Reason says in one line why the verdict is failed or inconclusive.
	Reason string
	// Fix says what would make an inconclusive verdict conclusive.
	Fix string
	// Models are the classes fitted as a + b·g(n), in class order.
	Models []ModelFit
	// Warnings are problems that did not stop the check.
	Warnings []error
}

// Segment is one span of the upper sizes and its log-log slope.
type Segment struct {
	From, To float64
	// Slope is the log-log slope from From to To, Lo and Hi its interval.
	Slope, Lo, Hi float64
	// Bound is the bound's own slope over the span (NaN for [Fit]).
	Bound float64
}

// ModelFit is one class fitted to the data as a + b·g(n).
type ModelFit struct {
	Class metric.Class
	// Intercept is a, the constant cost; Coef is the growing term b·g(n)
	// at the largest size, both in the values' unit.
	Intercept, Coef float64
	// RSS is the weighted (relative) residual sum of squares, AIC its
	// Akaike information criterion.
	RSS, AIC float64
	// PValue is the Holm-adjusted bootstrap p-value that this class fits
	// better than the bound; 1 when not tested (classes not above the
	// bound, or [Fit]).
	PValue float64
	// Better marks a class asymptotically worse than the bound that fits
	// significantly better than it.
	Better bool
}

// Check judges whether the measurements are consistent with the declared
// bound. It never panics; data that cannot decide give an inconclusive
// result whose Reason says why and whose Fix says what to add.
func Check(points []Point, bound metric.Class, opts Options) Result {
	o := opts.withDefaults()
	if !bound.Valid() {
		return Result{Status: Inconclusive, Confidence: o.Confidence,
			Exponent: math.NaN(), ExpLo: math.NaN(), ExpHi: math.NaN(), Threshold: math.NaN(),
			Reason: fmt.Sprintf("invalid bound %v", bound), Fix: "declare one of " + classList()}
	}
	return run(points, bound, true, o)
}

// CheckSizes reports whether measurements at these sizes could decide at
// all, before anything is measured: at least MinSizes distinct sizes
// spanning at least MinSpan. Its error says why not and which sizes to add,
// as the Reason and Fix of Check's inconclusive result would.
func CheckSizes(sizes []float64, opts Options) error {
	points := make([]Point, len(sizes))
	for i, n := range sizes {
		points[i] = Point{N: n, Values: []float64{1}}
	}
	if _, err := prepare(points, opts.withDefaults()); err != nil {
		return fmt.Errorf("%s; %s", err.reason, err.fix)
	}
	return nil
}

// Fit fits the data without a bound and reports the best class and the
// exponent. Status is inconclusive when the data cannot be fitted (with
// Reason and Fix as for [Check]) and passed otherwise.
func Fit(points []Point, opts Options) Result {
	return run(points, metric.O2N, false, opts.withDefaults())
}

func classList() string {
	var s []string
	for _, c := range metric.Classes() {
		s = append(s, c.String())
	}
	return strings.Join(s, ", ")
}

// run is Check and Fit: with hasBound false, bound is ignored.
func run(points []Point, bound metric.Class, hasBound bool, o Options) Result {
	res := Result{Confidence: o.Confidence, Exponent: math.NaN(), ExpLo: math.NaN(), ExpHi: math.NaN(), Threshold: math.NaN()}
	d, err := prepare(points, o)
	if d != nil {
		res.Sizes = slices.Clone(d.n)
		res.Warnings = d.warnings
	}
	if err != nil {
		res.Status = Inconclusive
		res.Reason, res.Fix = err.reason, err.fix
		return res
	}

	a := analyse(d, bound, hasBound, o)
	res.Models = a.models
	res.Fitted = a.fitted
	res.Exponent, res.ExpLo, res.ExpHi = a.overall.est, a.overall.lo, a.overall.hi
	for _, s := range a.segs {
		seg := Segment{From: d.n[s.from], To: d.n[s.to], Slope: s.slope.est, Lo: s.slope.lo, Hi: s.slope.hi, Bound: math.NaN()}
		if hasBound {
			seg.Bound = s.bound
		}
		res.Segments = append(res.Segments, seg)
	}
	res.Warnings = append(res.Warnings, a.warnings...)
	if !hasBound {
		res.Status = Passed
		return res
	}
	res.Threshold = a.boundSlope + o.Tolerance
	judge(&res, d, a, bound, o)
	return res
}

// judge applies the verdict rule of the package documentation.
func judge(res *Result, d *data, a *analysis, bound metric.Class, o Options) {
	tol := o.Tolerance
	weak, steep := a.segs[a.weakest], a.segs[a.steepest]
	// The bound can fail only if growth exceeds it, with confidence,
	// overall and in every segment; it holds if some segment grows within
	// it, with confidence (for all segments at once). Neither is noise.
	// Each "exceeds" is a one-sided test at alpha; requiring all of them is
	// an intersection-union test, itself at level alpha.
	exceeds := a.excessFloor > tol
	within := false
	for _, s := range a.segs {
		exceeds = exceeds && s.floor > s.bound+tol
		within = within || s.hiAll <= s.bound+tol
	}
	// Caches raise growth in the size ranges where the working set crosses
	// a cache level and not elsewhere; a class above the bound raises it
	// everywhere alike. Growth less than a degree above the bound in one
	// segment and more than twice that in another is a regime change.
	weakEx, steepEx := weak.slope.est-weak.bound, steep.slope.est-steep.bound
	regime := weakEx < 1 && steepEx > 2*weakEx
	var better []ModelFit
	worse := false
	for _, m := range a.models {
		worse = worse || m.Class > bound
		if m.Better {
			better = append(better, m)
		}
	}
	span := fmt.Sprintf("n=%s…%s", fmtN(d.n[a.upper]), fmtN(d.n[len(d.n)-1]))
	above := sizeList(suggestAbove(d.n, 2))
	if a.exact != nil {
		// An exact counter that is exactly a + b·g(n) has its class: no
		// noise, no caches, nothing to tolerate.
		res.Status = Passed
		if *a.exact > bound {
			res.Status = Failed
			res.Reason = fmt.Sprintf("counts grow as %v over n=%s…%s (%v fits exactly), above %v",
				*a.exact, fmtN(d.n[0]), fmtN(d.n[len(d.n)-1]), *a.exact, bound)
		}
		return
	}
	switch {
	case exceeds && regime:
		res.Status = Inconclusive
		res.Reason = fmt.Sprintf("grows faster than %v, but unevenly: n^%.2f over n=%s…%s, n^%.2f over n=%s…%s; a regime change such as a cache level, not a class",
			bound, weak.slope.est, fmtN(d.n[weak.from]), fmtN(d.n[weak.to]), steep.slope.est, fmtN(d.n[steep.from]), fmtN(d.n[steep.to]))
		res.Fix = "add " + above + " to see whether the growth settles"
		if !d.exact {
			res.Fix += ", or fit an exact counter (allocations, iterations) instead of time"
		}
	case exceeds && len(better) > 0:
		res.Status = Failed
		best := better[0]
		for _, m := range better[1:] {
			if m.AIC < best.AIC {
				best = m
			}
		}
		res.Reason = fmt.Sprintf("grows as n^%.2f [%.2f, %.2f] over %s, above %v (n^%.2f allowed) in every segment; %v fits p=%.2g",
			res.Exponent, res.ExpLo, res.ExpHi, span, bound, res.Threshold, best.Class, best.PValue)
	case !worse && (bound == metric.O2N || !exceeds):
		// Nothing above the bound can be fitted, so nothing can break it.
		res.Status = Passed
	case !worse:
		res.Status = Inconclusive
		res.Reason = fmt.Sprintf("grows as n^%.2f over %s, faster than %v, and no class above it can be fitted to these sizes", res.Exponent, span, bound)
		res.Fix = "check the declared bound; O(2^n) is fitted only to sizes up to 64"
	case exceeds:
		res.Status = Inconclusive
		res.Reason = fmt.Sprintf("grows as n^%.2f over %s, faster than %v, but no worse class fits significantly better: the growth has no single class's shape",
			res.Exponent, span, bound)
		res.Fix = "add " + above + " to see whether the growth continues"
	case !within:
		// Name the segment whose interval straddles the limit most widely.
		w := weak
		for _, s := range a.segs {
			if s.floor <= s.bound+tol && s.slope.hi-s.slope.lo > w.slope.hi-w.slope.lo {
				w = s
			}
		}
		res.Status = Inconclusive
		res.Reason = fmt.Sprintf("too noisy to decide: over n=%s…%s it grows as n^%.2f with interval [%.2f, %.2f], across %v's limit n^%.2f",
			fmtN(d.n[w.from]), fmtN(d.n[w.to]), w.slope.est, w.slope.lo, w.slope.hi, bound, w.bound+tol)
		res.Fix = o.NoiseFix + ", or add " + above
	default:
		res.Status = Passed
		if len(better) > 0 {
			res.Warnings = append(res.Warnings, fmt.Errorf("%v fits better than %v over %s, but the growth does not exceed %v in every segment: a regime change (a cache level, or a fixed cost fading at small sizes), not a class",
				better[0].Class, bound, span, bound))
		}
	}
}

// maxValue bounds the values a check accepts: far beyond any real cost per
// op, and far enough from float64's limits that fitting cannot overflow.
const maxValue = 1e100

// inconclusive is why data cannot decide, and what would fix it.
type inconclusive struct{ reason, fix string }

// data is the validated measurements: distinct sizes, ascending.
type data struct {
	n      []float64   // sizes
	vals   [][]float64 // repetitions per size
	center []float64   // median per size (for the exact-class test)
	exact  bool
	// warnings found while validating
	warnings []error
}

// prepare validates and groups the points. It returns the data (when any
// could be grouped) and, when they cannot decide, why.
func prepare(points []Point, o Options) (*data, *inconclusive) {
	if len(points) == 0 {
		return nil, &inconclusive{"no measurements", "add sub-benchmarks named n=<size>, at least " + fmt.Sprint(o.MinSizes) + " sizes spanning " + fmtN(o.MinSpan) + "×"}
	}
	bySize := map[float64][]float64{}
	d := &data{exact: o.Exact}
	for _, p := range points {
		if math.IsNaN(p.N) || math.IsInf(p.N, 0) || p.N <= 0 {
			return nil, &inconclusive{fmt.Sprintf("size n=%v is not a positive finite number", p.N), "name the sub-benchmarks n=<positive integer>"}
		}
		for _, v := range p.Values {
			switch {
			case math.IsNaN(v) || math.IsInf(v, 0):
				return nil, &inconclusive{fmt.Sprintf("value %v at n=%s is not finite", v, fmtN(p.N)), "rerun the benchmark; a cost per op must be a finite number"}
			case v < 0:
				return nil, &inconclusive{fmt.Sprintf("negative value %v at n=%s", v, fmtN(p.N)), "rerun the benchmark; a cost per op cannot be negative"}
			case v > maxValue || (v > 0 && v < 1/maxValue):
				return nil, &inconclusive{fmt.Sprintf("value %v at n=%s is out of range", v, fmtN(p.N)), fmt.Sprintf("report costs between %g and %g per op (change the unit)", 1/maxValue, maxValue)}
			case v == 0 && !o.Exact:
				return nil, &inconclusive{fmt.Sprintf("zero time per op at n=%s: the benchmark measured nothing", fmtN(p.N)), "make sure the measured work is not optimised away (use its result), or fit an exact counter"}
			}
		}
		bySize[p.N] = append(bySize[p.N], p.Values...)
	}
	for n, v := range bySize {
		if len(v) == 0 {
			d.warnings = append(d.warnings, fmt.Errorf("no values at n=%s; size ignored", fmtN(n)))
			continue
		}
		d.n = append(d.n, n)
	}
	slices.Sort(d.n)
	for _, n := range d.n {
		v := slices.Clone(bySize[n])
		d.vals = append(d.vals, v)
		d.center = append(d.center, median(v))
		if o.Exact && slices.Min(v) != slices.Max(v) {
			d.warnings = append(d.warnings, fmt.Errorf("exact counts vary between repetitions at n=%s (%v…%v); their median is fitted", fmtN(n), slices.Min(v), slices.Max(v)))
		}
	}
	if len(d.n) < o.MinSizes {
		return d, &inconclusive{
			fmt.Sprintf("too few sizes: %d, need at least %d", len(d.n), o.MinSizes),
			"add " + sizeList(suggest(d.n, o)),
		}
	}
	if span := d.n[len(d.n)-1] / d.n[0]; span < o.MinSpan {
		return d, &inconclusive{
			fmt.Sprintf("sizes span only %.3g× (n=%s…%s), need at least %s×", span, fmtN(d.n[0]), fmtN(d.n[len(d.n)-1]), fmtN(o.MinSpan)),
			"add " + sizeList(suggest(d.n, o)),
		}
	}
	return d, nil
}

// suggest proposes sizes above the largest that would meet MinSizes and
// MinSpan, stepping by the ratio the user already uses (between 2 and 10).
func suggest(n []float64, o Options) []float64 {
	if len(n) == 0 {
		var out []float64
		for i, s := 0, 1000.0; i < o.MinSizes; i, s = i+1, s*4 {
			out = append(out, s)
		}
		return out
	}
	step := stepOf(n)
	var out []float64
	top := n[len(n)-1]
	for len(out) < 64 && (len(n)+len(out) < o.MinSizes || top/n[0] < o.MinSpan) {
		top = next(top, step)
		out = append(out, top)
	}
	return out
}

// suggestAbove proposes k sizes above the largest, stepping as the user does.
func suggestAbove(n []float64, k int) []float64 {
	step := stepOf(n)
	top := n[len(n)-1]
	out := make([]float64, k)
	for i := range out {
		top = next(top, step)
		out[i] = top
	}
	return out
}

// next is the size after n: n·step, rounded to an integer when that keeps it
// above n.
func next(n, step float64) float64 {
	if r := math.Round(n * step); r > n {
		return r
	}
	return n * step
}

// stepOf is the geometric mean ratio of consecutive sizes, clamped to [2, 10]
// (4 for a single size).
func stepOf(n []float64) float64 {
	if len(n) < 2 {
		return 4
	}
	r := math.Pow(n[len(n)-1]/n[0], 1/float64(len(n)-1))
	return min(max(r, 2), 10)
}

func sizeList(ns []float64) string {
	var s []string
	for _, n := range ns {
		s = append(s, "n="+fmtN(n))
	}
	switch len(s) {
	case 0:
		return "sizes"
	case 1:
		return "size " + s[0]
	}
	return "sizes " + strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// fmtN prints a size as an integer when it is one.
func fmtN(n float64) string {
	if n == math.Trunc(n) && math.Abs(n) < 1e15 {
		return fmt.Sprintf("%d", int64(n))
	}
	return fmt.Sprintf("%g", n)
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}

// Context is what a report's complexity contract carries beside its
// verdict (its context): the sizes fitted, the segments' slopes and, for
// inconclusive verdicts, the fix.
func (r Result) Context() map[string]any {
	c := map[string]any{"sizes": r.Sizes}
	if len(r.Segments) > 0 {
		segs := make([]map[string]any, len(r.Segments))
		for i, s := range r.Segments {
			segs[i] = map[string]any{"from": s.From, "to": s.To, "slope": s.Slope, "lo": s.Lo, "hi": s.Hi}
		}
		c["segments"] = segs
	}
	if !math.IsNaN(r.Threshold) {
		c["threshold"] = r.Threshold
	}
	if r.Fix != "" {
		c["fix"] = r.Fix
	}
	for _, w := range r.Warnings {
		c["warnings"] = append(asStrings(c["warnings"]), w.Error())
	}
	return c
}

func asStrings(v any) []string {
	s, _ := v.([]string)
	return s
}
