package render

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/choragen/choragen/internal/report"
)

// Comparison writes c, the result of choragen perf:compare, in format f:
// Text, JSON or Markdown.
//
// Text is benchstat's layout: the sides and the rule, then per package a
// row per benchmark and metric with both medians ± intervals, the change
// with its p-value and sample sizes, and the verdict; then the warnings
// and a line of counts. JSON is c as it is, its lists never null.
// Markdown is a pull-request comment: a headline with the verdict, the
// regressions and improvements in a table, every row under <details>,
// and the warnings.
func Comparison(w io.Writer, c *report.Comparison, f Format) error {
	if c == nil {
		return errNilResult
	}
	switch f {
	case Text, "":
		return compareText(w, c)
	case JSON:
		out := *c
		if out.Benchmarks == nil {
			out.Benchmarks = []report.Benchmark{}
		}
		return writeValue(w, &out, "comparison")
	case Markdown:
		return compareMarkdown(w, c)
	}
	return noFormat("comparison", f, Text, JSON, Markdown)
}

// describeSide writes one side of a comparison for a heading.
func describeSide(s report.Side) string {
	var what string
	switch s.Kind {
	case "file":
		what = "file " + s.Path
	case "ref":
		what = "ref " + s.Ref
		if s.Run != nil && s.Run.Commit != "" {
			what += " (commit " + shortCommit(s.Run.Commit) + ")"
		}
		return what
	default:
		if s.Run != nil {
			what = describeRun(s.Run, true)
		}
	}
	if s.Chosen != "" && !strings.HasPrefix(s.Chosen, "--") {
		what += " [" + s.Chosen + "]"
	}
	return what
}

// compareCounts counts a comparison's verdicts in one phrase.
func compareCounts(s report.CompareSummary) string {
	return fmt.Sprintf("%s, %s, %d unchanged", plural(s.Regressions, "regression"), plural(s.Improvements, "improvement"), s.Unchanged)
}

func compareText(w io.Writer, c *report.Comparison) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "base: %s\n", clean(describeSide(c.Base)))
	fmt.Fprintf(&b, "head: %s\n", clean(describeSide(c.Head)))
	fmt.Fprintf(&b, "rule: regression = worse by more than %v%% and significant at alpha %v\n", c.Threshold, c.Alpha)
	if len(c.Benchmarks) > 0 {
		b.WriteByte('\n')
		t := &table{right: map[int]bool{2: true, 3: true}}
		t.plainRow("", "UNIT", "BASE", "HEAD", "CHANGE", "VERDICT")
		for _, pkg := range packagesOf(c.Benchmarks) {
			if pkg != "" {
				t.addLine(0, styleNone, clean("pkg: "+pkg))
			}
			for i := range c.Benchmarks {
				row := &c.Benchmarks[i]
				if row.Package != pkg {
					continue
				}
				base := ""
				if row.Baseline != nil {
					base = benchCentre(*row.Baseline, row.Unit, row.BaselineInterval)
				}
				t.plainRow(row.Name, row.Unit, base, benchCentre(row.Current, row.Unit, row.CurrentInterval), compareCell(row), benchVerdict(row))
			}
		}
		t.write(&b, false)
	}
	if notes := rowWarnings(c.Benchmarks, c.Warnings); len(notes) > 0 {
		b.WriteByte('\n')
		for _, n := range notes {
			fmt.Fprintf(&b, "warning: %s\n", clean(n))
		}
	}
	fmt.Fprintf(&b, "\n%s, of %d compared\n", compareCounts(c.Summary), c.Summary.Compared)
	return flush(w, &b, "comparison")
}

func compareMarkdown(w io.Writer, c *report.Comparison) error {
	var b bytes.Buffer
	icon := "✅"
	if c.Summary.Regressions > 0 {
		icon = "❌"
	}
	fmt.Fprintf(&b, "### %s choragen compare: %s\n\n", icon, compareCounts(c.Summary))
	fmt.Fprintf(&b, "Base: %s · head: %s · a regression is worse by more than %v%% and significant at alpha %v.\n",
		mdText(describeSide(c.Base)), mdText(describeSide(c.Head)), c.Threshold, c.Alpha)
	// The changed rows, regressions first.
	var changed []*report.Benchmark
	for _, regressions := range []bool{true, false} {
		for i := range c.Benchmarks {
			r := &c.Benchmarks[i]
			if r.Regression == regressions && (r.Regression || r.Improvement) {
				changed = append(changed, r)
			}
		}
	}
	if len(changed) > 0 {
		b.WriteByte('\n')
		mdCompareTable(&b, changed)
	}
	if len(c.Benchmarks) > 0 {
		all := make([]*report.Benchmark, len(c.Benchmarks))
		for i := range c.Benchmarks {
			all[i] = &c.Benchmarks[i]
		}
		fmt.Fprintf(&b, "\n<details>\n<summary>All %d compared</summary>\n\n", len(all))
		mdCompareTable(&b, all)
		b.WriteString("\n</details>\n")
	}
	if len(c.Warnings) > 0 {
		b.WriteString("\n")
		for _, warn := range c.Warnings {
			fmt.Fprintf(&b, "- ⚠️ %s\n", mdText(warn))
		}
	}
	return flush(w, &b, "comparison")
}

// mdCompareTable writes the rows of a comparison, at most mdMaxRows of
// them.
func mdCompareTable(b *bytes.Buffer, rows []*report.Benchmark) {
	b.WriteString("| benchmark | unit | base | head | change | verdict |\n")
	b.WriteString("| --- | --- | ---: | ---: | ---: | --- |\n")
	for i, r := range rows {
		if i == mdMaxRows {
			fmt.Fprintf(b, "\n… and %d more, in `--format json`.\n", len(rows)-i)
			return
		}
		base := ""
		if r.Baseline != nil {
			base = benchCentre(*r.Baseline, r.Unit, r.BaselineInterval)
		}
		verdict := ""
		switch {
		case r.Regression:
			verdict = "❌ regression"
		case r.Improvement:
			verdict = "✅ improvement"
		}
		name := r.Name
		if r.Package != "" {
			name = r.Package + " " + r.Name
		}
		// Note: the numbers need no escape; "~" (not significant) must
		// stay as benchstat writes it.
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s |\n", mdCode(name, true), mdCell(r.Unit), base,
			benchCentre(r.Current, r.Unit, r.CurrentInterval), compareCell(r), verdict)
	}
}
