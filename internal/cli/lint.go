package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/choragen/choragen/internal/engine"
	"github.com/choragen/choragen/internal/render"
	"github.com/choragen/choragen/internal/report"
)

// lintCmd is "perf:lint" or "lint" under "perf": static complexity hints.
func lintCmd(st *State, prefix string) *cobra.Command {
	var (
		dir    string
		format render.Format
	)
	format = render.Text
	cmd := &cobra.Command{
		Use:   prefix + "lint [packages]",
		Short: "Static complexity hints: loop nesting above a //perf:complexity bound",
		Long: `Report the functions whose structure (loops over their input, nested, and
obvious recursion) suggests more than their //perf:complexity bound, at the
loop's position. It runs nothing: the hints are advice, and a measured
complexity verdict (choragen perf) decides. Exit 1 when there are hints, as
go vet does; the same analyzer runs under go vet -vettool=$(which choragen-vet).`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
				return usageError("--dir %s: not a directory", dir)
			}
			if format != render.Text && format != render.JSON {
				return usageError("--format %s: perf:lint writes text or json", format)
			}
			e := &engine.Engine{Now: st.Now}
			findings, err := e.Lint(cmd.Context(), engine.Request{Dir: dir, Patterns: args})
			if err != nil {
				return err
			}
			hints := make([]report.Hint, len(findings))
			for i, f := range findings {
				f.Pos.Filename = engine.ShortPath(f.Pos.Filename)
				hints[i] = report.Hint{Pos: f.Pos.String(), Target: f.Target, Message: f.Message, Estimated: f.Estimated.String()}
			}
			if err := render.Hints(st.Stdout, hints, format); err != nil {
				return fmt.Errorf("write hints: %w", err)
			}
			if len(findings) > 0 {
				if len(findings) == 1 {
					return failed("1 complexity hint")
				}
				return failed("%d complexity hints", len(findings))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "dir", ".", "lint the packages under `dir` (./... there)")
	cmd.Flags().Var(&format, "format", "output `format`: text or json")
	return cmd
}
