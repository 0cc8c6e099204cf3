package render

import (
	"bytes"
	"fmt"
	"io"

	"github.com/choragen/choragen/internal/report"
)

// Baseline writes b, the result of choragen perf:baseline, in format f:
// Text or JSON. note, if not empty, is what the command did first ("pinned
// run 12 as the baseline of branch main"): Text says it on the first line,
// JSON leaves it out.
func Baseline(w io.Writer, b *report.BaselineInfo, note string, f Format) error {
	if b == nil {
		return errNilResult
	}
	switch f {
	case Text, "":
		return baselineText(w, b, note)
	case JSON:
		return writeValue(w, b, "baseline")
	}
	return noFormat("baseline", f, Text, JSON)
}

func baselineText(w io.Writer, info *report.BaselineInfo, note string) error {
	var b bytes.Buffer
	if note != "" {
		fmt.Fprintf(&b, "%s\n", clean(note))
	}
	if info.Baseline == nil {
		fmt.Fprintf(&b, "no baseline: %s\n", clean(info.Reason))
	} else {
		run := info.Baseline
		cpu := run.CPU
		if cpu == "" {
			cpu = "unknown CPU"
		}
		fmt.Fprintf(&b, "baseline: %s (%s)\n", clean(describeRun(run, true)), clean(info.Command))
		fmt.Fprintf(&b, "why: %s\n", clean(info.Reason))
		fmt.Fprintf(&b, "machine: %s/%s, %s, GOMAXPROCS=%d\n", clean(run.GOOS), clean(run.GOARCH), clean(cpu), run.GOMAXPROCS)
	}
	branch := info.Branch
	if branch == "" {
		branch = "(unknown branch)"
	}
	fmt.Fprintf(&b, "for: branch %s on %s\n", clean(branch), clean(info.Machine))
	fmt.Fprintf(&b, "store: %s\n", clean(info.Store))
	for _, warn := range info.Warnings {
		fmt.Fprintf(&b, "warning: %s\n", clean(warn))
	}
	return flush(w, &b, "baseline")
}
