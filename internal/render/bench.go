package render

import (
	"bytes"
	"fmt"
	"io"
	"slices"

	"github.com/choragen/choragen/internal/report"
)

// Bench writes res, the result of choragen perf:bench, in format f: Text,
// as benchstat prints one file (the configuration lines, then per package
// a table with a row per benchmark and a column per unit, each cell the
// median ± the interval's half-width; then the outliers, the warnings and
// where the run was stored), or JSON, the run's report (WriteJSON).
func Bench(w io.Writer, res *report.BenchResult, f Format) error {
	if res == nil || res.Report == nil {
		return errNilResult
	}
	switch f {
	case Text, "":
		return benchText(w, res)
	case JSON:
		return WriteJSON(w, res.Report, Options{})
	}
	return noFormat("bench", f, Text, JSON)
}

func benchText(w io.Writer, res *report.BenchResult) error {
	var b bytes.Buffer
	r := res.Report
	if r.Run != nil {
		machineLines(&b, r.Run)
		commitLine(&b, r.Run)
	}
	type cellKey struct{ name, unit string }
	var outliers []string
	for _, pkg := range packagesOf(r.Benchmarks) {
		var names, units []string
		cells := map[cellKey]string{}
		for i := range r.Benchmarks {
			row := &r.Benchmarks[i]
			if row.Package != pkg {
				continue
			}
			if !slices.Contains(names, row.Name) {
				names = append(names, row.Name)
			}
			if !slices.Contains(units, row.Unit) {
				units = append(units, row.Unit)
			}
			cells[cellKey{row.Name, row.Unit}] = benchCentre(row.Current, row.Unit, row.CurrentInterval)
			if row.Outliers > 0 {
				p := row.Package
				if p == "" {
					p = "(no package)"
				}
				outliers = append(outliers, fmt.Sprintf("%s %s %s: %d of %d", p, row.Name, row.Unit, row.Outliers, row.N))
			}
		}
		b.WriteByte('\n')
		if pkg != "" {
			fmt.Fprintf(&b, "pkg: %s\n", clean(pkg))
		}
		t := &table{right: map[int]bool{}}
		head := []string{""}
		for i, u := range units {
			head = append(head, u)
			t.right[i+1] = true
		}
		t.plainRow(head...)
		for _, n := range names {
			line := []string{n}
			for _, u := range units {
				line = append(line, cells[cellKey{n, u}])
			}
			t.plainRow(line...)
		}
		t.write(&b, false)
	}
	if len(outliers) > 0 {
		b.WriteString("\noutliers (counted, not dropped: the median and the rank test are robust to them):\n")
		for _, o := range outliers {
			fmt.Fprintf(&b, "  %s\n", clean(o))
		}
	}
	if notes := rowWarnings(r.Benchmarks, r.Warnings); len(notes) > 0 {
		b.WriteByte('\n')
		for _, n := range notes {
			fmt.Fprintf(&b, "warning: %s\n", clean(n))
		}
	}
	var id int64
	if r.Run != nil {
		id = r.Run.ID
	}
	fmt.Fprintf(&b, "\nstored run %d in %s: %s, %s\n", id, clean(res.Store),
		plural(countNames(r.Benchmarks), "benchmark"), plural(len(r.Benchmarks), "metric"))
	return flush(w, &b, "bench")
}

// commitLine writes "commit: 3f2a9c1d0e4b (main, dirty)", or "branch:
// main" outside git.
func commitLine(b *bytes.Buffer, run *report.Run) {
	switch {
	case run.Commit != "":
		c := shortCommit(run.Commit)
		if tags := runTags(run); tags != "" {
			c += " (" + tags + ")"
		}
		configLine(b, "commit", c)
	case run.Branch != "":
		configLine(b, "branch", run.Branch)
	}
}

// countNames counts the benchmarks of rows, whatever their units.
func countNames(rows []report.Benchmark) int {
	seen := map[[2]string]bool{}
	for i := range rows {
		seen[[2]string{rows[i].Package, rows[i].Name}] = true
	}
	return len(seen)
}
