package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/choragen/choragen/internal/engine"
	"github.com/choragen/choragen/internal/render"
	"github.com/choragen/choragen/internal/report"
)

// historyCmd is "perf:history" (prefix "perf:") or "history" under
// "perf".
func historyCmd(st *State, prefix string) *cobra.Command {
	var (
		dir, cfg    string
		sf          storeFlags
		format      = render.Text
		n           int
		unit, pkg   string
		thisMachine bool
		verbose     bool
	)
	cmd := &cobra.Command{
		Use:   prefix + "history [benchmark]",
		Short: "A benchmark's or the score's last runs",
		Long: `Show a benchmark metric's median and interval over the module's last
stored runs, with the change and verdict of each run's comparison with its
baseline; without a benchmark, the score of the last scored runs (choragen
perf). Oldest first, as a chart reads them. The benchmark is named as Go
prints it, without the -GOMAXPROCS suffix ("BenchmarkHash/n=1024"; the
"Benchmark" prefix may be left out).`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := textOrJSON(format); err != nil {
				return err
			}
			if n <= 0 {
				return usageError("-n %d: want 1 or more runs", n)
			}
			req := engine.HistoryRequest{
				Dir: dir, Config: cfg, History: sf.history(st),
				Unit: unit, Package: pkg, Limit: n, ThisMachine: thisMachine,
			}
			if len(args) == 1 {
				req.Benchmark = args[0]
			} else if cmd.Flags().Changed("unit") || cmd.Flags().Changed("package") {
				return usageError("--unit and --package choose a benchmark's metric: name the benchmark")
			}
			h, err := st.engine(verbose).History(cmd.Context(), req)
			if err != nil {
				return err
			}
			if format == render.JSON {
				enc := json.NewEncoder(st.Stdout)
				enc.SetIndent("", "  ")
				enc.SetEscapeHTML(false)
				return enc.Encode(h)
			}
			return writeHistory(st.Stdout, h)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&dir, "dir", ".", "the module (a `dir` in it)")
	fs.StringVar(&cfg, "config", "", "configuration `file` (default: the nearest .choragen/performance.yaml)")
	fs.Var(&format, "format", "output `format`: text, json")
	sf.register(fs, "only the runs of `branch` (default: every branch)")
	fs.IntVarP(&n, "n", "n", engine.DefaultHistoryLimit, "how many of the last runs")
	fs.StringVar(&unit, "unit", "sec/op", "the benchmark's `unit`: sec/op (ns/op), B/op, allocs/op, or a custom metric")
	fs.StringVar(&pkg, "package", "", "the benchmark's `import path`, when several packages have one of that name")
	fs.BoolVar(&thisMachine, "this-machine", false, "only runs made on a machine comparable with this one")
	fs.BoolVarP(&verbose, "verbose", "v", false, "show progress")
	return cmd
}

func writeHistory(w io.Writer, h *report.HistoryResult) error {
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
		_, err := w.Write(b.Bytes())
		return err
	}
	fmt.Fprintf(&b, "%s: last %s%s, oldest first\n\n", clean(what), plural(len(h.Points), "run"), clean(filters))
	t := &textTable{right: map[int]bool{0: true}}
	if h.Benchmark == "" {
		t.right[4] = true
		t.row("RUN", "TIME", "COMMIT", "BRANCH", "SCORE")
		for _, p := range h.Points {
			score := ""
			if p.Score != nil {
				score = strconv.FormatFloat(*p.Score, 'f', -1, 64)
			}
			t.row(strconv.FormatInt(p.RunID, 10), p.Time.UTC().Format("2006-01-02T15:04:05Z"), shortCommit(p.Commit), branchCell(p), score)
		}
	} else {
		t.right[4], t.right[5], t.right[6] = true, true, true
		t.row("RUN", "TIME", "COMMIT", "BRANCH", h.Unit, "N", "CHANGE", "")
		for _, p := range h.Points {
			value, change, verdict := "", "", ""
			if p.Center != nil {
				value = withInterval(*p.Center, h.Unit, p.Interval)
			}
			if p.Change != nil {
				change = fmt.Sprintf("%+.2f%%", *p.Change)
			}
			if p.Regression {
				verdict = "regression"
			}
			t.row(strconv.FormatInt(p.RunID, 10), p.Time.UTC().Format("2006-01-02T15:04:05Z"), shortCommit(p.Commit), branchCell(p),
				value, strconv.Itoa(p.N), change, verdict)
		}
	}
	t.write(&b)
	_, err := w.Write(b.Bytes())
	return err
}

func branchCell(p report.HistoryPoint) string {
	if p.Dirty {
		return p.Branch + " (dirty)"
	}
	return p.Branch
}
