package engine

import (
	"fmt"
	"math"
	"sort"

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
