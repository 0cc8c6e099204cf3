package engine

import (
	"context"
	"fmt"

	"github.com/choragen/choragen/internal/analysis"
	"github.com/choragen/choragen/internal/metric"
	"github.com/choragen/choragen/internal/report"
)

// Lint returns the static complexity hints for the packages of req: the
// functions whose loop structure suggests more than their
// //perf:complexity bound (internal/analysis). Hints are advice; the
// runtime fit decides a contract's verdict.
func (e *Engine) Lint(ctx context.Context, req Request) ([]analysis.Finding, error) {
	dir := req.Dir
	if dir == "" {
		dir = "."
	}
	findings, err := analysis.Run(ctx, dir, req.Patterns)
	if err != nil {
		return nil, &Error{Msg: fmt.Sprintf("lint: %v", err), Err: err}
	}
	return findings, nil
}

// addHints joins the static hints to a report that has complexity
// contracts. The analysis type-checks every package, so a check without
// complexity contracts skips it; a failure is a warning, not an error,
// because the measurements stand without it.
func (e *Engine) addHints(ctx context.Context, p *plan, r *report.Report) {
	has := false
	for _, c := range p.contracts {
		has = has || c.Metric == metric.Complexity
	}
	if !has {
		return
	}
	findings, err := e.Lint(ctx, p.req)
	if err != nil {
		r.Warnings = append(r.Warnings, err.Error())
		return
	}
	for _, f := range findings {
		pos := f.Pos
		pos.Filename = relTo(p.moduleDir(), pos.Filename)
		r.Hints = append(r.Hints, report.Hint{Pos: pos.String(), Target: f.Target, Message: f.Message, Estimated: f.Estimated.String()})
	}
}
