package render

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/choragen/choragen/internal/report"
)

// History writes h, the result of choragen perf:history, in format f:
// Text (a line naming the series and its filters, then a row per run,
// oldest first) or JSON.
func History(w io.Writer, h *report.HistoryResult, f Format) error {
	if h == nil {
		return errNilResult
	}
	switch f {
	case Text, "":
		return historyText(w, h)
	case JSON:
		return writeValue(w, h, "history")
	}
	return noFormat("history", f, Text, JSON)
}

func historyText(w io.Writer, h *report.HistoryResult) error {
	var b bytes.Buffer
	what := "score"
	if h.Benchmark != "" {
		what = h.Benchmark + " " + h.Unit
		if h.Package != "" {
			what = h.Package + " " + what
		}
	} else if h.Module != "" {
		what = "score of " + h.Module
	}
	var filters string
	if h.Branch != "" {
		filters += " on branch " + h.Branch
	}
	if h.Machine != "" {
		filters += " on " + h.Machine
	}
	if len(h.Points) == 0 {
		fmt.Fprintf(&b, "%s: no runs%s\n", clean(what), clean(filters))
		return flush(w, &b, "history")
	}
	fmt.Fprintf(&b, "%s: last %s%s, oldest first\n\n", clean(what), plural(len(h.Points), "run"), clean(filters))
	t := &table{right: map[int]bool{0: true}}
	if h.Benchmark == "" {
		t.right[4] = true
		t.plainRow("RUN", "TIME", "COMMIT", "BRANCH", "SCORE")
		for _, p := range h.Points {
			score := ""
			if p.Score != nil {
				score = formatScore(*p.Score)
			}
			t.plainRow(strconv.FormatInt(p.RunID, 10), p.Time.UTC().Format(time.RFC3339), shortCommit(p.Commit), pointBranch(p), score)
		}
	} else {
		t.right[4], t.right[5], t.right[6] = true, true, true
		t.plainRow("RUN", "TIME", "COMMIT", "BRANCH", h.Unit, "N", "CHANGE", "")
		for _, p := range h.Points {
			value, change, verdict := "", "", ""
			if p.Center != nil {
				value = benchCentre(*p.Center, h.Unit, p.Interval)
			}
			if p.Change != nil {
				change = fmt.Sprintf("%+.2f%%", *p.Change)
			}
			if p.Regression {
				verdict = "regression"
			}
			t.plainRow(strconv.FormatInt(p.RunID, 10), p.Time.UTC().Format(time.RFC3339), shortCommit(p.Commit), pointBranch(p),
				value, strconv.Itoa(p.N), change, verdict)
		}
	}
	t.write(&b, false)
	return flush(w, &b, "history")
}

func pointBranch(p report.HistoryPoint) string {
	if p.Dirty {
		return p.Branch + " (dirty)"
	}
	return p.Branch
}
