package render

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/choragen/choragen/internal/report"
)

// WriteText writes r as a terminal report in the style of go test and
// benchstat: the run's configuration lines; the contracts grouped by
// package, each with its status, measured value and interval against its
// limit, the benchmark that decided and the source; the violations seen by
// tests; the benchmarks with centre ± interval and, where a comparison
// ran, change and p-value; hints and warnings; and a last line with the
// counts, the score and PASS or FAIL with the reasons.
//
// Colour is used only when opts.Color is set (see UseColor). Every string
// from the report is cleaned of control characters first.
func WriteText(w io.Writer, r *report.Report, opts Options) error {
	if r == nil {
		return errNilReport
	}
	var buf bytes.Buffer
	tw := textWriter{buf: &buf, opts: opts}
	tw.config(r)
	tw.contracts(r)
	tw.violations(r)
	tw.benchmarks(r)
	tw.notes(r)
	tw.summary(r)
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("render text: %w", err)
	}
	return nil
}

type textWriter struct {
	buf  *bytes.Buffer
	opts Options
}

func (t *textWriter) styled(style, s string) { styled(t.buf, t.opts.Color, style, s) }

func (t *textWriter) heading(s string) {
	t.buf.WriteByte('\n')
	t.styled(styleBold, s)
	t.buf.WriteByte('\n')
}

// config writes the run's description as benchfmt configuration lines
// ("key: value"), as go test -bench starts its output.
func (t *textWriter) config(r *report.Report) {
	if !r.Timestamp.IsZero() {
		configLine(t.buf, "time", r.Timestamp.UTC().Format(time.RFC3339))
	}
	configLine(t.buf, "module", r.Module)
	if run := r.Run; run != nil {
		configLine(t.buf, "commit", describeRun(run, false))
		machineLines(t.buf, run)
	}
	if r.Baseline != nil {
		configLine(t.buf, "baseline", describeRun(r.Baseline, true))
	}
}

// statusWord and statusStyle show a contract's status as go test would.
func statusWord(s report.Status) string {
	switch s {
	case report.StatusPassed:
		return "ok"
	case report.StatusFailed:
		return "FAIL"
	case "":
		return "?"
	}
	return string(s)
}

func statusStyle(s report.Status) string {
	switch s {
	case report.StatusPassed:
		return styleGreen
	case report.StatusFailed:
		return styleRed
	}
	return styleYellow
}

// groupContracts returns the contracts by group, groups sorted by name
// with routes last, contracts in report order within a group.
func groupContracts(cs []report.Contract) (names []string, groups map[string][]*report.Contract) {
	groups = make(map[string][]*report.Contract)
	for i := range cs {
		g := group(&cs[i])
		groups[g] = append(groups[g], &cs[i])
	}
	names = slices.Sorted(maps.Keys(groups))
	if i := slices.Index(names, routeGroup); i >= 0 {
		names = append(slices.Delete(names, i, i+1), routeGroup)
	}
	return names, groups
}

func (t *textWriter) contracts(r *report.Report) {
	cs := contractsWithUnlisted(r)
	if len(cs) == 0 {
		return
	}
	t.heading("contracts")
	tab := &table{}
	tab.add(2,
		cell{"STATUS", styleDim}, cell{"TARGET", styleDim}, cell{"METRIC", styleDim},
		cell{"MEASURED", styleDim}, cell{"LIMIT", styleDim}, cell{"BENCHMARK", styleDim},
		cell{"SOURCE", styleDim})
	names, groups := groupContracts(cs)
	for _, g := range names {
		heading := g
		if heading == "" {
			heading = "(no package)"
		}
		tab.addLine(0, styleBold, clean(heading))
		for _, c := range groups[g] {
			tab.add(2,
				cell{statusWord(c.Status), statusStyle(c.Status)},
				cell{clean(shortTarget(c)), styleNone},
				cell{clean(metricLabel(c)), styleNone},
				cell{withInterval(contractMeasured(c), contractInterval(c)), styleNone},
				cell{contractThreshold(c), styleNone},
				cell{clean(decidedBy(c)), styleNone},
				cell{clean(c.Source), styleDim})
			if c.Status != report.StatusPassed || t.opts.Verbose {
				for _, d := range contractDetails(c, t.opts.Verbose) {
					tab.addLine(6, styleDim, clean(d))
				}
			}
		}
	}
	tab.write(t.buf, t.opts.Color)
}

// contractDetails are the lines that explain a contract's verdict: the
// reason, and for complexity the fitted exponent; with verbose, the number
// of samples too.
func contractDetails(c *report.Contract, verbose bool) []string {
	var out []string
	reason := c.Reason
	if reason == "" && c.Status == report.StatusFailed && c.Measured != nil {
		reason = fmt.Sprintf("measured %s, more than the limit %s", contractMeasured(c), contractThreshold(c))
	}
	if reason != "" {
		out = append(out, reason)
	}
	if c.Exponent != nil {
		s := "fitted exponent " + strconv.FormatFloat(*c.Exponent, 'f', 2, 64)
		if c.ExpCI != nil {
			s += fmt.Sprintf(" [%.2f, %.2f]", c.ExpCI.Lo, c.ExpCI.Hi)
		}
		out = append(out, s)
	}
	if !verbose {
		return out
	}
	var facts []string
	if c.Samples > 0 {
		facts = append(facts, plural(c.Samples, "sample"))
	}
	if c.Interval != nil && c.Unit != "class" {
		iv := quantity(c.Interval.Lo, c.Unit, c.Threshold) + " … " + quantity(c.Interval.Hi, c.Unit, c.Threshold)
		if c.Interval.Confidence > 0 {
			iv = strconv.FormatFloat(100*c.Interval.Confidence, 'f', -1, 64) + "% interval " + iv
		} else {
			iv = "interval " + iv
		}
		facts = append(facts, iv)
	}
	if c.Origin != "" {
		facts = append(facts, "declared in "+c.Origin)
	}
	if len(facts) > 0 {
		out = append(out, strings.Join(facts, ", "))
	}
	if len(c.Context) > 0 {
		out = append(out, contextString(c.Context))
	}
	return out
}

func (t *textWriter) violations(r *report.Report) {
	if len(r.Violations) == 0 {
		return
	}
	t.heading("violations")
	tab := &table{}
	for i := range r.Violations {
		v := &r.Violations[i]
		unit := violationUnit(r, v)
		ts := ""
		if !v.Timestamp.IsZero() {
			ts = v.Timestamp.UTC().Format(time.RFC3339)
		}
		tab.add(2,
			cell{clean(v.ContractID), styleRed},
			cell{quantity(v.Measured, unit, v.Threshold) + " > " + quantity(v.Threshold, unit, v.Threshold), styleNone},
			cell{ts, styleDim},
			cell{clean(contextString(v.Context)), styleDim})
	}
	tab.write(t.buf, t.opts.Color)
}

// violationUnit is the unit of a violation's values: its contract's, else
// the one its context names.
func violationUnit(r *report.Report, v *report.Violation) string {
	if c := contractByID(r, v.ContractID); c != nil {
		return c.Unit
	}
	if u, ok := v.Context["unit"].(string); ok {
		return u
	}
	return violationContract(*v).Unit
}

// contextString writes a context map as "k=v" pairs in key order.
func contextString(ctx map[string]any) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(ctx)) {
		parts = append(parts, k+"="+contextValue(ctx[k]))
	}
	return strings.Join(parts, " ")
}

func contextValue(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case nil:
		return "null"
	}
	return fmt.Sprint(v)
}

// groupBenchmarks returns the benchmark rows by package, packages sorted,
// rows in report order.
func groupBenchmarks(bs []report.Benchmark) (names []string, groups map[string][]*report.Benchmark) {
	groups = make(map[string][]*report.Benchmark)
	for i := range bs {
		groups[bs[i].Package] = append(groups[bs[i].Package], &bs[i])
	}
	return slices.Sorted(maps.Keys(groups)), groups
}

func (t *textWriter) benchmarks(r *report.Report) {
	if len(r.Benchmarks) == 0 {
		return
	}
	cmp := compared(r)
	if cmp {
		t.heading("benchmarks vs baseline")
	} else {
		t.heading("benchmarks")
	}
	tab := &table{right: map[int]bool{2: true, 3: cmp}}
	if cmp {
		tab.add(2, cell{"NAME", styleDim}, cell{"UNIT", styleDim}, cell{"BASELINE", styleDim},
			cell{"CURRENT", styleDim}, cell{"CHANGE", styleDim})
	} else {
		tab.add(2, cell{"NAME", styleDim}, cell{"UNIT", styleDim}, cell{"CURRENT", styleDim})
	}
	names, groups := groupBenchmarks(r.Benchmarks)
	for _, g := range names {
		if g != "" {
			tab.addLine(0, styleBold, clean(g))
		}
		for _, b := range groups[g] {
			cur := withInterval(benchValue(b.Current, b.Unit), pctRange(b.Current, b.CurrentInterval))
			name, unit := cell{clean(b.Name), styleNone}, cell{clean(b.Unit), styleDim}
			if !cmp {
				tab.add(2, name, unit, cell{cur, styleNone}, cell{outliers(b), styleDim})
			} else {
				base := ""
				if b.Baseline != nil {
					base = withInterval(benchValue(*b.Baseline, b.Unit), pctRange(*b.Baseline, b.BaselineInterval))
				}
				style := styleNone
				switch {
				case b.Regression:
					style = styleRed
				case b.Improvement:
					style = styleGreen
				}
				delta := strings.TrimSpace(change(b) + " " + pNote(b))
				tab.add(2, name, unit, cell{base, styleNone}, cell{cur, styleNone},
					cell{delta, style}, cell{benchVerdict(b), style}, cell{outliers(b), styleDim})
			}
			for _, w := range b.Warnings {
				tab.addLine(6, styleDim, clean(w))
			}
		}
	}
	tab.write(t.buf, t.opts.Color)
}

func outliers(b *report.Benchmark) string {
	if b.Outliers == 0 {
		return ""
	}
	return plural(b.Outliers, "outlier")
}

func (t *textWriter) notes(r *report.Report) {
	if len(r.Hints) > 0 {
		t.heading("hints")
		for _, h := range r.Hints {
			line := h.Message
			if h.Estimated != "" {
				line += " (estimated " + h.Estimated + ")"
			}
			fmt.Fprintf(t.buf, "  %s: %s\n", clean(h.Pos), clean(line))
		}
	}
	if len(r.Warnings) > 0 {
		t.buf.WriteByte('\n')
		for _, w := range r.Warnings {
			t.styled(styleYellow, "warning: ")
			t.buf.WriteString(clean(w))
			t.buf.WriteByte('\n')
		}
	}
}

// summaryCounts writes the summary's counts in one phrase.
func summaryCounts(s report.Summary) string {
	return fmt.Sprintf("%d passed, %d failed, %d unmeasured, %d inconclusive, %s",
		s.ContractsPassed, s.ContractsFailed, s.ContractsUnmeasured, s.ContractsInconclusive,
		plural(s.Regressions, "regression"))
}

func (t *textWriter) summary(r *report.Report) {
	t.buf.WriteByte('\n')
	if r.Passed {
		t.styled(styleGreen+styleBold, "PASS")
	} else {
		t.styled(styleRed+styleBold, "FAIL")
	}
	fmt.Fprintf(t.buf, "  score %s  %s\n", formatScore(r.Summary.Score), summaryCounts(r.Summary))
	for _, reason := range r.Reasons {
		t.buf.WriteString("  ")
		t.buf.WriteString(clean(reason))
		t.buf.WriteByte('\n')
	}
}
