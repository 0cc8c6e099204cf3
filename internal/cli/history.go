package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/choragen/choragen/internal/engine"
	"github.com/choragen/choragen/internal/render"
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
			if err := render.History(st.Stdout, h, format); err != nil {
				return fmt.Errorf("write history: %w", err)
			}
			return nil
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
