package engine

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/choragen/choragen/internal/config"
	"github.com/choragen/choragen/internal/discover"
	"github.com/choragen/choragen/internal/metric"
	"github.com/choragen/choragen/internal/score"
	"github.com/choragen/choragen/internal/verdict"
)

// plan is what a check will measure and judge.
type plan struct {
	req       Request
	cfg       *config.Config
	found     *discover.Result
	contracts []verdict.Contract
	// benches are the benchmarks to run, per package, in order.
	benches map[string][]string
	// pkgs are the packages with benchmarks to run, sorted.
	pkgs []string
	// sized names the bound benchmarks known to have size sub-benchmarks
	// only after they ran; enforce-all complexity rules wait on them.
	count, warmup int
	benchtime     string
}

func (p *plan) thresholds() score.Thresholds {
	return score.Thresholds{MinScore: p.cfg.Thresholds.MinScore, MaxViolations: p.cfg.Thresholds.MaxViolations}
}

// moduleDir is the root of the module checked.
func (p *plan) moduleDir() string { return p.found.Module.Dir }

func (e *Engine) plan(ctx context.Context, req Request) (*plan, error) {
	cfg, err := LoadConfig(req)
	if err != nil {
		return nil, err
	}
	dir := req.Dir
	if dir == "" {
		dir = "."
	}
	found, err := discover.Load(ctx, discover.Options{Dir: dir, Patterns: req.Patterns, Root: cfg.Root()})
	if err != nil {
		if errors.Is(err, discover.ErrNoPackages) {
			return nil, &Error{Msg: fmt.Sprintf("%v under %s", err, dir), Err: err}
		}
		return nil, &Error{Msg: err.Error(), Err: err}
	}
	if err := found.Err(); err != nil {
		return nil, forDisplay(err, found.Module.Dir)
	}

	p := &plan{req: req, cfg: cfg, found: found, benches: map[string][]string{}}
	p.count, p.warmup, p.benchtime = cfg.Benchmarks.Count, cfg.Benchmarks.Warmup, cfg.Benchmarks.Benchtime
	if req.Count > 0 {
		p.count = req.Count
	}
	if req.WarmupSet {
		p.warmup = req.Warmup
	}
	if req.Benchtime != "" {
		p.benchtime = req.Benchtime
	}
	if err := p.bind(); err != nil {
		return nil, err
	}
	e.logf("plan: %d packages, %d contracts, %d benchmarks to run", len(found.Packages), len(p.contracts), p.benchCount())
	return p, nil
}

func (p *plan) benchCount() int {
	n := 0
	for _, b := range p.benches {
		n += len(b)
	}
	return n
}

// bind turns directives and config rules into contracts and lists the
// benchmarks that measure them. Precedence (DESIGN.md): a directive beats
// the config for every metric of its section; among config rules the most
// specific override beats the default (config.Rules applies that).
func (p *plan) bind() error {
	seen := map[string]string{} // id → source, to refuse duplicates
	add := func(c verdict.Contract) error {
		id := c.ID()
		if prev, ok := seen[id]; ok {
			return &Error{Msg: fmt.Sprintf("%s: contract %s declared twice (first at %s)", c.Source, id, prev)}
		}
		seen[id] = c.Source
		p.contracts = append(p.contracts, c)
		return nil
	}
	bound := map[string]map[string]bool{}
	need := func(pkg, bench string) {
		if bench == "" {
			return
		}
		if bound[pkg] == nil {
			bound[pkg] = map[string]bool{}
		}
		bound[pkg][bench] = true
	}
	for _, pkg := range p.found.Packages {
		for _, f := range pkg.Funcs {
			sections := map[string]bool{}
			for _, s := range f.Specs {
				sections[s.Directive] = true
				c := verdict.Contract{
					Metric:     s.Metric,
					Target:     f.Target,
					Relative:   f.Relative,
					Package:    pkg.ImportPath,
					Threshold:  s.Max,
					Percentile: s.Percentile,
					Class:      s.Class,
					Benchmark:  f.Bench,
					Source:     fmt.Sprintf("%s:%d", relTo(p.moduleDir(), s.Pos.Filename), s.Pos.Line),
					Origin:     "directive",
				}
				if err := add(c); err != nil {
					return err
				}
				need(pkg.ImportPath, f.Bench)
			}
			if f.Bench == "" {
				continue // config defaults give contracts to benchmarked functions only
			}
			for _, r := range p.cfg.Rules(f.Relative) {
				if sections[r.Section] {
					continue
				}
				c := verdict.Contract{
					Metric:     r.Metric,
					Target:     f.Target,
					Relative:   f.Relative,
					Package:    pkg.ImportPath,
					Threshold:  r.Max,
					Percentile: r.Percentile,
					Class:      r.Class,
					Benchmark:  f.Bench,
					Source:     fmt.Sprintf("%s:%d", relTo(p.moduleDir(), absPath(r.Pos.File)), r.Pos.Line),
					Origin:     "config",
					Pattern:    r.Pattern,
				}
				if err := add(c); err != nil {
					return err
				}
				need(pkg.ImportPath, f.Bench)
			}
		}
	}
	for pkg, set := range bound {
		for b := range set {
			p.benches[pkg] = append(p.benches[pkg], b)
		}
		sort.Strings(p.benches[pkg])
		p.pkgs = append(p.pkgs, pkg)
	}
	sort.Strings(p.pkgs)
	sort.SliceStable(p.contracts, func(i, j int) bool {
		a, b := p.contracts[i], p.contracts[j]
		if a.Target != b.Target {
			return a.Target < b.Target
		}
		return metricOrder(a.Metric) < metricOrder(b.Metric)
	})
	return nil
}

func metricOrder(m metric.Metric) int {
	for i, in := range metric.All() {
		if in.Metric == m {
			return i
		}
	}
	return len(metric.All())
}

func absPath(p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

// percentiles returns, per package, the benchmarks that percentile
// contracts bind and the most samples any of them needs.
func (p *plan) percentiles() map[string]map[string]int {
	out := map[string]map[string]int{}
	for _, c := range p.contracts {
		if c.Metric != metric.Latency || c.Percentile == 0 || c.Benchmark == "" {
			continue
		}
		if out[c.Package] == nil {
			out[c.Package] = map[string]int{}
		}
		if n := verdict.CallSamples(c.Percentile); n > out[c.Package][c.Benchmark] {
			out[c.Package][c.Benchmark] = n
		}
	}
	return out
}

// complexityBenches returns, per package, the benchmarks that complexity
// contracts bind.
func (p *plan) complexityBenches() map[string][]string {
	out := map[string][]string{}
	seen := map[string]bool{}
	for _, c := range p.contracts {
		if c.Metric != metric.Complexity || c.Benchmark == "" || seen[c.Package+"\x00"+c.Benchmark] {
			continue
		}
		seen[c.Package+"\x00"+c.Benchmark] = true
		out[c.Package] = append(out[c.Package], c.Benchmark)
	}
	return out
}

// displayTarget is a short name for progress lines.
func displayTarget(c verdict.Contract) string {
	if c.Relative != "" {
		return c.Relative
	}
	return c.Target[strings.LastIndex(c.Target, "/")+1:]
}
