package cli

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"github.com/choragen/choragen/internal/engine"
	"github.com/choragen/choragen/internal/render"
	"github.com/choragen/choragen/internal/report"
)

// benchCmd is "perf:bench" (prefix "perf:") or "bench" under "perf".
func benchCmd(st *State, prefix string) *cobra.Command {
	var (
		c     common
		sf    storeFlags
		bench string
	)
	cmd := &cobra.Command{
		Use:   prefix + "bench [packages]",
		Short: "Run the benchmark suite and store the run",
		Long: `Run the module's benchmarks (every one under --dir, or those --bench
matches, or in the packages given) with warm-up repetitions discarded and
--count repetitions kept, print each benchmark metric's median with its
95% confidence interval (outliers are counted, never dropped), and store
the run in the history: every sample, the summaries, the machine, commit,
branch and dirty flag. Compare runs with perf:compare.`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			req, err := c.request(cmd, args)
			if err != nil {
				return err
			}
			if err := textOrJSON(c.format); err != nil {
				return err
			}
			if bench != "" {
				if _, err := regexp.Compile(bench); err != nil {
					return usageError("--bench %q: %v", bench, err)
				}
			}
			res, err := st.engine(c.verbose).Bench(cmd.Context(), engine.BenchRequest{Request: req, History: sf.history(st), Bench: bench})
			if err != nil {
				return err
			}
			if c.format == render.JSON {
				err = render.WriteJSON(st.Stdout, res.Report, render.Options{})
			} else {
				err = writeBench(st.Stdout, res)
			}
			if err != nil {
				return fmt.Errorf("write results: %w", err)
			}
			if len(res.Failed) > 0 {
				return failed("%s failed (the others are stored): %s", plural(len(res.Failed), "benchmark"), strings.Join(res.Failed, "; "))
			}
			return nil
		},
	}
	c.register(cmd.Flags())
	cmd.Flags().MarkHidden("strict")
	sf.register(cmd.Flags(), recordBranch)
	cmd.Flags().StringVar(&bench, "bench", "", "run only the benchmarks that `regexp` matches (go test -bench)")
	return cmd
}

// textOrJSON refuses the report formats that a command without contracts
// cannot print.
func textOrJSON(f render.Format) error {
	if f != render.Text && f != render.JSON {
		return usageError("--format %s: this command prints text or json", f)
	}
	return nil
}

// writeBench prints a benchmark run as benchstat prints one file: the
// configuration lines, then per package a table with a row per benchmark
// and a column per unit, each cell the median ± the interval's half-width;
// then the outliers, the warnings, and where the run was stored.
func writeBench(w io.Writer, res *report.BenchResult) error {
	var b bytes.Buffer
	r := res.Report
	machineLines(&b, r.Run)
	commitLine(&b, r.Run)
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
			k := cellKey{row.Name, row.Unit}
			if !contains(names, row.Name) {
				names = append(names, row.Name)
			}
			if !contains(units, row.Unit) {
				units = append(units, row.Unit)
			}
			cells[k] = withInterval(row.Current, row.Unit, row.CurrentInterval)
			if row.Outliers > 0 {
				outliers = append(outliers, fmt.Sprintf("%s %s %s: %d of %d", pkgOr(row.Package), row.Name, row.Unit, row.Outliers, row.N))
			}
		}
		b.WriteByte('\n')
		if pkg != "" {
			fmt.Fprintf(&b, "pkg: %s\n", clean(pkg))
		}
		t := &textTable{right: map[int]bool{}}
		head := []string{""}
		for i, u := range units {
			head = append(head, u)
			t.right[i+1] = true
		}
		t.row(head...)
		for _, n := range names {
			line := []string{n}
			for _, u := range units {
				line = append(line, cells[cellKey{n, u}])
			}
			t.row(line...)
		}
		t.write(&b)
	}
	if len(outliers) > 0 {
		b.WriteString("\noutliers (counted, not dropped: the median and the rank test are robust to them):\n")
		for _, o := range outliers {
			fmt.Fprintf(&b, "  %s\n", clean(o))
		}
	}
	var notes []string
	for i := range r.Benchmarks {
		for _, warn := range r.Benchmarks[i].Warnings {
			notes = append(notes, r.Benchmarks[i].Name+" "+r.Benchmarks[i].Unit+": "+warn)
		}
	}
	notes = append(notes, r.Warnings...)
	if len(notes) > 0 {
		b.WriteByte('\n')
		for _, n := range notes {
			fmt.Fprintf(&b, "warning: %s\n", clean(n))
		}
	}
	fmt.Fprintf(&b, "\nstored run %d in %s: %s, %s\n", r.Run.ID, clean(res.Store),
		plural(countNames(r.Benchmarks), "benchmark"), plural(len(r.Benchmarks), "metric"))
	_, err := w.Write(b.Bytes())
	return err
}

// packagesOf returns the packages of rows in the order first seen.
func packagesOf(rows []report.Benchmark) []string {
	var pkgs []string
	for i := range rows {
		if !contains(pkgs, rows[i].Package) {
			pkgs = append(pkgs, rows[i].Package)
		}
	}
	return pkgs
}

func countNames(rows []report.Benchmark) int {
	seen := map[[2]string]bool{}
	for i := range rows {
		seen[[2]string{rows[i].Package, rows[i].Name}] = true
	}
	return len(seen)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func pkgOr(p string) string {
	if p == "" {
		return "(no package)"
	}
	return p
}
