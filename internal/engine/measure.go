package engine

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
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
	// evidence is what the benchmark processes of the ordinary runs wrote
	// to $CHORAGEN_PERF_OUT: the N+1s that perfsql.BenchQueries found,
	// which judge joins to the contracts their benchmarks measure.
	evidence []outFile
}

// measure runs the plan's benchmarks: every bound benchmark with the
// configured repetitions (with $CHORAGEN_PERF_OUT set, for the N+1s their
// processes find); then the benchmarks of heap contracts again under
// GODEBUG=gcstoptheworld=1, whose peak-heap-B replaces the first run's;
// then the complexity sweeps; then, for percentile contracts whose
// benchmark does not report percentiles itself, the per-call runs.
func (e *Engine) measure(ctx context.Context, p *plan) (*measured, error) {
	m := &measured{Measurements: verdict.Measurements{Runs: sample.New(p.warmup), Failed: map[string]string{}}}
	if len(p.pkgs) == 0 {
		return m, nil
	}
	var names []string
	for _, pkg := range p.pkgs {
		names = append(names, p.benches[pkg]...)
	}
	outDir, err := os.MkdirTemp("", "choragen-bench-out-")
	if err != nil {
		return nil, &Error{Msg: fmt.Sprintf("create violations directory: %v", err)}
	}
	defer os.RemoveAll(outDir)
	e.logf("bench: %d benchmarks in %d packages, %d repetitions (+%d warm-up) of %s", len(names), len(p.pkgs), p.count, p.warmup, p.benchtime)
	out, err := gotest.Bench(ctx, gotest.Options{
		Dir:       p.moduleDir(),
		Packages:  p.pkgs,
		Bench:     gotest.MatchBenchmarks(dedupe(names)...),
		Count:     p.count + p.warmup,
		Benchtime: p.benchtime,
		Benchmem:  true,
		Env:       append(append([]string(nil), e.Env...), outEnv+"="+outDir),
		Progress:  e.progress(),
		Go:        e.Go,
	})
	if err != nil {
		return nil, forDisplay(err, p.moduleDir())
	}
	if be := out.BuildError(); be != nil {
		return nil, forDisplay(be, p.moduleDir())
	}
	if m.evidence, err = readOutDir(outDir); err != nil {
		return nil, &Error{Msg: err.Error()}
	}
	m.addFailures(out)
	results, units := out.Results(), out.Units
	if heap, err := e.heapPass(ctx, p, m); err != nil {
		return nil, err
	} else if heap != nil {
		results = withHeap(results, heap.Results(), p.heapBenches())
		units = mergeUnits(units, heap.Units)
	}
	m.Runs = sample.FromResults(results, units, p.warmup)
	m.config = m.Runs.Config
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

// heapGODEBUG is the setting the heap pass runs with: every collection
// stops the program while it marks, so the live heap it counts has no
// floating garbage (docs/perf.md, "Peak heap").
const heapGODEBUG = "gcstoptheworld=1"

// heapPass runs the benchmarks that heap contracts bind once more, with
// GODEBUG=gcstoptheworld=1 and the configured repetitions, and returns
// their output (nil when no contract needs it). Only their peak-heap-B is
// kept (withHeap): time and allocations are distorted under the setting,
// and come from the ordinary run.
func (e *Engine) heapPass(ctx context.Context, p *plan, m *measured) (*gotest.Output, error) {
	benches := p.heapBenches()
	var pkgs, names []string
	for pkg, bs := range benches {
		for _, b := range bs {
			if _, failed := m.Failed[verdict.FailedKey(pkg, b)]; !failed {
				names = append(names, b)
				pkgs = append(pkgs, pkg)
			}
		}
	}
	if len(names) == 0 {
		return nil, nil
	}
	e.logf("bench: heap contracts: %d benchmarks again with GODEBUG=%s", len(dedupe(names)), heapGODEBUG)
	out, err := gotest.Bench(ctx, gotest.Options{
		Dir:       p.moduleDir(),
		Packages:  dedupe(pkgs),
		Bench:     gotest.MatchBenchmarks(dedupe(names)...),
		Count:     p.count + p.warmup,
		Benchtime: p.benchtime,
		Env:       append(append([]string(nil), e.Env...), withGODEBUG(e.Env, heapGODEBUG)),
		Progress:  e.progress(),
		Go:        e.Go,
	})
	if err != nil {
		return nil, forDisplay(err, p.moduleDir())
	}
	if be := out.BuildError(); be != nil {
		return nil, forDisplay(be, p.moduleDir())
	}
	m.addFailures(out)
	return out, nil
}

// withGODEBUG returns the GODEBUG entry for the go commands the engine
// runs with setting added to what env (else this process's environment)
// sets already; a later setting wins over an earlier one of the same key.
func withGODEBUG(env []string, setting string) string {
	cur := os.Getenv("GODEBUG")
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "GODEBUG="); ok {
			cur = v
		}
	}
	if cur == "" {
		return "GODEBUG=" + setting
	}
	return "GODEBUG=" + cur + "," + setting
}

// withHeap returns the results of the ordinary run with the peak-heap-B
// of the benchmarks in heap (per package, top-level names) taken from the
// heap pass instead: the ordinary run's values of that unit are dropped,
// and the heap pass's take their place, the k-th repetition's beside the
// k-th repetition's other values, so that the series keep their order.
// The heap pass's other values are left out.
func withHeap(results, heapResults []*benchfmt.Result, heap map[string][]string) []*benchfmt.Result {
	unit := heapUnit()
	inHeap := func(r *benchfmt.Result) bool {
		return slices.Contains(heap[r.GetConfig("pkg")], "Benchmark"+string(r.Name.Base()))
	}
	only := func(r *benchfmt.Result, keep bool) *benchfmt.Result {
		c := r.Clone()
		c.Values = slices.DeleteFunc(c.Values, func(v benchfmt.Value) bool { return (v.Unit == unit) != keep })
		return c
	}
	// pending holds the heap pass's results per package and full name, in
	// run order.
	pending := map[string][]*benchfmt.Result{}
	key := func(r *benchfmt.Result) string { return r.GetConfig("pkg") + "\x00" + string(r.Name) }
	for _, r := range heapResults {
		if inHeap(r) {
			if r = only(r, true); len(r.Values) > 0 {
				pending[key(r)] = append(pending[key(r)], r)
			}
		}
	}
	out := make([]*benchfmt.Result, 0, len(results)+len(heapResults))
	for _, r := range results {
		if inHeap(r) {
			r = only(r, false)
			if q := pending[key(r)]; len(q) > 0 {
				r.Values = append(r.Values, q[0].Values...)
				pending[key(r)] = q[1:]
			}
		}
		out = append(out, r)
	}
	for _, r := range heapResults { // repetitions the ordinary run lacks
		if q := pending[key(r)]; len(q) > 0 {
			out = append(out, q...)
			pending[key(r)] = nil
		}
	}
	return out
}

// heapUnit is the benchmark unit of heap contracts.
func heapUnit() string {
	in, _ := metric.Lookup(metric.Heap)
	return in.BenchUnit
}

// heapBenches returns, per package, the benchmarks that heap contracts
// bind, sorted.
func (p *plan) heapBenches() map[string][]string {
	out := map[string][]string{}
	for _, c := range p.contracts {
		if c.Metric == metric.Heap && c.Benchmark != "" && !slices.Contains(out[c.Package], c.Benchmark) {
			out[c.Package] = append(out[c.Package], c.Benchmark)
		}
	}
	for _, bs := range out {
		sort.Strings(bs)
	}
	return out
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
