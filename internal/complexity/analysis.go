package complexity

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/choragen/choragen/internal/metric"
)

// noiseFloor is the smallest uncertainty assumed in a size's time, in
// natural-log units (2%): timings are never more repeatable than that
// across sizes on a real machine (frequency, memory layout), even when a few
// repetitions happen to agree.
const noiseFloor = 0.02

// singleNoise is the uncertainty assumed when a size has one repetition.
const singleNoise = 0.05

// maxExpN is the largest size at which O(2^n) is fitted: beyond it no
// measurable computation can grow exponentially, and 2^n would only fit
// noise at the largest size.
const maxExpN = 64

// interval is an estimate with its confidence interval.
type interval struct{ est, lo, hi float64 }

// seg is one span of the upper sizes, by index into data.n.
type seg struct {
	from, to int
	slope    interval
	// floor is the slope's one-sided lower confidence limit: "grows faster
	// than the limit" is a one-sided claim, so it is tested at the full
	// alpha rather than at the two-sided interval's alpha/2.
	floor float64
	// hiAll is the slope's upper confidence limit corrected for the number
	// of segments (Bonferroni): "some segment is within the bound" is one
	// claim about all of them.
	hiAll float64
	bound float64 // the bound's own slope over the span
}

// analysis is everything measured about the data, for the verdict.
type analysis struct {
	upper      int // index of the first upper size
	overall    interval
	segs       []seg
	boundSlope float64 // the bound's slope over the upper sizes
	// excess is the overall slope minus the bound's, excessFloor its
	// one-sided lower confidence limit (see seg.floor).
	excess      interval
	excessFloor float64
	// weakest and steepest index the segments with the smallest and the
	// largest excess over the bound.
	weakest, steepest int
	models            []ModelFit
	fitted            metric.Class
	exact             *metric.Class // the class an exact counter fits exactly
	warnings          []error
}

func analyse(d *data, bound metric.Class, hasBound bool, o Options) *analysis {
	k := len(d.n)
	a := &analysis{}
	a.upper = k - min(k, max(3, (2*k+2)/3))

	lnN := make([]float64, k)
	for i, n := range d.n {
		lnN[i] = math.Log(n)
	}
	// Levels of every repetition, and of each size's estimate.
	lv := make([][]float64, k)
	lnC := make([]float64, k)
	for i, v := range d.vals {
		lv[i] = make([]float64, len(v))
		for j, y := range v {
			lv[i][j] = d.level(y)
		}
		lnC[i] = d.estimate(slices.Clone(lv[i]))
	}
	up := lnN[a.upper:]

	// The bound's own log-log slopes over the same sizes: log factors
	// (n log n over n=1e3…1e6 has slope ≈ 1.1) count as the bound's.
	lnB := make([]float64, k)
	for i, n := range d.n {
		lnB[i] = lnG(bound, n)
	}
	if hasBound {
		a.boundSlope = olsSlope(up, lnB[a.upper:])
	}
	a.segs = segments(d.n, a.upper)
	for i := range a.segs {
		s := &a.segs[i]
		if hasBound {
			s.bound = (lnB[s.to] - lnB[s.from]) / (lnN[s.to] - lnN[s.from])
		}
	}

	classes := applicable(d.n)
	a.models = fitModels(d, lnC, classes)
	boundIdx := slices.IndexFunc(a.models, func(m ModelFit) bool { return m.Class == bound })
	a.fitted = bestClass(a.models)
	if d.exact {
		if c, ok := exactClass(d, classes); ok {
			a.exact = &c
			a.fitted = c
		}
	}

	// One bootstrap serves the slopes' intervals and the model comparison;
	// every resample keeps the sizes of the design.
	B := o.Resamples
	rng := rand.New(rand.NewPCG(o.Seed, 0x9e3779b97f4a7c15))
	overall := make([]float64, B)
	segSl := make([][]float64, len(a.segs))
	for i := range segSl {
		segSl[i] = make([]float64, B)
	}
	delta := make([]float64, len(a.models))
	beats := make([]int, len(a.models))
	compare := hasBound && boundIdx >= 0
	if compare {
		for i, m := range a.models {
			delta[i] = a.models[boundIdx].AIC - m.AIC
		}
	}
	// Each model's predicted level at each size, computed once for all
	// resamples.
	lf := make([][]float64, len(a.models))
	for mi, md := range a.models {
		lf[mi] = make([]float64, k)
		for i := range k {
			lf[mi][i] = d.predictLevel(md, i)
		}
	}
	// Times are resampled parametrically: each size's fastest repetition
	// moves by its uncertainty, the gap to the second fastest (at least
	// noiseFloor). Resampling repetitions would make the fastest one
	// heavy-tailed: a resample that misses it jumps to a disturbed run.
	// Exact counts are resampled by repetition; when the repetitions agree
	// every resample is the data.
	sigma := make([]float64, k)
	for i, l := range lv {
		switch {
		case d.exact:
		case len(l) == 1:
			sigma[i] = singleNoise
		default:
			s := slices.Sorted(slices.Values(l))
			sigma[i] = max(noiseFloor, s[1]-s[0])
		}
	}
	if !d.exact && slices.ContainsFunc(d.vals, func(v []float64) bool { return len(v) == 1 }) {
		a.warnings = append(a.warnings, fmt.Errorf("one repetition at some sizes: their noise is assumed to be %.0f%%; run with -count 3 or more", 100*singleNoise))
	}
	var buf []float64
	lnR := make([]float64, k)
	rss := make([]float64, len(a.models))
	for b := range B {
		clear(rss)
		for i, v := range lv {
			if d.exact {
				buf = buf[:0]
				for range v {
					buf = append(buf, v[rng.IntN(len(v))])
				}
				lnR[i] = d.estimate(buf)
			} else {
				lnR[i] = lnC[i] + sigma[i]*rng.NormFloat64()
			}
			if compare {
				for mi := range rss {
					e := lnR[i] - lf[mi][i]
					rss[mi] += e * e
				}
			}
		}
		overall[b] = olsSlope(up, lnR[a.upper:])
		for i, s := range a.segs {
			segSl[i][b] = (lnR[s.to] - lnR[s.from]) / (lnN[s.to] - lnN[s.from])
		}
		if !compare {
			continue
		}
		bAIC := aic(rss[boundIdx], k, params(a.models[boundIdx].Class))
		for mi, md := range a.models {
			if md.Class <= bound || delta[mi] <= 0 {
				continue
			}
			// Berg-Kirkpatrick et al.'s paired bootstrap, as in
			// plasma-umass/bigO: how often does a resample show an
			// improvement more than twice the observed one?
			if bAIC-aic(rss[mi], k, params(md.Class)) > 2*delta[mi] {
				beats[mi]++
			}
		}
	}

	alpha := 1 - o.Confidence
	a.overall = percentileCI(olsSlope(up, lnC[a.upper:]), overall, alpha)
	for i := range a.segs {
		s := &a.segs[i]
		est := (lnC[s.to] - lnC[s.from]) / (lnN[s.to] - lnN[s.from])
		s.slope = percentileCI(est, segSl[i], alpha)
		s.hiAll = percentileCI(est, segSl[i], alpha/float64(len(a.segs))).hi
		s.floor = percentileCI(est, segSl[i], 2*alpha).lo
	}
	excess := func(i int) float64 { return a.segs[i].slope.est - a.segs[i].bound }
	for i := range a.segs {
		if excess(i) < excess(a.weakest) {
			a.weakest = i
		}
		if excess(i) > excess(a.steepest) {
			a.steepest = i
		}
	}
	a.excess = interval{a.overall.est - a.boundSlope, a.overall.lo - a.boundSlope, a.overall.hi - a.boundSlope}
	a.excessFloor = percentileCI(a.overall.est, overall, 2*alpha).lo - a.boundSlope

	if compare {
		judgeModels(a, bound, beats, delta, B, alpha)
	}
	return a
}

// judgeModels sets PValue and Better: the classes above the bound form one
// family, Holm-adjusted.
func judgeModels(a *analysis, bound metric.Class, beats []int, delta []float64, B int, alpha float64) {
	type test struct {
		i int
		p float64
	}
	var fam []test
	for i, m := range a.models {
		if m.Class <= bound {
			continue
		}
		p := 1.0
		if delta[i] > 0 {
			p = float64(beats[i]+1) / float64(B+1)
		}
		fam = append(fam, test{i, p})
	}
	slices.SortStableFunc(fam, func(x, y test) int {
		switch {
		case x.p < y.p:
			return -1
		case x.p > y.p:
			return 1
		}
		return 0
	})
	adj := 0.0
	for r, t := range fam {
		adj = max(adj, min(1, float64(len(fam)-r)*t.p))
		m := &a.models[t.i]
		m.PValue = adj
		m.Better = adj <= alpha && delta[t.i] > 0
	}
	if a.exact != nil {
		// A counter that is exactly a + b·g(n) needs no test: the
		// classes above its own are not better, and its own is, if it is
		// above the bound.
		for i := range a.models {
			m := &a.models[i]
			if m.Class > bound {
				m.Better = m.Class == *a.exact
				if m.Better {
					m.PValue = 0
				}
			}
		}
	}
}

// estimate is a size's value from its repetitions' levels (reordering
// them): for times the fastest, since interference from other work only
// ever adds time and the fastest repetition is the least disturbed
// (Chen & Revels, "Robust benchmarking in noisy environments", 2016); for
// exact counts the median.
func (d *data) estimate(levels []float64) float64 {
	if d.exact {
		return median(levels)
	}
	return slices.Min(levels)
}

// level is how growth is read from a centre value: its log, or for exact
// counts log(1+count), so that zero counts are allowed.
func (d *data) level(c float64) float64 {
	if d.exact {
		return math.Log1p(c)
	}
	return math.Log(c)
}

// segments cuts the upper sizes into spans at least 2× wide; a short last
// span joins the one before it.
func segments(n []float64, upper int) []seg {
	var out []seg
	for i := upper; i < len(n)-1; {
		j := i + 1
		for j < len(n)-1 && n[j] < 2*n[i] {
			j++
		}
		out = append(out, seg{from: i, to: j})
		i = j
	}
	if l := len(out); l >= 2 && n[out[l-1].to] < 2*n[out[l-1].from] {
		out[l-2].to = out[l-1].to
		out = out[:l-1]
	}
	return out
}

// lnG is the log of a class's growth function at n. log n is taken as
// log(1+n) so that it stays positive for every positive size.
func lnG(c metric.Class, n float64) float64 {
	switch c {
	case metric.O1:
		return 0
	case metric.OLogN:
		return math.Log(math.Log1p(n))
	case metric.ON:
		return math.Log(n)
	case metric.ONLogN:
		return math.Log(n) + math.Log(math.Log1p(n))
	case metric.ON2:
		return 2 * math.Log(n)
	case metric.ON3:
		return 3 * math.Log(n)
	case metric.O2N:
		return n * math.Ln2
	}
	return 0
}

// applicable lists the classes worth fitting to these sizes.
func applicable(n []float64) []metric.Class {
	cs := metric.Classes()
	if n[len(n)-1] > maxExpN {
		cs = slices.DeleteFunc(cs, func(c metric.Class) bool { return c == metric.O2N })
	}
	return cs
}

func params(c metric.Class) int {
	if c == metric.O1 {
		return 1
	}
	return 2
}

// fitModels fits every class as a + b·g(n), a, b ≥ 0, to the sizes'
// estimates by least squares on log axes: timing noise is multiplicative,
// so every size counts alike whatever its magnitude, and over- and
// under-prediction weigh the same. g is normalised to 1 at the largest size.
// Exact counts are fitted as 1+count, so that zero counts have a log.
func fitModels(d *data, lnC []float64, classes []metric.Class) []ModelFit {
	var out []ModelFit
	xs := make([]float64, len(d.n))
	for _, c := range classes {
		for i := range d.n {
			xs[i] = d.x(c, i)
		}
		a, b := fitLog(xs, lnC, c != metric.O1)
		md := ModelFit{Class: c, Intercept: a, Coef: b, PValue: 1}
		for i := range d.n {
			e := lnC[i] - d.predictLevel(md, i)
			md.RSS += e * e
		}
		md.AIC = aic(md.RSS, len(d.n), params(c))
		if d.exact {
			md.Intercept-- // report the count's own intercept
		}
		out = append(out, md)
	}
	return out
}

// x is class c's growth at size i, normalised to 1 at the largest size.
func (d *data) x(c metric.Class, i int) float64 {
	return math.Exp(lnG(c, d.n[i]) - lnG(c, d.n[len(d.n)-1]))
}

// fitLog finds a, b ≥ 0 minimising Σ (ly − ln(a + b·x))². Writing
// a + b·x = b·(x + r), the best b for a given ratio r is closed-form, so
// only r is searched: on a log grid, then by golden section.
func fitLog(xs, ly []float64, slope bool) (a, b float64) {
	my := mean(ly)
	constRSS := 0.0
	for _, v := range ly {
		constRSS += (v - my) * (v - my)
	}
	if !slope {
		return math.Exp(my), 0
	}
	eval := func(r float64) (rss, lnb float64) {
		for j, x := range xs {
			lnb += ly[j] - math.Log(x+r)
		}
		lnb /= float64(len(xs))
		for j, x := range xs {
			e := ly[j] - math.Log(x+r) - lnb
			rss += e * e
		}
		return rss, lnb
	}
	bestR, bestRSS := math.Inf(1), constRSS
	const lo, hi, step = -12.0, 6.0, 0.25 // r from 1e-12 to 1e6 (x ≤ 1)
	for e := lo; e <= hi; e += step {
		r := math.Pow(10, e)
		if rss, _ := eval(r); rss < bestRSS {
			bestR, bestRSS = r, rss
		}
	}
	if slices.Min(xs) > 0 {
		if rss, _ := eval(0); rss < bestRSS {
			bestR, bestRSS = 0, rss
		}
	}
	if math.IsInf(bestR, 1) {
		return math.Exp(my), 0 // the constant fits best
	}
	if bestR > 0 {
		// Golden-section search on log r around the grid's best.
		l, h := math.Log10(bestR)-step, math.Log10(bestR)+step
		f := func(e float64) float64 { rss, _ := eval(math.Pow(10, e)); return rss }
		const g = 0.6180339887498949
		for range 40 {
			m1, m2 := h-g*(h-l), l+g*(h-l)
			if f(m1) < f(m2) {
				h = m2
			} else {
				l = m1
			}
		}
		if r := math.Pow(10, (l+h)/2); f((l+h)/2) < bestRSS {
			bestR = r
		}
	}
	_, lnb := eval(bestR)
	b = math.Exp(lnb)
	return b * bestR, b
}

// predictLevel is the model's prediction at size i, on the data's log axis.
func (d *data) predictLevel(m ModelFit, i int) float64 {
	a := m.Intercept
	if d.exact {
		a++
	}
	return math.Log(a + m.Coef*d.x(m.Class, i))
}

// aic is Akaike's criterion for least squares, with the RSS floored so that
// exact fits compare by their number of parameters.
func aic(rss float64, m, k int) float64 {
	rss = max(rss, float64(m)*1e-20)
	return float64(m)*math.Log(rss/float64(m)) + 2*float64(k)
}

// bestClass is the least-AIC class, or a simpler one within 2 units of it
// (an evidence ratio under e: no real preference).
func bestClass(ms []ModelFit) metric.Class {
	best := ms[0]
	for _, m := range ms[1:] {
		if m.AIC < best.AIC {
			best = m
		}
	}
	for _, m := range ms {
		if m.AIC <= best.AIC+2 {
			return m.Class
		}
	}
	return best.Class
}

// exactClass finds the simplest class that an exact counter follows exactly
// (within one count, for integer truncation): the finite-difference test,
// generalised to sizes that are not evenly spaced.
func exactClass(d *data, classes []metric.Class) (metric.Class, bool) {
	if len(d.n) < 3 {
		return 0, false
	}
	xs := make([]float64, len(d.n))
	for _, c := range classes {
		for i := range d.n {
			xs[i] = d.x(c, i)
		}
		a, b := linear(xs, d.center, c != metric.O1)
		ok := true
		for i, y := range d.center {
			if math.Abs(y-(a+b*xs[i])) > max(1, 1e-9*y) {
				ok = false
				break
			}
		}
		if ok {
			return c, true
		}
	}
	return 0, false
}

// linear fits y = a + b·x by least squares, b ≥ 0 (a constant when !slope,
// when x does not vary or when the slope would be negative).
func linear(xs, ys []float64, slope bool) (a, b float64) {
	if slope && variance(xs) > 1e-24 {
		a, b = regression(xs, ys)
		if b >= 0 && !math.IsNaN(a) && !math.IsNaN(b) {
			return a, b
		}
	}
	return mean(ys), 0
}

// regression is the least-squares line y = a + b·x, with the corrected
// two-pass sums of Chan, Golub and LeVeque ("Algorithms for computing the
// sample variance", 1983, eq. 1.7), as gonum's stat.LinearRegression
// computes it.
func regression(x, y []float64) (a, b float64) {
	mx, my := mean(x), mean(y)
	var sxx, sxy, cx, cy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxx += dx * dx
		sxy += dx * dy
		cx += dx
		cy += dy
	}
	n := float64(len(x))
	cov := (sxy - cx*cy/n) / (n - 1)
	vx := (sxx - cx*cx/n) / (n - 1)
	b = cov / vx
	return my - b*mx, b
}

// variance is the unbiased sample variance of x (corrected two-pass).
func variance(x []float64) float64 {
	m := mean(x)
	var ss, c float64
	for _, v := range x {
		d := v - m
		ss += d * d
		c += d
	}
	n := float64(len(x))
	return (ss - c*c/n) / (n - 1)
}

func olsSlope(x, y []float64) float64 {
	mx, my := mean(x), mean(y)
	var sxy, sxx float64
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
	}
	return sxy / sxx
}

func mean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// percentileCI is the bootstrap percentile interval around est.
func percentileCI(est float64, boot []float64, alpha float64) interval {
	s := slices.Clone(boot)
	slices.Sort(s)
	q := func(p float64) float64 {
		pos := p * float64(len(s)-1)
		i := int(pos)
		if i+1 >= len(s) {
			return s[len(s)-1]
		}
		return s[i] + (pos-float64(i))*(s[i+1]-s[i])
	}
	iv := interval{est, q(alpha / 2), q(1 - alpha/2)}
	iv.lo, iv.hi = min(iv.lo, est), max(iv.hi, est)
	return iv
}

func (iv interval) String() string { return fmt.Sprintf("%.2f [%.2f, %.2f]", iv.est, iv.lo, iv.hi) }
