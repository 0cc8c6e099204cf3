package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/choragen/choragen/internal/engine"
	"github.com/choragen/choragen/internal/render"
	"github.com/choragen/choragen/internal/report"
)

// baselineCmd is "perf:baseline" (prefix "perf:") or "baseline" under
// "perf".
func baselineCmd(st *State, prefix string) *cobra.Command {
	var (
		dir, cfg string
		sf       storeFlags
		format   = render.Text
		pin      int64
		unpin    bool
		verbose  bool
	)
	cmd := &cobra.Command{
		Use:   prefix + "baseline",
		Short: "Show the baseline a comparison would use; pin or unpin one",
		Long: `Show the run that a run of the current branch, made now on this machine,
would be compared with, and why: a run pinned for the baseline branch; else
the latest clean run of benchmarks.baselineBranch on a comparable machine
(same GOOS, GOARCH, CPU model and GOMAXPROCS); on the baseline branch
itself, its latest run, which the next run follows. Or say that there is
none.

--pin makes a stored run the baseline of the baseline branch, wherever it
ran; --unpin lets the rule choose again.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := textOrJSON(format); err != nil {
				return err
			}
			pinSet := cmd.Flags().Changed("pin")
			if pinSet && unpin {
				return usageError("--pin and --unpin: choose one")
			}
			if pinSet && pin <= 0 {
				return usageError("--pin %d: want a run id (perf:history lists them)", pin)
			}
			req := engine.BaselineRequest{Dir: dir, Config: cfg, History: sf.history(st)}
			e := st.engine(verbose)
			var (
				info *report.BaselineInfo
				err  error
				note string
			)
			switch {
			case pinSet:
				info, err = e.Pin(cmd.Context(), req, pin)
				if err == nil {
					note = fmt.Sprintf("pinned run %d as the baseline of branch %s", pin, info.BaselineBranch)
				}
			case unpin:
				var had bool
				info, had, err = e.Unpin(cmd.Context(), req)
				if err == nil {
					note = "unpinned the baseline of branch " + info.BaselineBranch
					if !had {
						note = "no baseline was pinned for branch " + info.BaselineBranch + ": nothing to unpin"
					}
				}
			default:
				info, err = e.Baseline(cmd.Context(), req)
			}
			if err != nil {
				return err
			}
			if err := render.Baseline(st.Stdout, info, note, format); err != nil {
				return fmt.Errorf("write baseline: %w", err)
			}
			return nil
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&dir, "dir", ".", "the module (a `dir` in it)")
	fs.StringVar(&cfg, "config", "", "configuration `file` (default: the nearest .choragen/performance.yaml)")
	fs.Var(&format, "format", "output `format`: text, json")
	sf.register(fs, "the `branch` of the run that would be compared (default: the git branch, else the CI's variables)")
	fs.Int64Var(&pin, "pin", 0, "pin run `id` as the baseline of the baseline branch")
	fs.BoolVar(&unpin, "unpin", false, "remove the pin of the baseline branch")
	fs.BoolVarP(&verbose, "verbose", "v", false, "show progress")
	return cmd
}
