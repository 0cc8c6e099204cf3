package engine

import (
	"context"
	"errors"
	"fmt"

	"github.com/choragen/choragen/internal/config"
	"github.com/choragen/choragen/internal/history"
	"github.com/choragen/choragen/internal/report"
	"github.com/choragen/choragen/internal/runinfo"
)

// BaselineRequest says whose baseline to show, pin or unpin.
type BaselineRequest struct {
	// Dir is a directory of the module; Config its configuration file
	// ("" finds it).
	Dir, Config string
	// History names the store and the branch of the run that would be
	// compared (--branch, else git, else the CI's variables).
	History
}

// baselineEnv is what the baseline commands share: the config, where a
// run made now would run, and the store, opened for reading.
type baselineEnv struct {
	cfg   *config.Config
	info  *runinfo.Info
	store history.Store
	dsn   string
}

func (e *Engine) baselineEnv(ctx context.Context, req BaselineRequest) (*baselineEnv, error) {
	cfg, err := LoadConfig(Request{Dir: req.Dir, Config: req.Config})
	if err != nil {
		return nil, err
	}
	info, err := e.collect(ctx, req.Dir, req.History)
	if err != nil {
		return nil, err
	}
	root := cfg.Root()
	if root == "" {
		root = moduleRoot(req.Dir)
	}
	dsn, _ := req.StoreLocation(cfg, root)
	s, err := e.openStore(ctx, dsn, readStore)
	if err != nil {
		return nil, err
	}
	return &baselineEnv{cfg: cfg, info: info, store: s, dsn: dsn}, nil
}

// Baseline is choragen perf:baseline: the run that a run of the current
// branch, made now on this machine, would be compared with, and why (a
// pin, the latest clean run of the baseline branch on this machine, or on
// the baseline branch itself its latest run, which a new run would
// follow). No baseline is not an error: the result's Baseline is nil and
// Reason says why.
func (e *Engine) Baseline(ctx context.Context, req BaselineRequest) (*report.BaselineInfo, error) {
	env, err := e.baselineEnv(ctx, req)
	if err != nil {
		return nil, err
	}
	defer env.store.Close()
	return env.baseline(ctx)
}

func (env *baselineEnv) baseline(ctx context.Context) (*report.BaselineInfo, error) {
	m := machineOf(env.info)
	bb := env.cfg.Benchmarks.BaselineBranch
	out := &report.BaselineInfo{
		Module: env.info.Module, Branch: env.info.Branch, BaselineBranch: bb,
		Machine: m.String(), Store: history.Redact(env.dsn),
	}
	b, err := env.store.Baseline(ctx, history.BaselineQuery{
		Module: env.info.Module, Branch: env.info.Branch, BaselineBranch: bb,
		Machine: m, Commands: trackedCommands,
	})
	if errors.Is(err, history.ErrNoBaseline) {
		out.Reason = noBaselineWhy(err)
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	out.Baseline, out.Command, out.Pinned = reportRun(b.RunInfo), b.Command, b.Pinned
	out.Reason = baselineReason(b, env.info.Branch, bb)
	if env.info.Branch == bb && !b.Pinned {
		out.Reason = fmt.Sprintf("the latest clean run of the baseline branch %q on this machine: the next run of %s will be compared with it", bb, bb)
	}
	if w := machineWarning(b, m); w != "" {
		out.Warnings = append(out.Warnings, w)
	}
	return out, nil
}

// Pin makes run id the baseline of the configuration's baselineBranch (in
// the run's module), replacing any earlier pin, and returns the baseline
// as Baseline now shows it. An unknown id is an error (exit code 2) and
// writes nothing.
func (e *Engine) Pin(ctx context.Context, req BaselineRequest, id int64) (*report.BaselineInfo, error) {
	env, err := e.baselineEnv(ctx, req)
	if err != nil {
		return nil, err
	}
	defer env.store.Close()
	if err := env.store.Pin(ctx, env.cfg.Benchmarks.BaselineBranch, id); err != nil {
		if errors.Is(err, history.ErrNotFound) {
			return nil, &Error{Msg: fmt.Sprintf("--pin %d: no run %d in %s", id, id, history.Redact(env.dsn)), Err: err}
		}
		return nil, err
	}
	return env.baseline(ctx)
}

// Unpin removes the pin of the configuration's baselineBranch in the
// module, so that the baseline rule chooses again. It reports whether
// there was a pin.
func (e *Engine) Unpin(ctx context.Context, req BaselineRequest) (*report.BaselineInfo, bool, error) {
	env, err := e.baselineEnv(ctx, req)
	if err != nil {
		return nil, false, err
	}
	defer env.store.Close()
	had := true
	if err := env.store.Unpin(ctx, env.info.Module, env.cfg.Benchmarks.BaselineBranch); err != nil {
		if !errors.Is(err, history.ErrNotFound) {
			return nil, false, err
		}
		had = false
	}
	b, err := env.baseline(ctx)
	return b, had, err
}
