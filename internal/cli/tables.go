package cli

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/perf/benchunit"

	"github.com/choragen/choragen/internal/report"
)

// This file holds what the tracking commands (perf:bench, perf:compare,
// perf:history, perf:baseline) share to print numbers for people, the
// way benchstat does: 1.234ms, 4.000KiB, centre ± interval in percent.

// benchValue formats v, a value in the tidied benchmark unit unit: times
// in seconds ("sec/op", "p99-sec/op") with an SI prefix and "s", bytes
// ("B/op", "peak-heap-B") with a binary prefix and "B", counts exactly
// when they are whole, other values with three significant digits.
func benchValue(v float64, unit string) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	switch numeratorKind(unit) {
	case "sec":
		return benchunit.Scale(v, benchunit.Decimal) + "s"
	case "B":
		if v == math.Trunc(v) && math.Abs(v) < 1024 {
			return strconv.FormatFloat(v, 'f', 0, 64) + "B"
		}
		return benchunit.Scale(v, benchunit.Binary) + "B"
	}
	if v == math.Trunc(v) && math.Abs(v) < 1e6 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return benchunit.Scale(v, benchunit.Decimal)
}

// numeratorKind reports whether unit measures time ("sec") or bytes ("B")
// per whatever its denominator is, or neither ("").
func numeratorKind(unit string) string {
	num, _, _ := strings.Cut(unit, "/")
	if benchunit.ClassOf(num) == benchunit.Binary {
		return "B"
	}
	for _, tok := range strings.FieldsFunc(num, func(r rune) bool { return r == '-' || r == '*' || r == ' ' }) {
		if tok == "sec" || tok == "s" {
			return "sec"
		}
	}
	return ""
}

// pctRange is an interval's half-width around centre in percent of the
// centre, as benchstat writes it: "± 2%", "± ∞" when there is no finite
// interval (fewer than 6 samples).
func pctRange(centre float64, iv *report.Interval) string {
	if iv == nil || math.IsInf(iv.Lo, 0) || math.IsInf(iv.Hi, 0) {
		return "± ∞"
	}
	if centre == 0 {
		if iv.Lo == 0 && iv.Hi == 0 {
			return "± 0%"
		}
		return "± ?"
	}
	if math.Signbit(iv.Lo) != math.Signbit(centre) || math.Signbit(iv.Hi) != math.Signbit(centre) {
		return "± ?"
	}
	v := math.Max(iv.Hi/centre-1, 1-iv.Lo/centre)
	return fmt.Sprintf("± %.0f%%", 100*math.Abs(v))
}

// withInterval formats a centre with its interval: "1.234ms ± 2%".
func withInterval(v float64, unit string, iv *report.Interval) string {
	return benchValue(v, unit) + " " + pctRange(v, iv)
}

// changeCell is benchstat's change column: "+20.13% (p=0.000 n=10)", or
// "~ (p=0.436 n=10)" when the change is not significant.
func changeCell(b *report.Benchmark) string {
	delta := "~"
	switch {
	case b.Change == nil && (b.Regression || b.Improvement || b.Significant):
		delta = "changed"
	case b.Change == nil:
		delta = "?"
	case b.Significant || b.Regression || b.Improvement:
		delta = fmt.Sprintf("%+.2f%%", *b.Change)
	}
	var note []string
	if b.PValue != nil {
		note = append(note, fmt.Sprintf("p=%.3f", *b.PValue))
	}
	switch {
	case b.N != b.BaselineN:
		note = append(note, fmt.Sprintf("n=%d+%d", b.BaselineN, b.N))
	default:
		note = append(note, fmt.Sprintf("n=%d", b.N))
	}
	return delta + " (" + strings.Join(note, " ") + ")"
}

// verdictWord is one word for a compared row.
func verdictWord(b *report.Benchmark) string {
	switch {
	case b.Regression:
		return "regression"
	case b.Improvement:
		return "improvement"
	}
	return ""
}

// textTable lays out rows in columns, widths counted in runes so that "µ"
// and "±" take one column each. Cells of right-aligned columns are padded
// on the left. Lines (rows with one cell and span set) take no part in
// the widths.
type textTable struct {
	rows  [][]string
	spans []bool
	right map[int]bool
}

func (t *textTable) row(cells ...string) {
	for i, c := range cells {
		cells[i] = clean(c)
	}
	t.rows = append(t.rows, cells)
	t.spans = append(t.spans, false)
}

// line adds a line that spans the table (a heading).
func (t *textTable) line(s string) {
	t.rows = append(t.rows, []string{clean(s)})
	t.spans = append(t.spans, true)
}

func (t *textTable) write(w io.Writer) {
	var widths []int
	for i, r := range t.rows {
		if t.spans[i] {
			continue
		}
		for j, c := range r {
			if j >= len(widths) {
				widths = append(widths, 0)
			}
			widths[j] = max(widths[j], utf8.RuneCountInString(c))
		}
	}
	var b strings.Builder
	for i, r := range t.rows {
		if t.spans[i] {
			b.WriteString(r[0])
			b.WriteByte('\n')
			continue
		}
		last := len(r) - 1
		for last > 0 && r[last] == "" {
			last--
		}
		for j := 0; j <= last; j++ {
			c := r[j]
			pad := strings.Repeat(" ", widths[j]-utf8.RuneCountInString(c))
			if j > 0 {
				b.WriteString("  ")
			}
			if t.right[j] {
				b.WriteString(pad + c)
			} else if j < last {
				b.WriteString(c + pad)
			} else {
				b.WriteString(c)
			}
		}
		b.WriteByte('\n')
	}
	io.WriteString(w, b.String())
}

// clean replaces control characters, so that no benchmark name or path
// from a file or a store can move the cursor or forge a line.
func clean(s string) string {
	if strings.IndexFunc(s, unicode.IsControl) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '?'
		}
		return r
	}, s)
}

// describeRun writes a run as "run 12, commit 3f2a9c1d0e4b (main, dirty),
// 2026-11-22T10:00:00Z".
func describeRun(r *report.Run) string {
	if r == nil {
		return ""
	}
	var parts []string
	if r.ID != 0 {
		parts = append(parts, "run "+strconv.FormatInt(r.ID, 10))
	}
	var tags []string
	if r.Branch != "" {
		tags = append(tags, r.Branch)
	}
	if r.Dirty {
		tags = append(tags, "dirty")
	}
	c := ""
	switch {
	case r.Commit != "":
		c = "commit " + shortCommit(r.Commit)
		if len(tags) > 0 {
			c += " (" + strings.Join(tags, ", ") + ")"
		}
	case len(tags) > 0:
		c = "branch " + strings.Join(tags, ", ")
	}
	if c != "" {
		parts = append(parts, c)
	}
	if !r.Time.IsZero() {
		parts = append(parts, r.Time.UTC().Format("2006-01-02T15:04:05Z"))
	}
	return strings.Join(parts, ", ")
}

func shortCommit(c string) string {
	if len(c) > 12 {
		return c[:12]
	}
	return c
}

// machineLines writes a run's machine as the configuration lines go test
// starts its output with.
func machineLines(w io.Writer, r *report.Run) {
	if r == nil {
		return
	}
	kv := func(k, v string) {
		if v != "" {
			fmt.Fprintf(w, "%s: %s\n", k, clean(v))
		}
	}
	kv("goos", r.GOOS)
	kv("goarch", r.GOARCH)
	kv("cpu", r.CPU)
	if r.GOMAXPROCS > 0 {
		kv("gomaxprocs", strconv.Itoa(r.GOMAXPROCS))
	}
	kv("go", r.GoVersion)
}

// plural returns "1 regression", "2 regressions".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// commitLine writes "commit: 3f2a9c1d0e4b (main, dirty)", or "branch: main"
// outside git.
func commitLine(w io.Writer, r *report.Run) {
	if r == nil {
		return
	}
	var tags []string
	if r.Branch != "" {
		tags = append(tags, r.Branch)
	}
	if r.Dirty {
		tags = append(tags, "dirty")
	}
	switch {
	case r.Commit != "" && len(tags) > 0:
		fmt.Fprintf(w, "commit: %s (%s)\n", clean(shortCommit(r.Commit)), clean(strings.Join(tags, ", ")))
	case r.Commit != "":
		fmt.Fprintf(w, "commit: %s\n", clean(shortCommit(r.Commit)))
	case r.Branch != "":
		fmt.Fprintf(w, "branch: %s\n", clean(r.Branch))
	}
}
