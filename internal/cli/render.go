package cli

import (
	"fmt"
	"strings"

	"github.com/choragen/choragen/internal/render"
	"github.com/choragen/choragen/internal/report"
)

// finish prints r in the chosen format and turns its verdict into the exit
// code: 0 passed, 1 failed (with the reasons on stderr, on one line).
func (st *State) finish(r *report.Report, c *common) error {
	opts := render.Options{Color: st.Color && c.format == render.Text, Verbose: c.verbose}
	if err := render.Report(st.Stdout, r, c.format, opts); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	if r.Passed {
		return nil
	}
	why := "failed"
	if len(r.Reasons) > 0 {
		why = "failed: " + strings.Join(r.Reasons, "; ")
	}
	return failed("%s", why)
}
