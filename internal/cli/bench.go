package cli

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"github.com/choragen/choragen/internal/engine"
	"github.com/choragen/choragen/internal/render"
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
			if err := render.Bench(st.Stdout, res, c.format); err != nil {
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
