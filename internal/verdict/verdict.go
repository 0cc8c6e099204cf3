// Package verdict judges contracts on measurements: each contract becomes
// passed, failed or unmeasured (complexity contracts may also be
// inconclusive), with what was measured, its interval, and why.
//
// The rules are those of DESIGN.md ("Verdicts"):
//
//  1. A contract with no benchmark bound to it, whose benchmark failed, or
//     whose benchmark does not report the metric it judges, is unmeasured,
//     and the reason says what to add.
//  2. Latency and resource contracts are judged on the centre of the
//     repetitions (the median, benchmath's summary; the mode for exact
//     counts); the interval is reported beside it. Too few repetitions for
//     a finite interval (6) make it unmeasured.
//  3. A percentile contract is judged on per-call samples: the pN-ns/op
//     metric a benchmark reports itself (perftest), or else the per-call
//     runs the engine made (one call per repetition). It is never judged
//     from a mean.
//  4. When the benchmark has sub-benchmarks, each is judged and the worst
//     decides (DecidedBy names it).
package verdict

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/choragen/choragen/internal/metric"
	"github.com/choragen/choragen/internal/report"
	"github.com/choragen/choragen/internal/sample"
	"github.com/choragen/choragen/internal/stats"
)

// MinRepetitions is the fewest repetitions a centre is judged on: benchmath
// needs 6 for a finite 95% interval.
const MinRepetitions = 6

// Contract is one contract to judge, whichever source declared it.
type Contract struct {
	Metric metric.Metric
	// Target is the pprof-style name of the function.
	Target string
	// Relative is Target relative to the project root.
	Relative string
	// Package is the import path of the function's package.
	Package string
	// Threshold is the bound in the metric's report unit; for complexity,
	// the index of Class.
	Threshold  float64
	Percentile float64
	Class      metric.Class
	// Benchmark is the benchmark bound to the function, "" for none.
	Benchmark string
	// Source is where the contract was declared ("file:line").
	Source string
	// Origin is "directive", "config" or "code".
	Origin string
	// Pattern is the config override the contract came from, if any.
	Pattern string
}

// ID returns the contract's id, "<metric>[@p<N>]:<target>".
func (c Contract) ID() string { return metric.ID(c.Metric, c.Percentile, c.Target) }

// Report returns the contract as the report lists it, before any verdict.
func (c Contract) Report() report.Contract {
	info, _ := metric.Lookup(c.Metric)
	rc := report.Contract{
		ID:         c.ID(),
		Type:       string(info.Kind),
		Metric:     string(c.Metric),
		Target:     c.Target,
		Threshold:  c.Threshold,
		Unit:       info.Unit,
		Percentile: c.Percentile,
		Source:     c.Source,
		Origin:     c.Origin,
		Package:    c.Package,
		Benchmark:  c.Benchmark,
	}
	if c.Metric == metric.Complexity {
		rc.Bound = c.Class.String()
	}
	if c.Pattern != "" {
		rc.Context = map[string]any{"pattern": c.Pattern}
	}
	return rc
}

// Measurements are what the runs of one check measured.
type Measurements struct {
	// Runs are the ordinary repetitions (-count N, -benchtime T).
	Runs *sample.Set
	// PerCall are the per-call repetitions (-benchtime 1x): each sec/op
	// value is one call. Nil when none were needed.
	PerCall *sample.Set
	// Failed maps "package\x00benchmark" of benchmarks that failed or
	// crashed to the reason.
	Failed map[string]string
}

// FailedKey is the key of Measurements.Failed.
func FailedKey(pkg, bench string) string { return pkg + "\x00" + bench }

// Judge returns c's verdict on m. Complexity contracts are judged by
// JudgeComplexity.
func Judge(c Contract, m Measurements) report.Contract {
	rc := c.Report()
	if c.Benchmark == "" {
		return unmeasured(rc, fmt.Sprintf("no benchmark measures %s: add %s to its package's tests, or name one with bench=", c.Relative, conventionalName(c.Target)))
	}
	if why, ok := m.Failed[FailedKey(c.Package, c.Benchmark)]; ok {
		return unmeasured(rc, fmt.Sprintf("%s failed: %s", c.Benchmark, why))
	}
	info, ok := metric.Lookup(c.Metric)
	if !ok || info.BenchUnit == "" {
		return unmeasured(rc, fmt.Sprintf("no benchmark unit measures %s contracts", c.Metric))
	}

	var (
		set  = m.Runs
		unit = info.BenchUnit
		min  = MinRepetitions
		perc = 0.0 // > 0: judge a quantile of per-call samples
	)
	if c.Percentile > 0 {
		unit = metric.PercentileUnit(c.Percentile)
		if len(keysWithUnit(set, c.Package, c.Benchmark, unit)) == 0 {
			// The benchmark does not report the percentile itself: use
			// the per-call runs.
			set, unit, perc = m.PerCall, info.BenchUnit, c.Percentile
			min = minCallSamples(c.Percentile)
		}
	}
	keys := keysWithUnit(set, c.Package, c.Benchmark, unit)
	if len(keys) == 0 {
		return unmeasured(rc, notReported(c, unit))
	}

	type judged struct {
		key sample.Key
		sum stats.Summary
	}
	var (
		worst    *judged
		tooFew   []string
		measured int
	)
	for _, k := range keys {
		vs := set.Values(k)
		var s stats.Summary
		if perc > 0 {
			if len(vs) < min {
				tooFew = append(tooFew, fmt.Sprintf("%s has %d calls", k.Name, len(vs)))
				continue
			}
			s = stats.Percentile(vs, perc)
		} else {
			u := stats.UnitOf(k.Unit, set.Units)
			if len(vs) == 0 || (!u.Exact && len(vs) < min) {
				tooFew = append(tooFew, fmt.Sprintf("%s has %d repetitions", k.Name, len(vs)))
				continue
			}
			s = stats.Summarize(vs, u)
		}
		measured++
		if worst == nil || s.Center > worst.sum.Center {
			worst = &judged{k, s}
		}
	}
	if worst == nil {
		need := fmt.Sprintf("need %d: raise benchmarks.count or --count", min)
		if perc > 0 {
			need = fmt.Sprintf("need %d calls for p%s", min, fmtNum(perc))
		}
		return unmeasured(rc, fmt.Sprintf("too few samples (%s; %s)", strings.Join(tooFew, ", "), need))
	}

	v := worst.sum.Center * info.Scale
	rc.Measured = report.Float(v)
	if worst.sum.Finite() {
		rc.Interval = &report.Interval{Lo: worst.sum.Lo * info.Scale, Hi: worst.sum.Hi * info.Scale, Confidence: worst.sum.Confidence}
	}
	rc.Samples = worst.sum.N
	if len(keys) > 1 || worst.key.Name != c.Benchmark {
		rc.DecidedBy = worst.key.Name
	}
	ctx := map[string]any{}
	for k, v := range rc.Context {
		ctx[k] = v
	}
	if perc > 0 {
		ctx["method"] = "per-call samples (-benchtime=1x)"
	}
	if worst.sum.Outliers > 0 {
		ctx["outliers"] = worst.sum.Outliers
	}
	if len(tooFew) > 0 {
		ctx["unjudged"] = tooFew
	}
	if len(ctx) > 0 {
		rc.Context = ctx
	}

	what := string(c.Metric)
	if c.Percentile > 0 {
		what = "p" + fmtNum(c.Percentile)
	} else if c.Metric == metric.Latency {
		what = "mean time per call"
	}
	by := c.Benchmark
	if rc.DecidedBy != "" {
		by = rc.DecidedBy
	}
	if v <= c.Threshold {
		rc.Status = report.StatusPassed
		rc.Reason = fmt.Sprintf("%s %s ≤ %s (%s, %s)", what, FormatValue(v, rc.Unit), FormatValue(c.Threshold, rc.Unit), by, samples(rc.Samples, perc > 0, stats.UnitOf(worst.key.Unit, set.Units).Exact))
		return rc
	}
	rc.Status = report.StatusFailed
	rc.Reason = fmt.Sprintf("%s %s > %s (%s, %s)", what, FormatValue(v, rc.Unit), FormatValue(c.Threshold, rc.Unit), by, samples(rc.Samples, perc > 0, stats.UnitOf(worst.key.Unit, set.Units).Exact))
	return rc
}

// Violation returns the violation a failed contract records.
func Violation(rc report.Contract) report.Violation {
	ctx := map[string]any{"target": rc.Target, "metric": rc.Metric, "unit": rc.Unit}
	if rc.Benchmark != "" {
		ctx["benchmark"] = rc.Benchmark
	}
	if rc.DecidedBy != "" {
		ctx["decidedBy"] = rc.DecidedBy
	}
	if rc.Percentile > 0 {
		ctx["percentile"] = rc.Percentile
	}
	if rc.Samples > 0 {
		ctx["samples"] = rc.Samples
	}
	if rc.Source != "" {
		ctx["source"] = rc.Source
	}
	v := report.Violation{ContractID: rc.ID, Threshold: rc.Threshold, Context: ctx}
	if rc.Measured != nil {
		v.Measured = *rc.Measured
	}
	return v
}

func unmeasured(rc report.Contract, why string) report.Contract {
	rc.Status = report.StatusUnmeasured
	rc.Reason = why
	return rc
}

// keysWithUnit returns the keys of bench and its sub-benchmarks in unit.
func keysWithUnit(set *sample.Set, pkg, bench, unit string) []sample.Key {
	if set == nil {
		return nil
	}
	var keys []sample.Key
	for _, k := range set.FindTree(pkg, bench) {
		if k.Unit == unit {
			keys = append(keys, k)
		}
	}
	return keys
}

// minCallSamples is the fewest per-call samples a percentile is judged on:
// enough that 5 lie above it. The engine asks for twice that.
func minCallSamples(p float64) int { return stats.SamplesForPercentile(p, 5) }

// CallSamples is how many per-call samples the engine takes for the p-th
// percentile: enough that 10 lie above it.
func CallSamples(p float64) int { return stats.SamplesForPercentile(p, 10) }

func notReported(c Contract, unit string) string {
	switch c.Metric {
	case metric.Queries:
		return fmt.Sprintf("%s reports no %s: open its database with perfsql and report the counts (perfsql docs)", c.Benchmark, unit)
	case metric.Requests:
		return fmt.Sprintf("%s reports no %s: send its requests through perfhttp's client and report the counts", c.Benchmark, unit)
	case metric.Bytes, metric.Allocs:
		return fmt.Sprintf("%s reports no %s: it ran without -benchmem", c.Benchmark, unit)
	case metric.Latency:
		return fmt.Sprintf("%s reported no time per call", c.Benchmark)
	}
	return fmt.Sprintf("%s reports no %s: report it with the perftest helpers", c.Benchmark, unit)
}

func conventionalName(target string) string {
	// example.com/p.(*T).M → BenchmarkT_M; example.com/p.F → BenchmarkF.
	name := target[strings.LastIndex(target, "/")+1:]
	if i := strings.IndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	name = strings.NewReplacer("(*", "", ")", "", "[...]", "").Replace(name)
	return "Benchmark" + strings.ReplaceAll(name, ".", "_")
}

func samples(n int, calls, exact bool) string {
	switch {
	case calls:
		return fmt.Sprintf("%d calls", n)
	case exact:
		return fmt.Sprintf("an exact count, %d repetitions", n)
	}
	return fmt.Sprintf("median of %d repetitions", n)
}

// FormatValue prints v, a value in a report unit, for people: times scaled
// to ns/µs/ms/s, bytes to B/KiB/MiB, counts as they are.
func FormatValue(v float64, unit string) string {
	switch unit {
	case "ms":
		switch a := math.Abs(v); {
		case a == 0:
			return "0s"
		case a < 1e-3:
			return fmtNum(v*1e6) + "ns"
		case a < 1:
			return fmtNum(v*1e3) + "µs"
		case a < 1e3:
			return fmtNum(v) + "ms"
		default:
			return fmtNum(v/1e3) + "s"
		}
	case "B":
		switch a := math.Abs(v); {
		case a < 1<<10:
			return fmtNum(v) + "B"
		case a < 1<<20:
			return fmtNum(v/(1<<10)) + "KiB"
		case a < 1<<30:
			return fmtNum(v/(1<<20)) + "MiB"
		default:
			return fmtNum(v/(1<<30)) + "GiB"
		}
	case "class":
		if c := metric.Class(v); v == math.Trunc(v) && c.Valid() {
			return c.String()
		}
	}
	if unit == "depth" {
		unit = "levels" // of recursion
	}
	if v == 1 {
		unit = singular(unit)
	}
	return fmtNum(v) + " " + unit
}

// singular turns a count unit into its singular, for a count of one:
// "1 query", "1 alloc", "1 level".
func singular(unit string) string {
	switch {
	case strings.HasSuffix(unit, "ies"):
		return strings.TrimSuffix(unit, "ies") + "y"
	case strings.HasSuffix(unit, "s") && !strings.HasSuffix(unit, "ss"):
		return strings.TrimSuffix(unit, "s")
	}
	return unit
}

// fmtNum prints v with at most 3 significant digits and no exponent for
// everyday magnitudes.
func fmtNum(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	s := strconv.FormatFloat(v, 'g', 3, 64)
	if strings.ContainsAny(s, "e") {
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
	return s
}
