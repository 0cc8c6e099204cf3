package render

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/choragen/choragen/internal/report"
)

// WriteMarkdown writes r as GitHub-flavoured Markdown for a pull-request
// comment or a job summary ($GITHUB_STEP_SUMMARY): a headline with the
// verdict and score, the counts, the reasons it failed, then the failed
// contracts, the regressions and the contracts that could not be judged,
// and, collapsed under <details>, every contract, violation, benchmark and
// hint.
//
// Every string from the report is escaped for where it lands: code spans
// with a fence longer than any backtick run inside, Markdown punctuation
// (including @, so that a name never mentions a user) backslash-escaped in
// text, and pipes escaped in table cells.
func WriteMarkdown(w io.Writer, r *report.Report, opts Options) error {
	if r == nil {
		return errNilReport
	}
	var b bytes.Buffer
	m := &mdWriter{b: &b, limit: mdLimit}
	cs := contractsWithUnlisted(r)

	icon, verdict := "✅", "PASS"
	if !r.Passed {
		icon, verdict = "❌", "FAIL"
	}
	fmt.Fprintf(&b, "### %s choragen: %s · score %s\n\n", icon, verdict, formatScore(r.Summary.Score))
	s := r.Summary
	b.WriteString("| passed | failed | unmeasured | inconclusive | regressions | score |\n")
	b.WriteString("| ---: | ---: | ---: | ---: | ---: | ---: |\n")
	fmt.Fprintf(&b, "| %d | %d | %d | %d | %d | %s |\n", s.ContractsPassed, s.ContractsFailed,
		s.ContractsUnmeasured, s.ContractsInconclusive, s.Regressions, formatScore(s.Score))

	if len(r.Reasons) > 0 {
		b.WriteString("\n**Why it failed**\n\n")
		list(m, r.Reasons, mdText)
	}

	var failed, unjudged []*report.Contract
	for i := range cs {
		switch cs[i].Status {
		case report.StatusPassed:
		case report.StatusFailed:
			failed = append(failed, &cs[i])
		default:
			unjudged = append(unjudged, &cs[i])
		}
	}
	if len(failed) > 0 {
		fmt.Fprintf(&b, "\n#### Failed contracts (%d)\n\n", len(failed))
		m.contractTable(failed, false)
	}
	var regressed []*report.Benchmark
	for i := range r.Benchmarks {
		if r.Benchmarks[i].Regression {
			regressed = append(regressed, &r.Benchmarks[i])
		}
	}
	if len(regressed) > 0 {
		fmt.Fprintf(&b, "\n#### Regressions (%d)\n\n", len(regressed))
		m.benchTable(regressed, true)
	}
	if len(unjudged) > 0 {
		fmt.Fprintf(&b, "\n#### Not judged (%d)\n\nNeither passed nor failed: these are left out of the score, and `--strict` fails on them.\n\n", len(unjudged))
		m.contractTable(unjudged, false)
	}
	if len(r.Warnings) > 0 {
		b.WriteString("\n#### Warnings\n\n")
		list(m, r.Warnings, mdText)
	}

	if len(cs) > 0 {
		all := make([]*report.Contract, len(cs))
		for i := range cs {
			all[i] = &cs[i]
		}
		m.details(fmt.Sprintf("All contracts (%d)", len(cs)), func() { m.contractTable(all, true) })
	}
	if len(r.Violations) > 0 {
		m.details(fmt.Sprintf("Violations (%d)", len(r.Violations)), func() { m.violationTable(r) })
	}
	if len(r.Benchmarks) > 0 {
		all := make([]*report.Benchmark, len(r.Benchmarks))
		for i := range r.Benchmarks {
			all[i] = &r.Benchmarks[i]
		}
		m.details(fmt.Sprintf("Benchmarks (%d)", len(r.Benchmarks)), func() { m.benchTable(all, compared(r)) })
	}
	if len(r.Hints) > 0 {
		m.details(fmt.Sprintf("Hints (%d)", len(r.Hints)), func() {
			list(m, r.Hints, func(h report.Hint) string {
				line := mdCode(h.Pos, false) + " " + mdText(h.Message)
				if h.Estimated != "" {
					line += " (estimated " + mdCode(h.Estimated, false) + ")"
				}
				return line
			})
		})
	}
	if foot := mdFooter(r); foot != "" {
		b.WriteString("\n<sub>" + foot + "</sub>\n")
	}
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("render markdown: %w", err)
	}
	return nil
}

// The Markdown report must fit where it is posted: a pull-request comment
// holds at most 65,536 characters. Every list stops at mdMaxRows entries,
// and at mdLimit bytes of output (bytes ≥ characters), leaving room for the
// lines that close the report; it then says how many entries it left out.
// Lists come in order of importance (failed contracts first), so what is
// cut is the least important. The JSON report has everything.
const (
	mdMaxRows = 100
	mdLimit   = 60000
)

type mdWriter struct {
	b     *bytes.Buffer
	limit int
}

// fits writes line if the output stays within the limit.
func (m *mdWriter) fits(line string) bool {
	if m.b.Len()+len(line) > m.limit {
		return false
	}
	m.b.WriteString(line)
	return true
}

// more says how many entries a list left out.
func (m *mdWriter) more(n int) {
	fmt.Fprintf(m.b, "\n… and %d more, in the JSON report (`--format json`).\n", n)
}

// rows writes n table rows made by row, within the bounds.
func (m *mdWriter) rows(n int, row func(i int) []string) {
	for i := range n {
		if i == mdMaxRows || !m.fits("| "+strings.Join(row(i), " | ")+" |\n") {
			m.more(n - i)
			return
		}
	}
}

// list writes a bullet list of items, within the bounds.
func list[T any](m *mdWriter, items []T, format func(T) string) {
	for i, it := range items {
		if i == mdMaxRows || !m.fits("- "+format(it)+"\n") {
			m.more(len(items) - i)
			return
		}
	}
}

// details writes body inside a collapsed <details> block. The blank lines
// around the body let GitHub render the Markdown inside it.
func (m *mdWriter) details(summary string, body func()) {
	fmt.Fprintf(m.b, "\n<details>\n<summary>%s</summary>\n\n", summary)
	body()
	m.b.WriteString("\n</details>\n")
}

// head writes a table's header row and alignment row.
func (m *mdWriter) head(cells ...string) {
	names, aligns := make([]string, len(cells)), make([]string, len(cells))
	for i, c := range cells {
		names[i], aligns[i] = strings.TrimSuffix(c, ":"), "---"
		if strings.HasSuffix(c, ":") {
			aligns[i] = "---:"
		}
	}
	m.b.WriteString("| " + strings.Join(names, " | ") + " |\n")
	m.b.WriteString("| " + strings.Join(aligns, " | ") + " |\n")
}

func statusIcon(s report.Status) string {
	switch s {
	case report.StatusPassed:
		return "✅ passed"
	case report.StatusFailed:
		return "❌ failed"
	case report.StatusInconclusive:
		return "❔ inconclusive"
	case report.StatusUnmeasured:
		return "⚪ unmeasured"
	}
	return mdCell(string(s))
}

func (m *mdWriter) contractTable(cs []*report.Contract, withStatus bool) {
	head := []string{"target", "metric", "measured", "limit", "benchmark", "source", "reason"}
	if withStatus {
		head = append([]string{"status"}, head...)
	}
	m.head(head...)
	m.rows(len(cs), func(i int) []string {
		c := cs[i]
		reason := c.Reason
		if c.Exponent != nil {
			exp := "fitted exponent " + strconv.FormatFloat(*c.Exponent, 'f', 2, 64)
			if c.ExpCI != nil {
				exp += fmt.Sprintf(" [%.2f, %.2f]", c.ExpCI.Lo, c.ExpCI.Hi)
			}
			reason = strings.TrimPrefix(reason+"; "+exp, "; ")
		}
		cells := []string{
			mdCode(c.Target, true),
			mdCell(metricLabel(c)),
			mdCell(withInterval(contractMeasured(c), contractInterval(c))),
			mdCell(contractThreshold(c)),
			mdCode(decidedBy(c), true),
			mdCode(c.Source, true),
			mdCell(reason),
		}
		if withStatus {
			cells = append([]string{statusIcon(c.Status)}, cells...)
		}
		return cells
	})
}

func (m *mdWriter) benchTable(bs []*report.Benchmark, cmp bool) {
	if cmp {
		m.head("benchmark", "package", "unit", "baseline:", "current:", "change:", "")
	} else {
		m.head("benchmark", "package", "unit", "current:", "")
	}
	m.rows(len(bs), func(i int) []string {
		b := bs[i]
		cur := mdCell(withInterval(benchValue(b.Current, b.Unit), pctRange(b.Current, b.CurrentInterval)))
		var notes []string
		if o := outliers(b); o != "" {
			notes = append(notes, o)
		}
		notes = append(notes, b.Warnings...)
		note := mdCell(strings.Join(notes, "; "))
		if !cmp {
			return []string{mdCode(b.Name, true), mdCode(b.Package, true), mdCell(b.Unit), cur, note}
		}
		base := ""
		if b.Baseline != nil {
			base = withInterval(benchValue(*b.Baseline, b.Unit), pctRange(*b.Baseline, b.BaselineInterval))
		}
		delta := strings.TrimSpace(change(b) + " " + pNote(b))
		switch {
		case b.Regression:
			delta = "❌ **" + mdCell(delta) + "** regression"
		case b.Improvement:
			delta = "✅ " + mdCell(delta) + " improvement"
		default:
			delta = mdCell(delta)
		}
		return []string{mdCode(b.Name, true), mdCode(b.Package, true), mdCell(b.Unit), mdCell(base), cur, delta, note}
	})
}

func (m *mdWriter) violationTable(r *report.Report) {
	m.head("contract", "measured:", "limit:", "time", "context")
	m.rows(len(r.Violations), func(i int) []string {
		v := &r.Violations[i]
		unit := violationUnit(r, v)
		ts := ""
		if !v.Timestamp.IsZero() {
			ts = v.Timestamp.UTC().Format(time.RFC3339)
		}
		return []string{mdCode(v.ContractID, true), mdCell(quantity(v.Measured, unit, v.Threshold)),
			mdCell(quantity(v.Threshold, unit, v.Threshold)), mdCell(ts), mdCode(contextString(v.Context), true)}
	})
}

// mdFooter describes the run in one line.
func mdFooter(r *report.Report) string {
	var parts []string
	if !r.Timestamp.IsZero() {
		parts = append(parts, r.Timestamp.UTC().Format(time.RFC3339))
	}
	if r.Module != "" {
		parts = append(parts, mdText(r.Module))
	}
	if run := r.Run; run != nil {
		if d := describeRun(run, false); d != "" {
			parts = append(parts, mdText("commit "+d))
		}
		if run.GOOS != "" || run.GOARCH != "" {
			parts = append(parts, mdText(run.GOOS+"/"+run.GOARCH))
		}
		if run.CPU != "" {
			parts = append(parts, mdText(run.CPU))
		}
	}
	if r.Baseline != nil {
		parts = append(parts, mdText("baseline "+describeRun(r.Baseline, true)))
	}
	if len(parts) == 0 {
		return ""
	}
	return "choragen · " + strings.Join(parts, " · ")
}

// mdSpecial are the characters escaped anywhere in Markdown text: those
// that can start emphasis, code, links, HTML, entities, headings, block
// quotes, strike-through and @-mentions, and the table cell separator.
// Parentheses and "!" need no escape once "[" and "]" have one. Backslash
// escapes of ASCII punctuation are always literal in CommonMark.
const mdSpecial = "\\`*_[]<>#|~@&"

// mdText escapes s for Markdown text on one line: a list item, a table
// cell, a paragraph.
func mdText(s string) string {
	s = oneLine(s)
	// A leading "- ", "+ " or "1. " would start a list inside a list item.
	if lead := mdListMarker(s); lead > 0 {
		return mdEscape(s[:lead-1]) + "\\" + mdEscape(s[lead-1:])
	}
	return mdEscape(s)
}

// mdEscape backslash-escapes the characters of mdSpecial.
func mdEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 && strings.ContainsRune(mdSpecial, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// mdListMarker returns the 1-based position of the character that makes s
// start with a list marker ("- ", "+ ", "12. " or "12) ", or such a marker
// alone), or 0. Other block starts ("#", ">") are escaped everywhere.
func mdListMarker(s string) int {
	end := func(i int) bool { return i == len(s) || s[i] == ' ' || s[i] == '\t' }
	if (strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+")) && end(1) {
		return 1
	}
	i := 0
	for i < len(s) && i < 9 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')') && end(i+1) {
		return i + 1
	}
	return 0
}

// mdCell escapes s for a table cell. A cell holds inline content only, so
// unlike mdText it leaves a leading "-" or "1." alone ("-16.00%").
func mdCell(s string) string { return mdEscape(oneLine(s)) }

// mdCode writes s as a code span whose content is shown literally: the
// fence is one backtick longer than the longest run inside, and a space
// pads content that starts or ends with a backtick. In a table cell the
// pipe still ends the cell (GFM splits cells before it parses code spans),
// so there it is escaped.
func mdCode(s string, inTable bool) string {
	s = oneLine(s)
	if s == "" {
		return ""
	}
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	if inTable {
		s = strings.ReplaceAll(s, "|", `\|`)
	}
	fence := strings.Repeat("`", longest+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || (strings.HasPrefix(s, " ") && strings.HasSuffix(s, " ")) {
		s = " " + s + " "
	}
	return fence + s + fence
}

// oneLine cleans s and folds line breaks into spaces: a Markdown line
// break inside a list item or a table cell would end it.
func oneLine(s string) string {
	return clean(lineBreaks.Replace(s))
}

var lineBreaks = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ")
