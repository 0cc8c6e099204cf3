package cli

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

func versionCmd(st *State) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print choragen's version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			v := "(devel)"
			if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
				v = bi.Main.Version
			}
			fmt.Fprintf(st.Stdout, "choragen %s\n", v)
			return nil
		},
	}
}
