package render

import (
	"bytes"
	"strconv"
	"strings"
	"time"

	"github.com/choragen/choragen/internal/report"
)

// configLine writes "key: value" as a benchfmt configuration line, or
// nothing when the value is empty.
func configLine(buf *bytes.Buffer, key, value string) {
	if value == "" {
		return
	}
	buf.WriteString(key)
	buf.WriteString(": ")
	buf.WriteString(clean(value))
	buf.WriteByte('\n')
}

// machineLines writes a run's machine and Go version as the
// configuration lines go test -bench starts its output with.
func machineLines(buf *bytes.Buffer, run *report.Run) {
	configLine(buf, "goos", run.GOOS)
	configLine(buf, "goarch", run.GOARCH)
	configLine(buf, "cpu", run.CPU)
	if run.GOMAXPROCS > 0 {
		configLine(buf, "gomaxprocs", strconv.Itoa(run.GOMAXPROCS))
	}
	configLine(buf, "go", run.GoVersion)
}

// describeRun writes a run's commit as "3f2a9c1d0e4b (main, dirty)", or
// "branch main" outside git; when long is set, as a run of its own:
// "run 12, commit 3f2a9c1d0e4b (main, dirty), 2026-11-22T10:00:00Z".
func describeRun(run *report.Run, long bool) string {
	var parts []string
	if long && run.ID != 0 {
		parts = append(parts, "run "+strconv.FormatInt(run.ID, 10))
	}
	switch {
	case run.Commit != "":
		c := shortCommit(run.Commit)
		if long {
			c = "commit " + c
		}
		if tags := runTags(run); tags != "" {
			c += " (" + tags + ")"
		}
		parts = append(parts, c)
	case run.Branch != "" && long:
		parts = append(parts, "branch "+runTags(run))
	case run.Branch != "":
		parts = append(parts, "branch "+run.Branch)
	}
	if long && !run.Time.IsZero() {
		parts = append(parts, run.Time.UTC().Format(time.RFC3339))
	}
	return strings.Join(parts, ", ")
}

// runTags are a run's branch and whether its tree was dirty: "main, dirty".
func runTags(run *report.Run) string {
	var tags []string
	if run.Branch != "" {
		tags = append(tags, run.Branch)
	}
	if run.Dirty {
		tags = append(tags, "dirty")
	}
	return strings.Join(tags, ", ")
}

func shortCommit(c string) string {
	if len(c) > 12 {
		return c[:12]
	}
	return c
}
