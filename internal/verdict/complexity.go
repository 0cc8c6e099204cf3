package verdict

import (
	"fmt"
	"math"
	"sort"

	"github.com/choragen/choragen/internal/complexity"
	"github.com/choragen/choragen/internal/report"
	"github.com/choragen/choragen/internal/sample"
)

// noSizes is said of a complexity contract whose benchmark has no sized
// sub-benchmarks (n=, size=, len=).
const noSizes = "no sized sub-benchmarks"

// JudgeComplexity fits the growth of c's benchmark over its sized
// sub-benchmarks ("BenchmarkF/n=1024") and checks it against c's bound.
//
// It fits the benchmark's iterations/op when it reports that exact counter
// (perf.Counter: the work the user counts is the surest measure of
// growth), and time per call otherwise. Every series of the benchmark (the
// sub-benchmark path without its size part) is checked and the worst
// verdict decides. A benchmark without sizes leaves the contract
// unmeasured, saying how to add them.
func JudgeComplexity(c Contract, set *sample.Set, opts complexity.Options) report.Contract {
	rc := c.Report()
	rc.Bound = c.Class.String()
	if c.Benchmark == "" {
		return unmeasured(rc, fmt.Sprintf("no benchmark measures %s: add %s with n= sub-benchmarks, or name one with bench=", c.Relative, conventionalName(c.Target)))
	}
	series, unit, exact := sizedSeries(set, c.Package, c.Benchmark)
	if len(series) == 0 {
		return unmeasured(rc, fmt.Sprintf("%s has %s: add b.Run(\"n=<size>\", ...) for at least 4 sizes spanning 8× or more", c.Benchmark, noSizes))
	}
	opts.Exact = exact

	type checked struct {
		name string
		res  complexity.Result
	}
	var all []checked
	names := make([]string, 0, len(series))
	for name := range series {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		all = append(all, checked{name, complexity.Check(series[name], c.Class, opts)})
	}
	// The worst verdict decides: failed, then inconclusive, then passed;
	// among equals, the fastest growth.
	rank := map[complexity.Status]int{complexity.Failed: 2, complexity.Inconclusive: 1, complexity.Passed: 0}
	worst := all[0]
	for _, ch := range all[1:] {
		if rank[ch.res.Status] > rank[worst.res.Status] ||
			rank[ch.res.Status] == rank[worst.res.Status] && ch.res.Exponent > worst.res.Exponent {
			worst = ch
		}
	}
	r := worst.res
	rc.Status = reportStatus(r.Status)
	rc.Fitted = r.Fitted.String()
	rc.Measured = report.Float(float64(r.Fitted))
	if !math.IsNaN(r.Exponent) {
		rc.Exponent = report.Float(r.Exponent)
		if !math.IsNaN(r.ExpLo) && !math.IsNaN(r.ExpHi) && !math.IsInf(r.ExpLo, 0) && !math.IsInf(r.ExpHi, 0) {
			rc.ExpCI = &report.Interval{Lo: r.ExpLo, Hi: r.ExpHi, Confidence: r.Confidence}
		}
	}
	rc.Samples = len(r.Sizes)
	if len(all) > 1 || worst.name != c.Benchmark {
		rc.DecidedBy = worst.name
	}
	ctx := r.Context()
	for k, v := range rc.Context {
		ctx[k] = v
	}
	ctx["unit"] = unit
	rc.Context = ctx

	growth := "growth"
	if !math.IsNaN(r.Exponent) {
		growth = fmt.Sprintf("growth n^%.2f", r.Exponent)
	}
	switch r.Status {
	case complexity.Passed:
		rc.Reason = fmt.Sprintf("%s within %s over n=%s (%s)", growth, c.Class, sizesText(r.Sizes), unit)
	default:
		rc.Reason = r.Reason
		if r.Fix != "" {
			rc.Reason += "; " + r.Fix
		}
	}
	return rc
}

// reportStatus maps a complexity verdict to the report's status.
func reportStatus(s complexity.Status) report.Status {
	switch s {
	case complexity.Passed:
		return report.StatusPassed
	case complexity.Failed:
		return report.StatusFailed
	}
	return report.StatusInconclusive
}

// HasSizes reports whether bench has sized sub-benchmarks in set: a
// complexity contract from the config's enforce-all rule applies only
// then.
func HasSizes(set *sample.Set, pkg, bench string) bool {
	s, _, _ := sizedSeries(set, pkg, bench)
	return len(s) > 0
}

// sizedSeries groups the sized sub-benchmarks of bench by series, as
// complexity points, in the unit fitted: iterations/op when reported, else
// sec/op.
func sizedSeries(set *sample.Set, pkg, bench string) (map[string][]complexity.Point, string, bool) {
	if set == nil {
		return nil, "", false
	}
	keys := set.FindTree(pkg, bench)
	unit, exact := "sec/op", false
	for _, k := range keys {
		if k.Unit == "iterations/op" && sample.ParseName(k.Name).HasSize() {
			unit = "iterations/op"
			exact = true // a count of the work done, whatever its metadata says
			break
		}
	}
	bySeries := map[string]map[float64][]float64{}
	for _, k := range keys {
		if k.Unit != unit {
			continue
		}
		n := sample.ParseName(k.Name)
		if !n.HasSize() {
			continue
		}
		vs := set.Values(k)
		if len(vs) == 0 {
			continue
		}
		s := n.Series()
		if bySeries[s] == nil {
			bySeries[s] = map[float64][]float64{}
		}
		bySeries[s][float64(n.Size)] = append(bySeries[s][float64(n.Size)], vs...)
	}
	out := map[string][]complexity.Point{}
	for s, sizes := range bySeries {
		for n, vs := range sizes {
			out[s] = append(out[s], complexity.Point{N: n, Values: vs})
		}
		sort.Slice(out[s], func(i, j int) bool { return out[s][i].N < out[s][j].N })
	}
	return out, unit, exact
}

func sizesText(sizes []float64) string {
	if len(sizes) == 0 {
		return "?"
	}
	return fmt.Sprintf("%v…%v", sizes[0], sizes[len(sizes)-1])
}
