package engine

import (
	"context"
	"sort"
	"time"

	"golang.org/x/perf/benchfmt"

	"github.com/choragen/choragen/internal/complexity"

	"github.com/choragen/choragen/internal/gotest"
	"github.com/choragen/choragen/internal/metric"
	"github.com/choragen/choragen/internal/sample"
	"github.com/choragen/choragen/internal/verdict"
)

// measured is what the runs of a check produced.
type measured struct {
	verdict.Measurements
	// sweeps are the repetitions complexity contracts are fitted on: the
	// ordinary runs of their benchmarks and the extra rounds.
	sweeps *sample.Set
	// config is where the repetitions ran (goos, goarch, cpu).
	config sample.Config
	// failures are the benchmarks that failed, for the report's warnings.
	failures []*gotest.Failure
}

// measure runs the plan's benchmarks: every bound benchmark with the
// configured repetitions, then, for percentile contracts whose benchmark
// does not report percentiles itself, the per-call runs.
func (e *Engine) measure(ctx context.Context, p *plan) (*measured, error) {
	m := &measured{Measurements: verdict.Measurements{Runs: sample.New(p.warmup), Failed: map[string]string{}}}
	if len(p.pkgs) == 0 {
		return m, nil
	}
	var names []string
	for _, pkg := range p.pkgs {
		names = append(names, p.benches[pkg]...)
	}
	e.logf("bench: %d benchmarks in %d packages, %d repetitions (+%d warm-up) of %s", len(names), len(p.pkgs), p.count, p.warmup, p.benchtime)
	out, err := gotest.Bench(ctx, gotest.Options{
		Dir:       p.moduleDir(),
		Packages:  p.pkgs,
		Bench:     gotest.MatchBenchmarks(dedupe(names)...),
		Count:     p.count + p.warmup,
		Benchtime: p.benchtime,
		Benchmem:  true,
		Env:       e.Env,
		Progress:  e.progress(),
		Go:        e.Go,
	})
	if err != nil {
		return nil, forDisplay(err, p.moduleDir())
	}
	if be := out.BuildError(); be != nil {
		return nil, forDisplay(be, p.moduleDir())
	}
	m.Runs = sample.FromResults(out.Results(), out.Units, p.warmup)
	m.config = m.Runs.Config
	m.addFailures(out)
	if err := e.sweep(ctx, p, m, out); err != nil {
		return nil, err
	}

	// Per-call runs for percentiles the benchmarks do not report.
	perCall := map[string]map[string]int{}
	for pkg, benches := range p.percentiles() {
		for bench, n := range benches {
			if reportsPercentiles(m.Runs, pkg, bench) {
				continue
			}
			if _, failed := m.Failed[verdict.FailedKey(pkg, bench)]; failed {
				continue
			}
			if perCall[pkg] == nil {
				perCall[pkg] = map[string]int{}
			}
			perCall[pkg][bench] = n
		}
	}
	if len(perCall) == 0 {
		return m, nil
	}
	var (
		pkgs    []string
		callNs  []string
		samples int
	)
	for pkg, benches := range perCall {
		pkgs = append(pkgs, pkg)
		for b, n := range benches {
			callNs = append(callNs, b)
			samples = max(samples, n)
		}
	}
	sort.Strings(pkgs)
	// The first calls pay for cold caches and lazy set-up; drop 2% of them
	// (at least the configured warm-up), as repetitions drop their warm-up.
	warm := max(p.warmup, samples/50)
	e.logf("bench: per-call samples for percentiles: %d calls each of %d benchmarks", samples, len(callNs))
	calls, err := gotest.Bench(ctx, gotest.Options{
		Dir:      p.moduleDir(),
		Packages: pkgs,
		Bench:    gotest.MatchBenchmarks(dedupe(callNs)...),
		Count:    samples + warm,
		Mode:     gotest.PerCall,
		Env:      e.Env,
		Progress: quietPerCall{e.progress()},
		Go:       e.Go,
	})
	if err != nil {
		return nil, err
	}
	if be := calls.BuildError(); be != nil {
		return nil, be
	}
	m.PerCall = sample.FromResults(calls.Results(), calls.Units, warm)
	m.addFailures(calls)
	return m, nil
}

// sweepBudget bounds the extra rounds of size sweeps for complexity
// contracts.
const sweepBudget = 40 * time.Second

// sweep runs extra rounds of the benchmarks that complexity contracts bind.
// go test runs the repetitions of one sub-benchmark back to back, so a
// burst of load from other processes can spoil all of them; rounds taken
// apart are disturbed independently, and the complexity fit (which works
// from each size's fastest repetitions) then rarely sees a disturbed one.
func (e *Engine) sweep(ctx context.Context, p *plan, m *measured, first *gotest.Output) error {
	results := first.Results()
	units := first.Units
	defer func() { m.sweeps = sample.FromResults(results, units, p.warmup) }()

	benches := p.complexityBenches()
	var (
		pkgs, names []string
		sizes       []int
	)
	for pkg, bs := range benches {
		for _, b := range bs {
			if _, failed := m.Failed[verdict.FailedKey(pkg, b)]; failed {
				continue
			}
			found := false
			for _, k := range m.Runs.FindTree(pkg, b) {
				if n := sample.ParseName(k.Name); n.HasSize() && k.Unit == "sec/op" {
					sizes = append(sizes, n.Size)
					found = true
				}
			}
			if found {
				names = append(names, b)
				pkgs = append(pkgs, pkg)
			}
		}
	}
	if len(names) == 0 {
		return nil
	}
	plan := complexity.Plan(sizes, sweepBudget)
	rounds := plan.Rounds - 1 // the ordinary run was the first
	if rounds < 1 {
		rounds = 1
	}
	e.logf("bench: complexity sweeps: %d more rounds of %d sizes, %d × %s", rounds, len(sizes), plan.Count, plan.Benchtime)
	for range rounds {
		out, err := gotest.Bench(ctx, gotest.Options{
			Dir:       p.moduleDir(),
			Packages:  dedupe(pkgs),
			Bench:     gotest.MatchBenchmarks(dedupe(names)...),
			Count:     plan.Count,
			Benchtime: plan.Benchtime.String(),
			Env:       e.Env,
			Progress:  e.progress(),
			Go:        e.Go,
		})
		if err != nil {
			return forDisplay(err, p.moduleDir())
		}
		if be := out.BuildError(); be != nil {
			return forDisplay(be, p.moduleDir())
		}
		results = append(results, out.Results()...)
		for k, v := range out.Units {
			if units == nil {
				units = map[benchfmt.UnitMetadataKey]*benchfmt.UnitMetadata{}
			}
			units[k] = v
		}
		m.addFailures(out)
	}
	return nil
}

func (m *measured) addFailures(out *gotest.Output) {
	for _, f := range out.Failures() {
		m.failures = append(m.failures, f)
		base := sample.ParseName(f.Name).Base
		if base == "" {
			continue
		}
		if _, ok := m.Failed[verdict.FailedKey(f.Package, base)]; !ok {
			m.Failed[verdict.FailedKey(f.Package, base)] = f.Reason
		}
	}
}

// reportsPercentiles reports whether bench (or a sub-benchmark) reported
// any pN-sec/op metric itself.
func reportsPercentiles(set *sample.Set, pkg, bench string) bool {
	for _, k := range set.FindTree(pkg, bench) {
		if _, ok := metric.ParsePercentileUnit(k.Unit); ok {
			return true
		}
	}
	return false
}

func dedupe(names []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range names {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}
