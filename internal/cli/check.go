package cli

import (
	"github.com/spf13/cobra"

	"github.com/choragen/choragen/internal/engine"
)

// checkCmd is "perf:check" (prefix "perf:") or "check" under "perf".
func checkCmd(st *State, prefix string) *cobra.Command {
	var (
		c     common
		tests bool
	)
	cmd := &cobra.Command{
		Use:   prefix + "check [packages]",
		Short: "Measure and judge the contracts (no history)",
		Long: `Measure and judge the contracts: run the benchmarks bound to contracts
(repetitions for centres, per-call runs for percentiles) and judge each
contract passed, failed or unmeasured. Nothing is stored. With --tests, also
run the packages' tests and join the violations they record.`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			req, err := c.request(cmd, args)
			if err != nil {
				return err
			}
			req.Tests = tests
			r, err := st.engine(c.verbose).Check(cmd.Context(), req)
			if err != nil {
				return err
			}
			return st.finish(r, &c)
		},
	}
	c.register(cmd.Flags())
	cmd.Flags().BoolVar(&tests, "tests", false, "also run the tests with CHORAGEN_PERF_OUT set and join their violations")
	return cmd
}

func (st *State) engine(verbose bool) *engine.Engine {
	e := &engine.Engine{Now: st.Now}
	if verbose {
		e.Progress = st.Stderr
	}
	return e
}
