package render

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/choragen/choragen/internal/report"
)

// WriteGitHub writes r as GitHub Actions workflow commands, which the
// runner turns into annotations on the pull request's diff: an ::error at
// the directive's file and line for each failed contract, a ::warning for
// each unmeasured or inconclusive contract and each regressed benchmark,
// and one ::notice with the verdict, score and counts.
//
// Values are escaped as the Actions toolkit does (escapeData and
// escapeProperty in @actions/core): % CR LF in messages, and also : and ,
// in properties, so that no name from the report can end a command early
// or start one of its own.
func WriteGitHub(w io.Writer, r *report.Report, opts Options) error {
	if r == nil {
		return errNilReport
	}
	var b bytes.Buffer
	cs := contractsWithUnlisted(r)
	// Errors first: the runner shows only the first few annotations of
	// each kind per step.
	for _, want := range []bool{true, false} {
		for i := range cs {
			c := &cs[i]
			if (c.Status == report.StatusFailed) != want || c.Status == report.StatusPassed {
				continue
			}
			ghContract(&b, c, opts)
		}
	}
	for i := range r.Benchmarks {
		bm := &r.Benchmarks[i]
		if !bm.Regression {
			continue
		}
		base := "?"
		if bm.Baseline != nil {
			base = benchValue(*bm.Baseline, bm.Unit)
		}
		name := bm.Name
		if bm.Package != "" {
			name = bm.Package + " " + bm.Name
		}
		msg := fmt.Sprintf("%s %s regressed: %s → %s, %s", name, bm.Unit, base,
			benchValue(bm.Current, bm.Unit), strings.TrimSpace(change(bm)+" "+pNote(bm)))
		ghCommand(&b, "warning", position{}, "choragen: regression in "+bm.Name, msg)
	}
	verdict := "PASS"
	if !r.Passed {
		verdict = "FAIL"
	}
	msg := fmt.Sprintf("score %s: %s", formatScore(r.Summary.Score), summaryCounts(r.Summary))
	for _, reason := range r.Reasons {
		msg += "\n" + reason
	}
	ghCommand(&b, "notice", position{}, "choragen: "+verdict, msg)
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("render github: %w", err)
	}
	return nil
}

func ghContract(b *bytes.Buffer, c *report.Contract, opts Options) {
	var pos position
	if c.Source != "" {
		pos = parseSource(c.Source)
		pos.file = sourceFile(pos, opts.SourceRoot)
	}
	kind, status := "warning", string(c.Status)
	if c.Status == report.StatusFailed {
		kind, status = "error", "failed"
	}
	title := fmt.Sprintf("choragen: %s contract %s", metricLabel(c), status)
	msg := c.Target + ": "
	if c.Status == report.StatusFailed {
		msg += "measured " + withInterval(contractMeasured(c), contractInterval(c)) + ", limit " + contractThreshold(c)
		if bench := decidedBy(c); bench != "" {
			msg += " (" + bench + ")"
		}
		if c.Reason != "" {
			msg += "\n" + c.Reason
		}
	} else {
		msg += status
		if c.Reason != "" {
			msg += ": " + c.Reason
		}
	}
	ghCommand(b, kind, pos, title, msg)
}

// ghCommand writes one workflow command: ::kind props::message. The
// message may have several lines; each is cleaned of control characters
// and the line breaks are escaped.
func ghCommand(b *bytes.Buffer, kind string, pos position, title, msg string) {
	lines := strings.Split(msg, "\n")
	for i, l := range lines {
		lines[i] = clean(l)
	}
	msg = strings.Join(lines, "\n")
	var props []string
	if pos.file != "" {
		props = append(props, "file="+ghProperty(clean(pos.file)))
		if pos.line > 0 {
			props = append(props, "line="+strconv.Itoa(pos.line))
			if pos.col > 0 {
				props = append(props, "col="+strconv.Itoa(pos.col))
			}
		}
	}
	props = append(props, "title="+ghProperty(clean(title)))
	b.WriteString("::" + kind + " " + strings.Join(props, ",") + "::" + ghData(msg) + "\n")
}

// ghData escapes a command's message (escapeData in @actions/core).
func ghData(s string) string { return ghDataEscaper.Replace(s) }

// ghProperty escapes a command property's value (escapeProperty in
// @actions/core).
func ghProperty(s string) string { return ghPropertyEscaper.Replace(s) }

var (
	ghDataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	ghPropertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)
