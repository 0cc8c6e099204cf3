package cli

import (
	"github.com/spf13/cobra"

	"github.com/choragen/choragen/internal/engine"
)

// perfCmd is "perf": everything, and the parent of "perf check" and the
// other "perf x" spellings of "perf:x".
func perfCmd(st *State) *cobra.Command {
	var (
		c  common
		sf storeFlags
	)
	cmd := &cobra.Command{
		Use:   "perf [packages]",
		Short: "Check everything: contracts, tests, regressions, score; store the run",
		Long: `Discover the contracts under --dir, run the benchmarks that measure them
and the packages' tests, judge every contract, compare the benchmarks with
the baseline (the latest run of benchmarks.baselineBranch on a comparable
machine; none is a warning, not a failure), score the run, apply the
pass-or-fail rule (thresholds in .choragen/performance.yaml; any regression
fails) and store the run in the history.`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			req, err := c.request(cmd, args)
			if err != nil {
				return err
			}
			req.Tests = true
			r, err := st.engine(c.verbose).Perf(cmd.Context(), engine.PerfRequest{Request: req, History: sf.history(st)})
			if err != nil {
				return err
			}
			return st.finish(r, &c)
		},
	}
	c.register(cmd.Flags())
	sf.register(cmd.Flags(), recordBranch)
	return cmd
}
