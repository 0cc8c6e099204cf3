package engine

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/choragen/choragen/internal/config"
	"github.com/choragen/choragen/internal/history"
	"github.com/choragen/choragen/internal/report"
	"github.com/choragen/choragen/internal/runinfo"
	"github.com/choragen/choragen/internal/sample"
	"github.com/choragen/choragen/internal/stats"
)

// PerfRequest is what Perf checks and where it keeps the run.
type PerfRequest struct {
	Request
	History
}

// Perf is choragen perf: Check (with the packages' tests when
// req.Tests), and benchmark tracking on top:
//
//  1. before anything runs, the history store is opened (a store that
//     cannot be opened ends the run with exit code 2 at once) and the
//     run's commit, branch, dirty flag and machine are recorded;
//  2. after the verdicts, the baseline is found (history's baseline rule,
//     runs of perf and perf:bench only) and every benchmark metric present
//     in both runs is compared by the regression rule (stats.Compare with
//     benchmarks.regressionThreshold, alpha 0.05); no baseline is a
//     warning, not a failure; benchmarks.enabled: false skips this step;
//  3. the score counts the regressions and the pass-or-fail rule fails on
//     any (score.Apply);
//  4. the run is stored in one transaction: every sample, the summaries,
//     the comparison, the report. Its id is the report's Run.ID.
func (e *Engine) Perf(ctx context.Context, req PerfRequest) (*report.Report, error) {
	cfg, err := LoadConfig(req.Request)
	if err != nil {
		return nil, err
	}
	t, err := e.newTracker(ctx, req.Request, req.History, cfg, "perf")
	if err != nil {
		return nil, err
	}
	defer t.store.Close()
	r, err := e.check(ctx, req.Request, func(ctx context.Context, p *plan, m *measured, r *report.Report) error {
		return t.compare(ctx, p.cfg, m.Runs, r)
	})
	if err != nil {
		return nil, err
	}
	if err := t.save(ctx, r); err != nil {
		return nil, err
	}
	return r, nil
}

// tracker keeps one run: where it ran, its samples, its baseline, and the
// store it goes to.
type tracker struct {
	e       *Engine
	info    *runinfo.Info
	store   history.Store
	dsn     string
	command string

	set      *sample.Set
	baseline int64
}

// newTracker collects the run's info and opens the store it goes to.
func (e *Engine) newTracker(ctx context.Context, req Request, h History, cfg *config.Config, command string) (*tracker, error) {
	info, err := e.collect(ctx, req.Dir, h)
	if err != nil {
		return nil, err
	}
	root := cfg.Root()
	if root == "" {
		root = moduleRoot(req.Dir)
	}
	dsn, _ := h.StoreLocation(cfg, root)
	s, err := e.openStore(ctx, dsn, writeStore)
	if err != nil {
		return nil, err
	}
	return &tracker{e: e, info: info, store: s, dsn: dsn, command: command}, nil
}

// measured records the run's samples and the machine their benchmark
// output names, which wins over what this process saw.
func (t *tracker) measured(set *sample.Set, r *report.Report) {
	t.set = set
	if set != nil {
		t.info.ApplyBenchConfig("goos", set.Config.GOOS)
		t.info.ApplyBenchConfig("goarch", set.Config.GOARCH)
		t.info.ApplyBenchConfig("cpu", set.Config.CPU)
		if set.Config.GOMAXPROCS > 0 && len(set.Keys()) > 0 {
			t.info.GOMAXPROCS = set.Config.GOMAXPROCS
		}
	}
	r.Run = reportRun(runInfoOf(t.info, t.command, 0))
}

// compare finds the baseline of the run and compares r's benchmarks with
// it, filling their baseline, change, p-value and verdict.
func (t *tracker) compare(ctx context.Context, cfg *config.Config, set *sample.Set, r *report.Report) error {
	t.measured(set, r)
	r.Warnings = append(r.Warnings, t.info.Warnings...)
	if !cfg.Benchmarks.Enabled {
		t.e.logf("compare: benchmarks.enabled is false: no comparison with a baseline")
		return nil
	}
	if len(r.Benchmarks) == 0 {
		return nil
	}
	b, err := t.store.Baseline(ctx, history.BaselineQuery{
		Module:         t.info.Module,
		Branch:         t.info.Branch,
		BaselineBranch: cfg.Benchmarks.BaselineBranch,
		Machine:        machineOf(t.info),
		Commands:       trackedCommands,
	})
	if errors.Is(err, history.ErrNoBaseline) {
		msg := "no baseline to compare the benchmarks with: " + noBaselineWhy(err)
		t.e.logf("compare: %s", msg)
		r.Warnings = append(r.Warnings, msg)
		return nil
	}
	if err != nil {
		return err
	}
	base, err := t.store.Run(ctx, b.ID)
	if err != nil {
		return err
	}
	units, err := storedUnits(ctx, t.store, base)
	if err != nil {
		return err
	}
	t.baseline = b.ID
	r.Baseline = reportRun(b.RunInfo)
	if w := machineWarning(b, machineOf(t.info)); w != "" {
		r.Warnings = append(r.Warnings, w)
	}
	t.e.logf("compare: baseline is run %d (%s)", b.ID, baselineReason(b, t.info.Branch, cfg.Benchmarks.BaselineBranch))

	c := comparer{threshold: cfg.Benchmarks.RegressionThreshold, alpha: stats.DefaultAlpha}
	bs, hs := seriesOfRun(base, units), seriesOfSet(set)
	allUnits := mergeUnits(bs.units, hs.units)
	compared := 0
	for i := range r.Benchmarks {
		row := &r.Benchmarks[i]
		k := benchKey{row.Package, row.Name, row.Unit}
		bv, ok := bs.values[k]
		hv, ok2 := hs.values[k]
		if !ok || !ok2 {
			continue
		}
		if c.compareKey(row, bv, hv, stats.UnitOf(k.Unit, allUnits)) {
			compared++
		}
	}
	if compared == 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("baseline run %d has none of this run's benchmarks: nothing compared", b.ID))
	}
	return nil
}

// save stores the run with its report, in one transaction, and sets the
// report's Run.ID.
func (t *tracker) save(ctx context.Context, r *report.Report) error {
	if r.Run == nil {
		t.measured(t.set, r)
	}
	dropNonFinite(r)
	run := &history.Run{
		RunInfo:    runInfoOf(t.info, t.command, t.baseline),
		Benchmarks: storedBenchmarks(t.set, r),
		Report:     r,
	}
	run.Time = r.Timestamp
	if t.command == "perf" {
		run.Score = report.Float(r.Summary.Score)
	}
	if t.set != nil {
		if data := unitsFile(t.set.Units); data != nil {
			run.Attachments = append(run.Attachments, history.Attachment{
				Name: unitsAttachment, Kind: unitsKind, MediaType: "text/plain; charset=utf-8",
				Size: int64(len(data)), Data: data,
			})
		}
	}
	id, err := t.store.Save(ctx, run)
	if err != nil {
		return err
	}
	r.Run.ID = id
	t.e.logf("store: saved run %d (%d benchmark metrics) in %s", id, len(run.Benchmarks), history.Redact(t.dsn))
	return nil
}

// storedBenchmarks are the run's samples with their summaries and, from
// the report's rows, their comparison with the baseline.
func storedBenchmarks(set *sample.Set, r *report.Report) []history.Benchmark {
	s := seriesOfSet(set)
	rows := map[benchKey]*report.Benchmark{}
	for i := range r.Benchmarks {
		b := &r.Benchmarks[i]
		rows[benchKey{b.Package, b.Name, b.Unit}] = b
	}
	out := make([]history.Benchmark, 0, len(s.keys))
	for _, k := range s.keys {
		vs := finite(s.values[k])
		if len(vs) == 0 {
			continue
		}
		sum := stats.Summarize(vs, stats.UnitOf(k.Unit, s.units))
		hb := history.Benchmark{
			Package: k.Package, Name: k.Name, Unit: k.Unit,
			Samples: vs,
			Summary: history.Summary{Center: sum.Center, Lo: sum.Lo, Hi: sum.Hi, N: sum.N},
		}
		if row := rows[k]; row != nil {
			hb.Change, hb.PValue, hb.Regression = row.Change, row.PValue, row.Regression
		}
		out = append(out, hb)
	}
	return out
}

// runInfoOf is what the store keeps about a run made where info says.
func runInfoOf(info *runinfo.Info, command string, baseline int64) history.RunInfo {
	return history.RunInfo{
		Module:     info.Module,
		Commit:     info.Commit,
		Branch:     info.Branch,
		Dirty:      info.Dirty,
		GoVersion:  info.GoVersion,
		Machine:    machineOf(info),
		Command:    command,
		BaselineID: baseline,
	}
}

// reportRun describes a run in a report.
func reportRun(ri history.RunInfo) *report.Run {
	return &report.Run{
		ID: ri.ID, Commit: ri.Commit, Branch: ri.Branch, Dirty: ri.Dirty, Time: ri.Time,
		GoVersion: ri.GoVersion, GOOS: ri.Machine.GOOS, GOARCH: ri.Machine.GOARCH,
		CPU: ri.Machine.CPU, GOMAXPROCS: ri.Machine.GOMAXPROCS,
	}
}

// noBaselineWhy is the store's reason without its "history store X:"
// prefix.
func noBaselineWhy(err error) string {
	var he *history.Error
	if errors.As(err, &he) {
		err = he.Err
	}
	msg := err.Error()
	if p := history.ErrNoBaseline.Error() + ": "; len(msg) > len(p) && msg[:len(p)] == p {
		msg = msg[len(p):]
	}
	return msg + " (the first such run becomes the baseline; pin one with choragen perf:baseline --pin)"
}

// baselineReason says why b is the baseline of a run on branch.
func baselineReason(b *history.Baseline, branch, baselineBranch string) string {
	switch {
	case b.Pinned:
		return fmt.Sprintf("pinned as the baseline of branch %q", baselineBranch)
	case branch == baselineBranch:
		return fmt.Sprintf("the previous clean run of the baseline branch %q on the same machine", baselineBranch)
	}
	return fmt.Sprintf("the latest clean run of the baseline branch %q on the same machine", baselineBranch)
}

// machineWarning warns when a pinned baseline ran on another machine.
func machineWarning(b *history.Baseline, m history.Machine) string {
	if b.Machine == m {
		return ""
	}
	return fmt.Sprintf("the baseline (run %d, pinned) ran on %s, this run on %s: their timings may differ for that reason alone", b.ID, b.Machine, m)
}

// finite returns the values that are numbers (a benchmark may report NaN
// through b.ReportMetric; the store refuses it).
func finite(vs []float64) []float64 {
	for _, v := range vs {
		if math.IsNaN(v) {
			out := make([]float64, 0, len(vs))
			for _, v := range vs {
				if !math.IsNaN(v) {
					out = append(out, v)
				}
			}
			return out
		}
	}
	return vs
}

// dropNonFinite removes the benchmark rows whose centre is not a finite
// number, which JSON cannot carry, and says so in a warning.
func dropNonFinite(r *report.Report) {
	rows := r.Benchmarks[:0]
	for _, b := range r.Benchmarks {
		if math.IsNaN(b.Current) || math.IsInf(b.Current, 0) {
			r.Warnings = append(r.Warnings, fmt.Sprintf("%s %s %s: no finite value (%v), left out", b.Package, b.Name, b.Unit, b.Current))
			continue
		}
		rows = append(rows, b)
	}
	r.Benchmarks = rows
}
