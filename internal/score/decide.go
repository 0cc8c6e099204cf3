package score

import (
	"fmt"
	"strings"

	"github.com/choragen/choragen/internal/report"
)

// Thresholds are the limits of the pass-or-fail rule, the config's
// thresholds section as plain values. The zero value fails on any failed
// contract and never on the score.
type Thresholds struct {
	// MinScore fails a report whose score is under it.
	MinScore float64
	// MaxViolations is how many failed contracts are tolerated; negative
	// is taken as 0.
	MaxViolations int
}

// DefaultThresholds are the thresholds of DESIGN.md's example
// configuration (thresholds: {minScore: 80, maxViolations: 0}). Callers
// copy and adjust them.
var DefaultThresholds = Thresholds{MinScore: 80, MaxViolations: 0}

// listed is how many contract ids or benchmarks a reason names before it
// says how many more there are.
const listed = 5

// Decide applies the pass-or-fail rule of DESIGN.md ("Verdicts") to r: it
// fails when more contracts failed than t.MaxViolations, when the score is
// under t.MinScore, or when any benchmark regressed (which only a
// comparison can find); with strict, also when any contract is unmeasured
// or inconclusive. Each cause gives one reason, in that order, naming the
// contracts or benchmarks concerned.
func Decide(r *report.Report, t Thresholds, strict bool) (passed bool, reasons []string) {
	c := Count(r)

	if c.Failed > max(t.MaxViolations, 0) {
		var ids []string
		for i := range r.Contracts {
			if r.Contracts[i].Status == report.StatusFailed {
				ids = append(ids, r.Contracts[i].ID)
			}
		}
		for _, v := range r.UnlistedViolations() {
			ids = append(ids, v.ContractID)
		}
		msg := plural(c.Failed, "contract") + " failed"
		if t.MaxViolations > 0 {
			msg += fmt.Sprintf(", more than the %d allowed by thresholds.maxViolations", t.MaxViolations)
		}
		reasons = append(reasons, msg+": "+list(ids))
	}

	if s := Of(c); s < t.MinScore {
		reasons = append(reasons, fmt.Sprintf("score %v is under thresholds.minScore %v", s, t.MinScore))
	}

	if c.Regressions > 0 {
		var names []string
		for i := range r.Benchmarks {
			b := &r.Benchmarks[i]
			if !b.Regression {
				continue
			}
			name := b.Name + " " + b.Unit
			if b.Change != nil {
				name += fmt.Sprintf(" %+.1f%%", *b.Change)
			}
			names = append(names, name)
		}
		reasons = append(reasons, plural(c.Regressions, "benchmark regression")+": "+list(names))
	}

	if strict && c.Unmeasured+c.Inconclusive > 0 {
		var ids []string
		for i := range r.Contracts {
			switch r.Contracts[i].Status {
			case report.StatusPassed, report.StatusFailed:
			default:
				ids = append(ids, r.Contracts[i].ID)
			}
		}
		reasons = append(reasons, fmt.Sprintf("strict: %s not judged (%d unmeasured, %d inconclusive): %s",
			plural(c.Unmeasured+c.Inconclusive, "contract"), c.Unmeasured, c.Inconclusive, list(ids)))
	}
	return len(reasons) == 0, reasons
}

// Apply writes into r its summary (counts and score, from Summary) and
// the decision of Decide: r.Passed and r.Reasons.
func Apply(r *report.Report, t Thresholds, strict bool) {
	r.Summary = Summary(r)
	r.Passed, r.Reasons = Decide(r, t, strict)
}

// list joins names, the first few of them, then how many more.
func list(names []string) string {
	if len(names) <= listed {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:listed], ", "), len(names)-listed)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
