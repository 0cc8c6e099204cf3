package cli

import (
	"github.com/spf13/cobra"
)

// perfCmd is "perf": everything, and the parent of "perf check" and the
// other "perf x" spellings of "perf:x".
func perfCmd(st *State) *cobra.Command {
	var c common
	cmd := &cobra.Command{
		Use:   "perf [packages]",
		Short: "Check everything: contracts, tests, score",
		Long: `Discover the contracts under --dir, run the benchmarks that measure them
and the packages' tests, judge every contract, score the run and apply the
pass-or-fail rule (thresholds in .choragen/performance.yaml).`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			req, err := c.request(cmd, args)
			if err != nil {
				return err
			}
			req.Tests = true
			r, err := st.engine(c.verbose).Check(cmd.Context(), req)
			if err != nil {
				return err
			}
			return st.finish(r, &c)
		},
	}
	c.register(cmd.Flags())
	return cmd
}
