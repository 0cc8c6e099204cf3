package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/choragen/choragen/internal/report"
)

// TestCompareFiles compares two files in the Go benchmark format, with no
// store at all, in every format, against golden files. The files hold a
// 21% slowdown (BenchmarkList sec/op), an exact count that grew
// (allocs/op, announced assume=exact), a 25% speed-up, unchanged
// benchmarks, and benchmarks present on one side only.
func TestCompareFiles(t *testing.T) {
	t.Parallel()
	for _, format := range []string{"text", "json", "markdown"} {
		t.Run(format, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := run(t, "perf:compare", "--dir", "testdata/compare",
				"--base", "testdata/compare/base.txt", "--head", "testdata/compare/head.txt", "--format", format)
			if code != ExitFailed {
				t.Errorf("exit code %d, want %d (regressions); stderr:\n%s", code, ExitFailed, stderr)
			}
			want := "choragen: 2 benchmark regressions: BenchmarkList sec/op +21.5%, BenchmarkList allocs/op +25.0%\n"
			if stderr != want {
				t.Errorf("stderr:\n%s\nwant:\n%s", stderr, want)
			}
			golden(t, "compare/files."+format, stdout)
		})
	}
}

// TestCompareVerdicts checks each row's verdict in the JSON output.
func TestCompareVerdicts(t *testing.T) {
	t.Parallel()
	_, stdout, _ := run(t, "perf:compare", "--dir", "testdata/compare",
		"--base", "testdata/compare/base.txt", "--head", "testdata/compare/head.txt", "--format", "json")
	var c report.Comparison
	if err := json.Unmarshal([]byte(stdout), &c); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	want := map[string]string{
		"BenchmarkList sec/op":    "regression",
		"BenchmarkList allocs/op": "regression",
		"BenchmarkParse sec/op":   "improvement",
	}
	for _, b := range c.Benchmarks {
		got := ""
		switch {
		case b.Regression:
			got = "regression"
		case b.Improvement:
			got = "improvement"
		}
		if w := want[b.Name+" "+b.Unit]; got != w {
			t.Errorf("%s %s: verdict %q, want %q (change %v, p %v)", b.Name, b.Unit, got, w, deref(b.Change), deref(b.PValue))
		}
		if b.Unit == "allocs/op" && b.PValue != nil {
			t.Errorf("%s allocs/op is exact (assume=exact): no p-value, got %v", b.Name, *b.PValue)
		}
	}
	if s := c.Summary; s.Compared != 15 || s.Regressions != 2 || s.Improvements != 1 || s.Unchanged != 12 || s.OnlyBase != 3 || s.OnlyHead != 3 {
		t.Errorf("summary %+v", s)
	}
	if c.Threshold != 10 || c.Alpha != 0.05 {
		t.Errorf("rule: threshold %v alpha %v, want 10 and 0.05", c.Threshold, c.Alpha)
	}
}

// TestCompareThreshold: --threshold overrides the config's; a file
// compared with itself never regresses.
func TestCompareThreshold(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		args []string
		code int
	}{
		{"above the slowdown", []string{"--base", "testdata/compare/base.txt", "--head", "testdata/compare/head.txt", "--threshold", "30"}, ExitOK},
		{"below it", []string{"--base", "testdata/compare/base.txt", "--head", "testdata/compare/head.txt", "--threshold", "5"}, ExitFailed},
		{"A/A", []string{"--base", "testdata/compare/base.txt", "--head", "testdata/compare/base.txt"}, ExitOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"perf:compare", "--dir", "testdata/compare", "--format", "json"}, tc.args...)
			code, stdout, stderr := run(t, args...)
			if code != tc.code {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, tc.code, stderr)
			}
			var c report.Comparison
			if err := json.Unmarshal([]byte(stdout), &c); err != nil {
				t.Fatalf("not JSON: %v", err)
			}
			if (c.Summary.Regressions > 0) != (tc.code == ExitFailed) {
				t.Errorf("%d regressions with exit code %d", c.Summary.Regressions, code)
			}
		})
	}
}

// TestCompareCannot: what perf:compare cannot compare exits 2 with one
// line, prints nothing and creates no store.
func TestCompareCannot(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	store := filepath.Join(dir, "history.db")
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"not a benchmark file", []string{"--base", "testdata/compare/garbage.txt", "--head", "testdata/compare/head.txt"},
			[]string{"--base testdata/compare/garbage.txt", "no benchmark results"}},
		{"no such file and no history", []string{"--base", "testdata/compare/nonesuch.txt", "--head", "testdata/compare/head.txt"},
			[]string{"--base testdata/compare/nonesuch.txt", "no such file", "no history yet"}},
		{"a run id without history", []string{"--base", "12", "--head", "testdata/compare/head.txt"},
			[]string{"--base 12", "no history yet"}},
		{"no head and no history", nil,
			[]string{"no history yet"}},
		{"a file head has no baseline", []string{"--head", "testdata/compare/head.txt"},
			[]string{"is not a stored run", "--base"}},
		{"bad threshold", []string{"--threshold", "-1"}, []string{"--threshold -1"}},
		{"bad format", []string{"--format", "junit"}, []string{"--format junit"}},
		{"one ref only", []string{"--base-ref", "HEAD"}, []string{"--base-ref and --head-ref"}},
		{"ref flags without refs", []string{"--count", "8"}, []string{"--count", "--base-ref"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"perf:compare", "--dir", "testdata/compare", "--store", store}, tc.args...)
			code, stdout, stderr := run(t, args...)
			if code != ExitError {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, ExitError, stderr)
			}
			if stdout != "" {
				t.Errorf("printed:\n%s", stdout)
			}
			if n := strings.Count(stderr, "\n"); n != 1 {
				t.Errorf("stderr has %d lines, want 1:\n%s", n, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr does not say %q:\n%s", w, stderr)
				}
			}
		})
	}
	if _, err := os.Stat(store); err == nil {
		t.Errorf("perf:compare created %s", store)
	}
}

// TestTrackingCommands: the tracking commands are listed in the help and
// reached by both spellings, "perf:x" and "perf x".
func TestTrackingCommands(t *testing.T) {
	t.Parallel()
	_, stdout, _ := run(t, "--help")
	for _, cmd := range []string{"perf:bench", "perf:compare", "perf:baseline", "perf:history"} {
		if !strings.Contains(stdout, cmd) {
			t.Errorf("help does not list %s", cmd)
		}
	}
	_, help, _ := run(t, "perf", "compare", "--help")
	for _, flag := range []string{"--base", "--head", "--base-ref", "--head-ref", "--threshold", "--store"} {
		if !strings.Contains(help, flag) {
			t.Errorf("perf compare --help does not mention %s", flag)
		}
	}
	code, stdout, _ := run(t, "perf", "compare", "--dir", "testdata/compare",
		"--base", "testdata/compare/base.txt", "--head", "testdata/compare/base.txt")
	if code != ExitOK || !strings.Contains(stdout, "0 regressions") {
		t.Errorf("perf compare: exit %d\n%s", code, stdout)
	}
}

// TestCompareNamesCannotForge compares files whose benchmark and package
// names hold Markdown and terminal syntax: every name must come out as
// what it is, in its own table cell, with no control or bidi character
// left to reorder what a terminal or a pull-request comment shows.
func TestCompareNamesCannotForge(t *testing.T) {
	t.Parallel()
	names := []string{"BenchmarkTick`", "BenchmarkPipe|x", "BenchmarkBidi\u202egnissap", "Benchmark``Fence"}
	file := func(scale float64) string {
		var b strings.Builder
		b.WriteString("pkg: `example.com/x |y \n")
		for _, n := range names {
			for i := range 6 {
				fmt.Fprintf(&b, "%s-2\t1000\t%v ns/op\n", n, scale*float64(100+i))
			}
		}
		path := filepath.Join(t.TempDir(), "bench.txt")
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	base, head := file(1), file(2)
	for _, format := range []string{"text", "markdown"} {
		_, stdout, stderr := run(t, "perf:compare", "--dir", "testdata/compare", "--base", base, "--head", head, "--format", format)
		if !strings.Contains(stdout, "BenchmarkTick") {
			t.Fatalf("%s: no comparison:\n%s\n%s", format, stdout, stderr)
		}
		for _, r := range stdout {
			if unicode.Is(unicode.Bidi_Control, r) || unicode.IsControl(r) && r != '\n' {
				t.Errorf("%s: output holds %U:\n%s", format, r, stdout)
			}
		}
		if format != "markdown" {
			continue
		}
		seen := 0
		for _, line := range strings.Split(stdout, "\n") {
			if !strings.HasPrefix(line, "| `") {
				continue
			}
			cells := mdCells(line)
			if len(cells) != 6 {
				t.Errorf("row has %d cells, want 6: %s", len(cells), line)
				continue
			}
			got := mdCodeSpan(t, cells[0])
			want := ""
			for _, n := range names {
				full := "`example.com/x |y  " + strings.ReplaceAll(n, "\u202e", `\u202e`)
				if got == full {
					want = full
				}
			}
			if want == "" {
				t.Errorf("name cell %q reads %q, which is none of the names", cells[0], got)
			}
			seen++
		}
		if seen == 0 {
			t.Errorf("no table rows in\n%s", stdout)
		}
	}
}

// mdCells splits a GFM table row on the pipes that are not escaped.
func mdCells(line string) []string {
	line = strings.TrimSuffix(strings.TrimPrefix(line, "|"), "|")
	var cells []string
	start := 0
	for i := 0; i < len(line); i++ {
		switch {
		case line[i] == '\\':
			i++
		case line[i] == '|':
			cells = append(cells, strings.TrimSpace(line[start:i]))
			start = i + 1
		}
	}
	return append(cells, strings.TrimSpace(line[start:]))
}

// mdCodeSpan reads a cell that must be one code span and returns what a
// CommonMark reader shows: the content between equal fences, one space
// stripped from each end when both have one, escaped pipes unescaped.
func mdCodeSpan(t *testing.T, cell string) string {
	t.Helper()
	n := len(cell) - len(strings.TrimLeft(cell, "`"))
	fence := strings.Repeat("`", n)
	if n == 0 || len(cell) < 2*n || !strings.HasSuffix(cell, fence) || strings.HasSuffix(cell, "`"+fence) && len(cell) > 2*n {
		t.Errorf("cell %q is not one code span", cell)
		return ""
	}
	s := cell[n : len(cell)-n]
	if strings.Contains(s, fence) && !strings.Contains(s, fence+"`") {
		t.Errorf("cell %q: the fence occurs inside the span", cell)
	}
	if len(s) >= 2 && s[0] == ' ' && s[len(s)-1] == ' ' && strings.Trim(s, " ") != "" {
		s = s[1 : len(s)-1]
	}
	return strings.ReplaceAll(s, `\|`, "|")
}
