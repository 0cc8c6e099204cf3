// Package score turns a report's verdicts into choragen's 0–100 score and
// its pass-or-fail decision.
//
// It works in three steps, each usable alone:
//
//  1. Count tallies a report: contracts passed, failed, unmeasured and
//     inconclusive, and benchmark rows regressed.
//  2. Of computes the score from the counts; Score does both steps.
//  3. Decide applies the pass-or-fail rule of DESIGN.md ("Verdicts") with
//     plain Thresholds; Apply writes the counts, the score and the decision
//     into the report.
//
// # The score
//
//	score = max(0, ⌊100 · passed / (passed + failed)⌋ − 10 · regressions)
//
// with the contract part taken as 100 when no contract was judged
// (passed + failed = 0). Unmeasured and inconclusive contracts are left
// out: they are neither passed nor failed. The score is an integer,
// rounded down, so that 100 means nothing failed and no rounding lifts a
// score over a minimum. docs/score.md gives the reasons and worked
// examples.
//
// The score is monotone: one more failed contract or one more regression
// never raises it, one fewer never lowers it, and one more passed contract
// never lowers it.
package score

import "github.com/choragen/choragen/internal/report"

// RegressionPenalty is what each regressed benchmark row takes off the
// score, in points.
const RegressionPenalty = 10

// Counts is a tally of a report's verdicts.
type Counts struct {
	// Passed, Failed, Unmeasured and Inconclusive count contracts by
	// status. Failed includes one per contract id that test processes
	// reported a violation of but that the report does not list
	// (report.Report.UnlistedViolations). A status choragen does not know
	// (from a newer report) counts as unmeasured: never as passed.
	Passed, Failed, Unmeasured, Inconclusive int
	// Regressions counts regressed benchmark rows: one per benchmark and
	// metric, so a benchmark slower and hungrier counts twice.
	Regressions int
}

// Count tallies r.
func Count(r *report.Report) Counts {
	var c Counts
	for i := range r.Contracts {
		switch r.Contracts[i].Status {
		case report.StatusPassed:
			c.Passed++
		case report.StatusFailed:
			c.Failed++
		case report.StatusInconclusive:
			c.Inconclusive++
		default:
			c.Unmeasured++
		}
	}
	c.Failed += len(r.UnlistedViolations())
	for i := range r.Benchmarks {
		if r.Benchmarks[i].Regression {
			c.Regressions++
		}
	}
	return c
}

// Score returns the score of r, 0–100.
func Score(r *report.Report) float64 { return Of(Count(r)) }

// Of returns the score of the counts c, 0–100 (package doc). Negative
// counts are taken as 0.
func Of(c Counts) float64 {
	passed, failed, regs := max(c.Passed, 0), max(c.Failed, 0), max(c.Regressions, 0)
	part := int64(100)
	if judged := passed + failed; judged > 0 {
		// Integer division is the floor, exactly: no float rounding can
		// turn 99.999… into 100.
		part = 100 * int64(passed) / int64(judged)
	}
	// Once the penalty exceeds 100 the score is 0 whatever else; the
	// bound keeps the product from overflowing.
	if regs > 100/RegressionPenalty {
		return 0
	}
	return float64(max(0, part-RegressionPenalty*int64(regs)))
}

// Summary returns the report summary for r: its counts and score.
func Summary(r *report.Report) report.Summary {
	c := Count(r)
	return report.Summary{
		ContractsPassed:       c.Passed,
		ContractsFailed:       c.Failed,
		ContractsUnmeasured:   c.Unmeasured,
		ContractsInconclusive: c.Inconclusive,
		Regressions:           c.Regressions,
		Score:                 Of(c),
	}
}
