package engine

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	"golang.org/x/perf/benchunit"

	"github.com/choragen/choragen/internal/history"
	"github.com/choragen/choragen/internal/report"
)

// HistoryRequest says which series History reads.
type HistoryRequest struct {
	// Dir is a directory of the module; Config its configuration file.
	Dir, Config string
	// History names the store; Branch, when set, keeps the runs of that
	// branch only.
	History
	// Benchmark is the benchmark's name as Go prints it, without the
	// -GOMAXPROCS suffix ("BenchmarkHash/n=1024"; the "Benchmark" prefix
	// may be left out); "" reads the score instead.
	Benchmark string
	// Package is the benchmark's import path; "" finds it when only one
	// package of recent runs has the benchmark.
	Package string
	// Unit is the metric ("sec/op", "B/op", "allocs/op"; "ns/op" is read
	// as "sec/op"); "" is sec/op.
	Unit string
	// Limit is how many of the last runs to return; 0 is 20.
	Limit int
	// ThisMachine keeps the runs made on a machine comparable with this
	// one.
	ThisMachine bool
}

// DefaultHistoryLimit is how many runs History returns by default.
const DefaultHistoryLimit = 20

// History is choragen perf:history: a benchmark metric's summaries over
// the module's last runs, or the score of its last scored runs, oldest
// first. It reads only the per-benchmark summaries, never the samples of
// every run.
func (e *Engine) History(ctx context.Context, req HistoryRequest) (*report.HistoryResult, error) {
	cfg, err := LoadConfig(Request{Dir: req.Dir, Config: req.Config})
	if err != nil {
		return nil, err
	}
	info, err := e.collect(ctx, req.Dir, History{Getenv: req.Getenv})
	if err != nil {
		return nil, err
	}
	root := cfg.Root()
	if root == "" {
		root = moduleRoot(req.Dir)
	}
	dsn, _ := req.StoreLocation(cfg, root)
	store, err := e.openStore(ctx, dsn, readStore)
	if err != nil {
		return nil, err
	}
	defer store.Close()

	limit := req.Limit
	if limit <= 0 {
		limit = DefaultHistoryLimit
	}
	out := &report.HistoryResult{Module: info.Module, Branch: req.Branch, Points: []report.HistoryPoint{}}
	var machine *history.Machine
	if req.ThisMachine {
		m := machineOf(info)
		machine = &m
		out.Machine = m.String()
	}
	if req.Benchmark == "" {
		pts, err := store.ScoreSeries(ctx, history.ScoreQuery{Module: info.Module, Branch: req.Branch, Machine: machine, Limit: limit})
		if err != nil {
			return nil, err
		}
		for _, p := range pts {
			out.Points = append(out.Points, report.HistoryPoint{RunID: p.RunID, Time: p.Time, Commit: p.Commit, Branch: p.Branch, Score: report.Float(p.Score)})
		}
		return out, nil
	}

	unit := req.Unit
	if unit == "" {
		unit = "sec/op"
	}
	_, unit = benchunit.Tidy(1, unit)
	pkg, name, err := findBenchmark(ctx, store, dsn, info.Module, req, unit)
	if err != nil {
		return nil, err
	}
	out.Package, out.Benchmark, out.Unit = pkg, name, unit
	pts, err := store.Series(ctx, history.SeriesQuery{
		Module: info.Module, Package: pkg, Name: name, Unit: unit,
		Branch: req.Branch, Machine: machine, Limit: limit,
	})
	if err != nil {
		return nil, err
	}
	for _, p := range pts {
		hp := report.HistoryPoint{
			RunID: p.RunID, Time: p.Time, Commit: p.Commit, Branch: p.Branch, Dirty: p.Dirty,
			N: p.N, Change: p.Change, Regression: p.Regression,
		}
		if !math.IsNaN(p.Center) && !math.IsInf(p.Center, 0) {
			hp.Center = report.Float(p.Center)
		}
		if !math.IsInf(p.Lo, 0) && !math.IsInf(p.Hi, 0) {
			hp.Interval = &report.Interval{Lo: p.Lo, Hi: p.Hi}
		}
		out.Points = append(out.Points, hp)
	}
	return out, nil
}

// findBenchmark finds the package and full name of the benchmark req
// names in the module's recent runs. It fails, naming what there is,
// when no recent run has it, when several packages do and req.Package
// does not choose, or when the benchmark has no such unit.
func findBenchmark(ctx context.Context, s history.Store, dsn, module string, req HistoryRequest, unit string) (pkg, name string, err error) {
	names := []string{req.Benchmark}
	if !strings.HasPrefix(req.Benchmark, "Benchmark") {
		names = append(names, "Benchmark"+req.Benchmark)
	}
	const recent = 20
	runs, err := s.Runs(ctx, history.Filter{Module: module, Branch: req.Branch, Commands: trackedCommands, Limit: recent})
	if err != nil {
		return "", "", err
	}
	type hit struct{ pkg, name string }
	found := map[hit]map[string]bool{} // → units
	for _, ri := range runs {
		run, err := s.Run(ctx, ri.ID)
		if err != nil {
			return "", "", err
		}
		for _, b := range run.Benchmarks {
			if req.Package != "" && b.Package != req.Package {
				continue
			}
			for _, n := range names {
				if b.Name == n {
					h := hit{b.Package, b.Name}
					if found[h] == nil {
						found[h] = map[string]bool{}
					}
					found[h][b.Unit] = true
				}
			}
		}
		if len(found) > 0 {
			break // the newest run that has it decides
		}
	}
	where := fmt.Sprintf("the last %d runs of %s in %s", recent, moduleName(module), history.Redact(dsn))
	switch len(found) {
	case 0:
		what := req.Benchmark
		if req.Package != "" {
			what += " in package " + req.Package
		}
		return "", "", &Error{Msg: fmt.Sprintf("no benchmark %s in %s", what, where), Err: history.ErrNotFound}
	case 1:
	default:
		var pkgs []string
		for h := range found {
			pkgs = append(pkgs, h.pkg)
		}
		sort.Strings(pkgs)
		return "", "", &Error{Msg: fmt.Sprintf("benchmark %s is in several packages (%s): choose one with --package", req.Benchmark, strings.Join(pkgs, ", "))}
	}
	for h, units := range found {
		if !units[unit] {
			var us []string
			for u := range units {
				us = append(us, u)
			}
			sort.Strings(us)
			return "", "", &Error{Msg: fmt.Sprintf("benchmark %s has no %s in %s; it has %s (choose one with --unit)", h.name, unit, where, strings.Join(us, ", "))}
		}
		return h.pkg, h.name, nil
	}
	panic("unreachable")
}
