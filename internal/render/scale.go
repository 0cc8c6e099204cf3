package render

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/choragen/choragen/internal/metric"
	"golang.org/x/perf/benchunit"

	"github.com/choragen/choragen/internal/report"
)

// This file turns the report's numbers into what people read: 1.240µs,
// 12.30MB, 3 queries, O(n log n). Every renderer formats through it, so a
// value reads the same in the terminal, a pull-request comment and a CI
// annotation.

func metricInfo(name string) (metric.Info, bool) { return metric.Lookup(metric.Metric(name)) }

// quantity formats v, a contract value in the report unit unit ("ms", "B",
// "allocs", "class", ...). ref decides the prefix class of byte values: a
// threshold written in KiB/MiB/GiB (a multiple of 1024 but not of 1000)
// shows its values with binary prefixes, otherwise decimal ones, as the
// directive syntax spells sizes (DESIGN.md: KB = 1000 B, KiB = 1024 B).
func quantity(v float64, unit string, ref float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	switch unit {
	case "ms":
		return benchunit.Scale(v/1e3, benchunit.Decimal) + "s"
	case "s", "sec":
		return benchunit.Scale(v, benchunit.Decimal) + "s"
	case "ns":
		return benchunit.Scale(v/1e9, benchunit.Decimal) + "s"
	case "B":
		return bytesValue(v, byteClass(ref))
	case "class":
		return className(v)
	case "":
		return count(v)
	case "depth":
		unit = "levels" // of recursion: "41 levels", not "41 depth"
	}
	if v == 1 {
		unit = singular(unit)
	}
	return count(v) + " " + unit
}

// bytesValue formats a number of bytes: whole bytes below the class's
// first prefix (1000 B, or 1024 B for binary prefixes) exactly ("812B",
// "1000B"), larger ones scaled ("12.30MB", "30.00MiB").
func bytesValue(v float64, cls benchunit.Class) string {
	first := 1000.0
	if cls == benchunit.Binary {
		first = 1024
	}
	if v == math.Trunc(v) && math.Abs(v) < first {
		return strconv.FormatFloat(v, 'f', 0, 64) + "B"
	}
	return benchunit.Scale(v, cls) + "B"
}

// singular turns a count unit into its singular for a count of one:
// "1 query", "1 alloc".
func singular(unit string) string {
	switch {
	case strings.HasSuffix(unit, "ies"):
		return strings.TrimSuffix(unit, "ies") + "y"
	case strings.HasSuffix(unit, "s") && !strings.HasSuffix(unit, "ss"):
		return strings.TrimSuffix(unit, "s")
	}
	return unit
}

// byteClass is the prefix class for byte values judged against ref.
func byteClass(ref float64) benchunit.Class {
	if ref >= 1024 && math.Mod(ref, 1024) == 0 && math.Mod(ref, 1000) != 0 {
		return benchunit.Binary
	}
	return benchunit.Decimal
}

// className names a complexity class given by its index in the report.
func className(v float64) string {
	c := metric.Class(math.Round(v))
	if v != math.Round(v) || !c.Valid() {
		return "class " + strconv.FormatFloat(v, 'g', -1, 64)
	}
	return c.String()
}

// count formats a count: exactly when it is a whole number people can
// read at a glance, else with three significant digits and an SI prefix.
func count(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e6 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return benchunit.Scale(v, benchunit.Decimal)
}

// contractMeasured formats a contract's measured value, or "-" when there
// is none.
func contractMeasured(c *report.Contract) string {
	if c.Metric == "complexity" && c.Fitted != "" {
		return c.Fitted
	}
	if c.Measured == nil {
		return "-"
	}
	return quantity(*c.Measured, c.Unit, c.Threshold)
}

// contractThreshold formats a contract's threshold.
func contractThreshold(c *report.Contract) string {
	if c.Metric == "complexity" && c.Bound != "" {
		return c.Bound
	}
	return quantity(c.Threshold, c.Unit, c.Threshold)
}

// contractInterval formats the interval of a contract's measurement as
// benchstat does, "± 5%", or "" when there is none.
func contractInterval(c *report.Contract) string {
	if c.Measured == nil || c.Interval == nil || c.Unit == "class" {
		return ""
	}
	return pctRange(*c.Measured, c.Interval)
}

// pctRange is the half-width of iv around centre in percent of centre,
// the way benchmath.Summary.PctRangeString writes it: "± 2%", "± ∞" for
// an infinite bound, "± ?" when a bound lies on the other side of zero;
// "" when there is no interval.
func pctRange(centre float64, iv *report.Interval) string {
	if iv == nil {
		return ""
	}
	if math.IsInf(iv.Lo, 0) || math.IsInf(iv.Hi, 0) || math.IsNaN(iv.Lo) || math.IsNaN(iv.Hi) {
		return "± ∞"
	}
	if math.Signbit(iv.Lo) != math.Signbit(centre) || math.Signbit(iv.Hi) != math.Signbit(centre) {
		return "± ?"
	}
	if centre == 0 {
		if iv.Lo == 0 && iv.Hi == 0 {
			return "± 0%"
		}
		return "± ?"
	}
	v := math.Max(iv.Hi/centre-1, 1-iv.Lo/centre)
	return fmt.Sprintf("± %.0f%%", 100*math.Abs(v))
}

// benchValue formats v, a value in the benchmark unit unit as benchfmt
// tidies it: times in seconds ("sec/op", "p99-sec/op") get an SI prefix
// and "s", bytes ("B/op", "peak-heap-B") a binary prefix and "B" as
// benchstat shows them, other units a plain scaled number.
func benchValue(v float64, unit string) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	switch numeratorKind(unit) {
	case "sec":
		return benchunit.Scale(v, benchunit.Decimal) + "s"
	case "B":
		return bytesValue(v, benchunit.Binary)
	}
	return count(v)
}

// numeratorKind reports whether unit measures time ("sec") or bytes ("B")
// per whatever its denominator is, or neither ("").
func numeratorKind(unit string) string {
	num, _, _ := strings.Cut(unit, "/")
	if benchunit.ClassOf(num) == benchunit.Binary {
		return "B"
	}
	for tok := range strings.FieldsFuncSeq(num, func(r rune) bool { return r == '-' || r == '*' || r == ' ' }) {
		if tok == "sec" || tok == "s" {
			return "sec"
		}
	}
	return ""
}

// change formats a benchmark row's percentage change, benchstat's "~"
// when the difference is not significant.
func change(b *report.Benchmark) string {
	if b.Change == nil {
		return ""
	}
	if !b.Significant && !b.Regression && !b.Improvement {
		return "~"
	}
	return fmt.Sprintf("%+.2f%%", *b.Change)
}

// pNote is benchstat's "(p=0.002 n=10)" note of a comparison.
func pNote(b *report.Benchmark) string {
	var parts []string
	if b.PValue != nil {
		parts = append(parts, fmt.Sprintf("p=%0.3f", *b.PValue))
	}
	switch {
	case b.N > 0 && b.BaselineN > 0 && b.N != b.BaselineN:
		parts = append(parts, fmt.Sprintf("n=%d+%d", b.BaselineN, b.N))
	case b.N > 0:
		parts = append(parts, fmt.Sprintf("n=%d", b.N))
	}
	if len(parts) == 0 {
		return ""
	}
	return "(" + strings.Join(parts, " ") + ")"
}

// benchVerdict is one word for a compared row.
func benchVerdict(b *report.Benchmark) string {
	switch {
	case b.Regression:
		return "regression"
	case b.Improvement:
		return "improvement"
	}
	return ""
}

// withInterval joins a value and its "± x%" interval.
func withInterval(v, iv string) string {
	if iv == "" {
		return v
	}
	return v + " " + iv
}

// plural returns "1 contract", "2 contracts".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// formatScore writes a score without a needless fraction.
func formatScore(s float64) string { return strconv.FormatFloat(s, 'f', -1, 64) }

// compared reports whether any benchmark row was compared with a baseline.
func compared(r *report.Report) bool {
	for i := range r.Benchmarks {
		if r.Benchmarks[i].Baseline != nil {
			return true
		}
	}
	return false
}
