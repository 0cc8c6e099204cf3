package engine

import (
	"context"
	"fmt"
	"strings"

	"github.com/choragen/choragen/internal/gotest"
	"github.com/choragen/choragen/internal/history"
	"github.com/choragen/choragen/internal/report"
	"github.com/choragen/choragen/internal/sample"
)

// BenchRequest says which benchmarks Bench runs and where it keeps them.
type BenchRequest struct {
	// Request gives the directory (Dir), the package patterns relative to
	// it (Patterns, default ./...), the configuration and the overrides
	// of count, warm-up and benchtime. Tests and Strict are ignored.
	Request
	History
	// Bench is the -bench regular expression; "" runs every benchmark.
	Bench string
}

// Bench is choragen perf:bench: it runs the module's benchmarks (every one,
// or those Bench matches, in the packages req.Patterns names) with the
// configured warm-up repetitions, which are discarded, and count
// repetitions kept, summarizes each benchmark metric (the median with its
// 95% interval, outliers counted and kept) and stores the run in one
// transaction: every sample, the summaries, the machine, commit, branch
// and dirty flag, and the report. Nothing is stored when the run is
// interrupted or the store refuses it.
//
// No benchmark at all is an error (exit code 2), and so is a build
// failure; a benchmark that fails is listed in Failed, and the others are
// stored.
func (e *Engine) Bench(ctx context.Context, req BenchRequest) (*report.BenchResult, error) {
	cfg, err := LoadConfig(req.Request)
	if err != nil {
		return nil, err
	}
	count, warmup, benchtime := cfg.Benchmarks.Count, cfg.Benchmarks.Warmup, cfg.Benchmarks.Benchtime
	if req.Count > 0 {
		count = req.Count
	}
	if req.WarmupSet {
		warmup = req.Warmup
	}
	if req.Benchtime != "" {
		benchtime = req.Benchtime
	}
	if count < 6 {
		return nil, &Error{Msg: fmt.Sprintf("benchmarks.count %d: need at least 6 repetitions for a finite 95%% interval", count)}
	}
	t, err := e.newTracker(ctx, req.Request, req.History, cfg, "perf:bench")
	if err != nil {
		return nil, err
	}
	defer t.store.Close()

	dir := req.Dir
	if dir == "" {
		dir = "."
	}
	pkgs := req.Patterns
	if len(pkgs) == 0 {
		pkgs = []string{"./..."}
	}
	bench := req.Bench
	if bench == "" {
		bench = "."
	}
	e.logf("bench: -bench %s in %s, %d repetitions (+%d warm-up) of %s", bench, strings.Join(pkgs, " "), count, warmup, benchtime)
	out, err := gotest.Bench(ctx, gotest.Options{
		Dir:       dir,
		Packages:  pkgs,
		Bench:     bench,
		Count:     count + warmup,
		Benchtime: benchtime,
		Benchmem:  true,
		Env:       e.Env,
		Progress:  e.progress(),
		Go:        e.Go,
	})
	if err != nil {
		return nil, err
	}
	if be := out.BuildError(); be != nil {
		return nil, be
	}
	set := sample.FromResults(out.Results(), out.Units, warmup)
	res := &report.BenchResult{Store: history.Redact(t.dsn)}
	for _, f := range out.Failures() {
		res.Failed = append(res.Failed, fmt.Sprintf("%s %s: %s", f.Package, f.Name, f.Reason))
	}
	rows := benchmarkRows(set)
	if len(rows) == 0 {
		if len(res.Failed) > 0 {
			return nil, &Error{Msg: fmt.Sprintf("every benchmark failed, nothing stored: %s", strings.Join(res.Failed, "; "))}
		}
		return nil, &Error{Msg: fmt.Sprintf("no benchmark matched -bench %s in %s under %s: nothing stored", bench, strings.Join(pkgs, " "), dir)}
	}
	r := &report.Report{
		Timestamp:  e.now().UTC(),
		Module:     t.info.Module,
		Contracts:  []report.Contract{},
		Violations: []report.Violation{},
		Benchmarks: rows,
		Passed:     len(res.Failed) == 0,
	}
	for _, f := range res.Failed {
		r.Warnings = append(r.Warnings, f)
		r.Reasons = append(r.Reasons, "benchmark failed: "+f)
	}
	for _, w := range t.info.Warnings {
		r.Warnings = append(r.Warnings, w)
	}
	t.measured(set, r)
	if err := t.save(ctx, r); err != nil {
		return nil, err
	}
	res.Report = r
	return res, nil
}
