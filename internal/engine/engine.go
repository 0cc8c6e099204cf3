// Package engine is choragen's pipeline, the one package that knows the
// order of the stages:
//
//  1. plan: find and load the configuration, discover packages, directives
//     and benchmarks, and turn directives and config rules into contracts;
//  2. measure: run the bound benchmarks with go test (repetitions for
//     centres; per-call runs for percentiles; extra size sweeps for
//     complexity; a run with GODEBUG=gcstoptheworld=1 for heap contracts)
//     and collect the samples, and the evidence (N+1 findings) that the
//     benchmark processes wrote to CHORAGEN_PERF_OUT;
//  3. judge: each contract's verdict, the violations, one row per
//     benchmark and unit;
//  4. tests (perf, or check with Tests): run the packages' tests with
//     CHORAGEN_PERF_OUT set and join the violations they recorded;
//  5. track (perf): store the run, compare it with its baseline, count
//     the regressions;
//  6. score and decide, by the pass-or-fail rule.
//
// The CLI, and later the dashboard and the agent tool, call it in-process.
package engine

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/choragen/choragen/internal/config"
	"github.com/choragen/choragen/internal/report"
	"github.com/choragen/choragen/internal/score"
)

// Engine runs checks. The zero value is ready to use; its fields are seams
// for the CLI and for tests.
type Engine struct {
	// Progress receives a line per stage and per benchmark result (stderr
	// in the CLI); nil discards them.
	Progress io.Writer
	// Env holds extra "KEY=value" entries for the go commands it runs.
	Env []string
	// Go is the go command; "" means "go" from PATH.
	Go string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Request says what to check and how.
type Request struct {
	// Dir is the directory whose packages are checked (./... under it);
	// "" is the current directory.
	Dir string
	// Patterns are package patterns relative to Dir; default ./...
	Patterns []string
	// Config is the configuration file; "" finds the nearest
	// .choragen/performance.yaml from Dir up to the module root.
	Config string
	// Count, Warmup and Benchtime override the configuration's
	// benchmarks: settings when set (Warmup: when WarmupSet).
	Count     int
	Warmup    int
	WarmupSet bool
	Benchtime string
	// Tests runs the packages' tests with CHORAGEN_PERF_OUT set and joins
	// the violations they record.
	Tests bool
	// Strict fails the run when any contract is unmeasured or
	// inconclusive.
	Strict bool
}

func (e *Engine) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

func (e *Engine) progress() io.Writer {
	if e.Progress == nil {
		return io.Discard
	}
	return e.Progress
}

func (e *Engine) logf(format string, args ...any) {
	fmt.Fprintf(e.progress(), format+"\n", args...)
}

// Check measures and judges the contracts under req.Dir and applies the
// pass-or-fail rule. An error means the check could not be done (bad
// config or directives, a build failure, go missing); its ExitCode is 2.
func (e *Engine) Check(ctx context.Context, req Request) (*report.Report, error) {
	return e.check(ctx, req, nil)
}

// check is Check with a hook that runs after the verdicts and before the
// score: Perf compares the benchmarks with their baseline there, so that
// the score and the pass-or-fail rule count the regressions.
func (e *Engine) check(ctx context.Context, req Request, track func(context.Context, *plan, *measured, *report.Report) error) (*report.Report, error) {
	p, err := e.plan(ctx, req)
	if err != nil {
		return nil, err
	}
	m, err := e.measure(ctx, p)
	if err != nil {
		return nil, err
	}
	r := e.judge(p, m)
	e.addHints(ctx, p, r)
	if req.Tests {
		if err := e.runTests(ctx, p, r); err != nil {
			return nil, err
		}
	}
	if track != nil {
		if err := track(ctx, p, m, r); err != nil {
			return nil, err
		}
	}
	score.Apply(r, p.thresholds(), req.Strict)
	return r, nil
}

// LoadConfig finds and loads the configuration for req, or the defaults
// when there is none.
func LoadConfig(req Request) (*config.Config, error) {
	dir := req.Dir
	if dir == "" {
		dir = "."
	}
	if _, err := os.Stat(dir); err != nil {
		return nil, &Error{Msg: fmt.Sprintf("--dir %s: %v", dir, unwrapPath(err))}
	}
	path := req.Config
	if path == "" {
		found, err := config.Find(dir)
		if err != nil {
			return nil, &Error{Msg: err.Error()}
		}
		path = found
	}
	if path == "" {
		return config.Default(), nil
	}
	return config.Load(path)
}

// Error is a failure of the tool itself (exit 2) with a one-line message.
type Error struct {
	Msg string
	Err error
}

func (e *Error) Error() string {
	if e.Err != nil && e.Msg == "" {
		return e.Err.Error()
	}
	return e.Msg
}
func (e *Error) Unwrap() error { return e.Err }

// ExitCode is 2: the tool could not do its job.
func (e *Error) ExitCode() int { return 2 }

func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// relTo returns path relative to base when it lies under it, else path.
func relTo(base, path string) string {
	if base == "" || !filepath.IsAbs(path) {
		return filepath.ToSlash(path)
	}
	rel, err := filepath.Rel(base, path)
	if err != nil || rel == ".." || len(rel) > 2 && rel[:3] == ".."+string(filepath.Separator) {
		return filepath.ToSlash(path)
	}
	return filepath.ToSlash(rel)
}
