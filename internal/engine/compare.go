package engine

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"

	"github.com/choragen/choragen/internal/config"
	"github.com/choragen/choragen/internal/history"
	"github.com/choragen/choragen/internal/report"
	"github.com/choragen/choragen/internal/runinfo"
	"github.com/choragen/choragen/internal/stats"
)

// CompareRequest says what Compare compares.
type CompareRequest struct {
	// Dir is a directory of the module whose runs are compared; "" is
	// the current directory. Config is the configuration file; "" finds
	// the nearest one.
	Dir, Config string
	// History names the store; Branch is not used.
	History
	// Base and Head name the two sides, each a file in the Go benchmark
	// format, a run id, or a branch (its latest run), tried in that
	// order. An empty Head is the module's latest run; an empty Base is
	// the baseline of Head, which must then be a run.
	Base, Head string
	// Threshold, when ThresholdSet, overrides benchmarks.
	// regressionThreshold (percent).
	Threshold    float64
	ThresholdSet bool
	// Refs, when set, compares two git commits measured now, their
	// repetitions interleaved, instead of Base and Head.
	Refs *RefsRequest
}

// Compare is choragen perf:compare: it reads both sides, compares every
// benchmark metric present in both by the regression rule (a change in
// the worse direction, significant at alpha 0.05 and larger than the
// threshold) and counts the verdicts. Two files need no store at all.
//
// An error means it could not compare (exit code 2): a side that is
// neither a readable file, nor a stored run id, nor a branch with runs; no
// baseline for the head; a store that cannot be opened. The store is only
// read: a missing SQLite file is not created.
func (e *Engine) Compare(ctx context.Context, req CompareRequest) (*report.Comparison, error) {
	cfg, err := LoadConfig(Request{Dir: req.Dir, Config: req.Config})
	if err != nil {
		return nil, err
	}
	threshold := cfg.Benchmarks.RegressionThreshold
	if req.ThresholdSet {
		threshold = req.Threshold
	}
	c := &report.Comparison{Threshold: threshold, Alpha: stats.DefaultAlpha}
	if req.Refs != nil {
		return e.compareRefs(ctx, req, cfg, c)
	}
	rs := &resolver{e: e, req: req, cfg: cfg}
	defer rs.close()

	var head, base *side
	if req.Head != "" {
		if head, err = rs.resolve(ctx, "--head", req.Head); err != nil {
			return nil, err
		}
	} else if head, err = rs.latest(ctx); err != nil {
		return nil, err
	}
	if req.Base != "" {
		if base, err = rs.resolve(ctx, "--base", req.Base); err != nil {
			return nil, err
		}
	} else if base, err = rs.baselineOf(ctx, head); err != nil {
		return nil, err
	}
	c.Base, c.Head = base.Side, head.Side
	c.Warnings = append(c.Warnings, base.warnings...)
	c.Warnings = append(c.Warnings, head.warnings...)
	if base.info != nil && head.info != nil && base.info.Machine != head.info.Machine {
		c.Warnings = append(c.Warnings, fmt.Sprintf("base ran on %s, head on %s: their timings may differ for that reason alone", base.info.Machine, head.info.Machine))
	}
	fillComparison(c, comparer{threshold: threshold, alpha: c.Alpha}, base.series, head.series)
	return c, nil
}

// fill compares the series and counts the verdicts.
func fillComparison(c *report.Comparison, cmp comparer, base, head *series) {
	var skipped []string
	c.Benchmarks, c.Summary.OnlyBase, c.Summary.OnlyHead, skipped = cmp.compareSeries(base, head)
	for _, s := range skipped {
		c.Warnings = append(c.Warnings, s+": no finite value on one side, not compared")
	}
	c.Summary.Compared = len(c.Benchmarks)
	for _, b := range c.Benchmarks {
		switch {
		case b.Regression:
			c.Summary.Regressions++
		case b.Improvement:
			c.Summary.Improvements++
		default:
			c.Summary.Unchanged++
		}
	}
	if c.Summary.Compared == 0 {
		c.Warnings = append(c.Warnings, "the two sides have no benchmark metric in common: nothing compared")
	}
	if n := c.Summary.OnlyBase + c.Summary.OnlyHead; n > 0 {
		c.Warnings = append(c.Warnings, fmt.Sprintf("not compared: %d benchmark metrics only in the base, %d only in the head", c.Summary.OnlyBase, c.Summary.OnlyHead))
	}
}

// side is a resolved side: what it is and its samples.
type side struct {
	report.Side
	series   *series
	info     *history.RunInfo // a stored run's, else nil
	warnings []string
}

// resolver resolves sides, opening the store and finding the module only
// when a side needs them.
type resolver struct {
	e     *Engine
	req   CompareRequest
	cfg   *config.Config
	store history.Store
	dsn   string
	info  *runinfo.Info
}

func (rs *resolver) close() {
	if rs.store != nil {
		rs.store.Close()
	}
}

func (rs *resolver) open(ctx context.Context) (history.Store, error) {
	if rs.store != nil {
		return rs.store, nil
	}
	root := rs.cfg.Root()
	if root == "" {
		root = moduleRoot(rs.req.Dir)
	}
	rs.dsn, _ = rs.req.StoreLocation(rs.cfg, root)
	s, err := rs.e.openStore(ctx, rs.dsn, readStore)
	if err != nil {
		return nil, err
	}
	rs.store = s
	return s, nil
}

// module is the module path of the runs compared.
func (rs *resolver) module(ctx context.Context) (string, error) {
	if rs.info == nil {
		info, err := rs.e.collect(ctx, rs.req.Dir, rs.req.History)
		if err != nil {
			return "", err
		}
		rs.info = info
	}
	return rs.info.Module, nil
}

// resolve reads the side that arg names: a file, a run id, a branch.
func (rs *resolver) resolve(ctx context.Context, flag, arg string) (*side, error) {
	if fi, err := os.Stat(arg); err == nil && fi.Mode().IsRegular() {
		s, warns, err := readSeries(arg)
		if err != nil {
			return nil, &Error{Msg: fmt.Sprintf("%s %s: %v", flag, arg, err), Err: err}
		}
		return &side{Side: report.Side{Kind: "file", Path: arg, Chosen: flag + " " + arg}, series: s, warnings: warns}, nil
	}
	store, err := rs.open(ctx)
	if errors.Is(err, history.ErrNotFound) {
		return nil, &Error{Msg: fmt.Sprintf("%s %s: no such file, and no run or branch to look up: %v", flag, arg, err), Err: err}
	}
	if err != nil {
		return nil, err
	}
	id, idErr := strconv.ParseInt(arg, 10, 64)
	if idErr == nil && id > 0 {
		s, err := rs.run(ctx, id, flag+" "+arg)
		if err == nil || !errors.Is(err, history.ErrNotFound) {
			return s, err
		}
	}
	module, err := rs.module(ctx)
	if err != nil {
		return nil, err
	}
	runs, err := store.Runs(ctx, history.Filter{Module: module, Branch: arg, Commands: trackedCommands, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(runs) == 0 {
		if idErr == nil {
			return nil, &Error{Msg: fmt.Sprintf("%s %s: no run %s in %s (and no file or branch of that name)", flag, arg, arg, history.Redact(rs.dsn)), Err: history.ErrNotFound}
		}
		return nil, &Error{Msg: fmt.Sprintf("%s %s: not a file, a run id or a branch with runs of %s in %s", flag, arg, moduleName(module), history.Redact(rs.dsn)), Err: history.ErrNotFound}
	}
	return rs.run(ctx, runs[0].ID, fmt.Sprintf("latest run of branch %s", arg))
}

// run reads a stored run.
func (rs *resolver) run(ctx context.Context, id int64, chosen string) (*side, error) {
	store, err := rs.open(ctx)
	if err != nil {
		return nil, err
	}
	run, err := store.Run(ctx, id)
	if err != nil {
		return nil, err
	}
	units, err := storedUnits(ctx, store, run)
	if err != nil {
		return nil, err
	}
	info := run.RunInfo
	return &side{Side: report.Side{Kind: "run", Run: reportRun(info), Chosen: chosen}, series: seriesOfRun(run, units), info: &info}, nil
}

// latest is the module's latest run.
func (rs *resolver) latest(ctx context.Context) (*side, error) {
	store, err := rs.open(ctx)
	if err != nil {
		return nil, err
	}
	module, err := rs.module(ctx)
	if err != nil {
		return nil, err
	}
	runs, err := store.Runs(ctx, history.Filter{Module: module, Commands: trackedCommands, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(runs) == 0 {
		return nil, &Error{Msg: fmt.Sprintf("no runs of %s in %s to compare (run choragen perf:bench first, or give --base and --head)", moduleName(module), history.Redact(rs.dsn)), Err: history.ErrNotFound}
	}
	return rs.run(ctx, runs[0].ID, "latest run")
}

// baselineOf is the baseline of the head, which must be a stored run.
func (rs *resolver) baselineOf(ctx context.Context, head *side) (*side, error) {
	if head.info == nil {
		return nil, &Error{Msg: fmt.Sprintf("%s is not a stored run, so it has no baseline: give --base too", head.Chosen)}
	}
	store, err := rs.open(ctx)
	if err != nil {
		return nil, err
	}
	h := head.info
	bb := rs.cfg.Benchmarks.BaselineBranch
	b, err := store.Baseline(ctx, history.BaselineQuery{
		Module: h.Module, Branch: h.Branch, BaselineBranch: bb,
		Machine: h.Machine, Exclude: h.ID, Commands: trackedCommands,
	})
	if errors.Is(err, history.ErrNoBaseline) {
		return nil, &Error{Msg: fmt.Sprintf("run %d has no baseline: %s", h.ID, noBaselineWhy(err)), Err: err}
	}
	if err != nil {
		return nil, err
	}
	s, err := rs.run(ctx, b.ID, fmt.Sprintf("baseline of run %d: %s", h.ID, baselineReason(b, h.Branch, bb)))
	if err != nil {
		return nil, err
	}
	return s, nil
}

func moduleName(m string) string {
	if m == "" {
		return "this module"
	}
	return m
}
