package engine

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/choragen/choragen/internal/complexity"
	"github.com/choragen/choragen/internal/metric"
	"github.com/choragen/choragen/internal/report"
	"github.com/choragen/choragen/internal/sample"
	"github.com/choragen/choragen/internal/stats"
	"github.com/choragen/choragen/internal/verdict"
)

// judge gives every contract its verdict and lists the benchmarks.
func (e *Engine) judge(p *plan, m *measured) *report.Report {
	now := e.now().UTC()
	r := &report.Report{
		Timestamp:  now,
		Module:     p.found.Module.Path,
		Contracts:  []report.Contract{},
		Violations: []report.Violation{},
		Benchmarks: []report.Benchmark{},
	}
	for _, c := range p.contracts {
		var rc report.Contract
		if c.Metric == metric.Complexity {
			if c.Origin == "config" && !verdict.HasSizes(m.sweeps, c.Package, c.Benchmark) {
				// complexity.enforce applies to size-parameterised
				// benchmarks only (docs/config.md).
				continue
			}
			rc = verdict.JudgeComplexity(c, m.sweeps, complexity.DefaultOptions)
		} else {
			rc = verdict.Judge(c, m.Measurements)
		}
		r.Contracts = append(r.Contracts, rc)
		if rc.Status == report.StatusFailed {
			v := verdict.Violation(rc)
			v.Timestamp = now
			r.Violations = append(r.Violations, v)
		}
	}
	joinEvidence(r, m.evidence, p.moduleDir())
	r.Benchmarks = benchmarkRows(m.Runs)
	for _, f := range m.failures {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%s %s: %s", f.Package, f.Name, f.Reason))
	}
	if m.config.CPU != "" || m.config.GOOS != "" {
		r.Run = &report.Run{GOOS: m.config.GOOS, GOARCH: m.config.GOARCH, CPU: m.config.CPU, GOMAXPROCS: m.config.GOMAXPROCS}
	}
	return r
}

// benchmarkRows summarises every series of the run: one row per benchmark
// and unit, in the order the benchmarks ran.
func benchmarkRows(set *sample.Set) []report.Benchmark {
	rows := []report.Benchmark{}
	if set == nil {
		return rows
	}
	for _, k := range set.Keys() {
		vs := set.Values(k)
		if len(vs) == 0 {
			continue
		}
		s := stats.Summarize(vs, stats.UnitOf(k.Unit, set.Units))
		if math.IsNaN(s.Center) || math.IsInf(s.Center, 0) {
			continue // JSON has no NaN; a series without a centre has no row
		}
		row := report.Benchmark{
			Name:     k.Name,
			Package:  k.Package,
			Unit:     k.Unit,
			Current:  s.Center,
			N:        s.N,
			Outliers: s.Outliers,
		}
		if s.Finite() {
			row.CurrentInterval = &report.Interval{Lo: s.Lo, Hi: s.Hi, Confidence: s.Confidence}
		}
		for _, w := range s.Warnings {
			row.Warnings = append(row.Warnings, w.Error())
		}
		rows = append(rows, row)
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].Package != rows[j].Package {
			return rows[i].Package < rows[j].Package
		}
		return false
	})
	return rows
}

// joinEvidence adds to r what the benchmark processes recorded for the
// contracts their benchmarks measure: the N+1s that perfsql.BenchQueries
// found, each a violation with the benchmark's name in its context
// ("benchmark") and the fingerprint, call site and count.
//
// A violation goes to the listed contract with its id; else to the
// contract of its metric that its benchmark measures (the one whose target
// is on the violation's stack, when several are). The verdict stays the
// one measured (queries/op): the violation is its evidence, merged into
// the contract's context and reason and into the contract's violation. A
// contract left unmeasured (its benchmark reports no queries/op) fails
// when the evidence alone breaks it (an N+1 of 20 statements is at least
// 20 queries per call); one that passed stays passed, and a warning names
// the N+1. Evidence for no contract is a warning.
//
// Violations without a benchmark, of the contracts a process judges at run
// time, are left out: those are judged in test runs (runTests), on the
// tests' workload, not on the benchmarks' repetitions.
func joinEvidence(r *report.Report, files []outFile, moduleDir string) {
	for _, f := range files {
		evidence := false
		for _, v := range f.Violations {
			bench, _ := v.Context["benchmark"].(string)
			if bench == "" {
				continue
			}
			evidence = true
			v.Context["process"] = f.Package
			if site, ok := v.Context["site"].(string); ok {
				if file, line, ok := cutLine(site); ok {
					v.Context["site"] = relTo(moduleDir, file) + ":" + line
				}
			}
			i := evidenceFor(r, f.Package, bench, v)
			if i < 0 {
				r.Warnings = append(r.Warnings, fmt.Sprintf("%s in %s: %s (no %s contract measured by %s)",
					bench, f.Package, describeEvidence(v, f.Package), contextString(v.Context, "metric"), bench))
				continue
			}
			addEvidence(r, i, v)
		}
		// The dropped violations of a process that recorded no evidence
		// were run-time ones, which are not joined.
		if evidence && f.Dropped > 0 {
			r.Warnings = append(r.Warnings, fmt.Sprintf("%s (pid %d, benchmarks): the collector dropped %d violations; N+1 findings may be missing", f.Package, f.PID, f.Dropped))
		}
	}
}

// evidenceFor returns the index in r.Contracts of the contract that v, a
// violation recorded by benchmark bench of package pkg, is evidence for;
// -1 for none.
func evidenceFor(r *report.Report, pkg, bench string, v report.Violation) int {
	for i, c := range r.Contracts {
		if c.ID == v.ContractID {
			return i
		}
	}
	base, _, _ := strings.Cut(bench, "/")
	metricName := contextString(v.Context, "metric")
	var candidates []int
	for i, c := range r.Contracts {
		if c.Package == pkg && c.Benchmark == base && c.Metric == metricName {
			candidates = append(candidates, i)
		}
	}
	if len(candidates) == 1 {
		return candidates[0]
	}
	stack, _ := v.Context["stack"].([]any)
	for _, i := range candidates {
		for _, frame := range stack {
			if fn, _, _ := strings.Cut(fmt.Sprint(frame), " "); fn == r.Contracts[i].Target {
				return i
			}
		}
	}
	return -1
}

// evidenceKeys are the context keys of an N+1 finding that the contract
// and its violation take over.
var evidenceKeys = []string{"nplusone", "fingerprint", "site", "function", "count", "n", "countAtN"}

// addEvidence merges v into contract i of r and into its violation.
func addEvidence(r *report.Report, i int, v report.Violation) {
	c := &r.Contracts[i]
	text := describeEvidence(v, c.Package)
	if strings.Contains(c.Reason, text) {
		return // the same finding, from another process
	}
	if c.Context == nil {
		c.Context = map[string]any{}
	}
	if n, ok := c.Context["findings"].(int); ok {
		c.Context["findings"] = n + 1
	} else {
		// The first finding is the largest (perfsql sorts them) and names
		// the keys; the reason lists every one.
		c.Context["findings"] = 1
		for _, k := range evidenceKeys {
			if val, ok := v.Context[k]; ok {
				c.Context[k] = val
			}
		}
	}
	switch {
	case c.Status == report.StatusUnmeasured && c.Measured == nil && v.Measured > c.Threshold:
		c.Status = report.StatusFailed
		c.Measured = report.Float(v.Measured)
		c.Reason = fmt.Sprintf("at least %s per call > %s (%s): %s; %s", verdict.FormatValue(v.Measured, c.Unit),
			verdict.FormatValue(c.Threshold, c.Unit), contextString(v.Context, "benchmark"), text, c.Reason)
		fv := verdict.Violation(*c)
		fv.Timestamp = v.Timestamp
		r.Violations = append(r.Violations, fv)
	case c.Reason == "":
		c.Reason = text
	default:
		c.Reason += "; " + text
	}
	if c.Status == report.StatusPassed {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%s passed, but %s", c.ID, text))
	}
	for j := range r.Violations {
		if r.Violations[j].ContractID != c.ID {
			continue
		}
		if r.Violations[j].Context == nil {
			r.Violations[j].Context = map[string]any{}
		}
		for _, k := range evidenceKeys {
			if val, ok := c.Context[k]; ok {
				r.Violations[j].Context[k] = val
			}
		}
	}
}

// describeEvidence says what a violation recorded by a benchmark found, in
// one line: for an N+1, its call site, fingerprint and count. Functions
// of package pkg are named without it.
func describeEvidence(v report.Violation, pkg string) string {
	if _, ok := v.Context["nplusone"]; !ok {
		return fmt.Sprintf("%s: measured %v > %v", v.ContractID, v.Measured, v.Threshold)
	}
	at := contextString(v.Context, "site")
	if fn := contextString(v.Context, "function"); fn != "" {
		if rest, ok := strings.CutPrefix(fn, pkg+"."); ok && pkg != "" {
			fn = rest
		}
		at += " in " + fn
	}
	count := contextString(v.Context, "count")
	if v.Context["nplusone"] == "scaling" {
		n, _ := v.Context["n"].(float64)
		return fmt.Sprintf("N+1 at %s: %q ran %s× at n=%v and %s× at n=%v", at, contextString(v.Context, "fingerprint"),
			contextString(v.Context, "countAtN"), n, count, 2*n)
	}
	return fmt.Sprintf("N+1 at %s: %q ran %s× in one call", at, contextString(v.Context, "fingerprint"), count)
}

// contextString returns ctx[key] as text: strings as they are, numbers
// as Go prints them.
func contextString(ctx map[string]any, key string) string {
	switch val := ctx[key].(type) {
	case nil:
		return ""
	case string:
		return val
	case float64:
		return strconv.FormatFloat(val, 'f', -1, 64)
	default:
		return fmt.Sprint(val)
	}
}
