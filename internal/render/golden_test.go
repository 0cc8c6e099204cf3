package render_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/choragen/choragen/internal/render"
	"github.com/choragen/choragen/internal/report"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenExt is the file extension of each format's golden files.
var goldenExt = map[render.Format]string{
	render.Text:     "txt",
	render.JSON:     "json",
	render.Markdown: "md",
	render.JUnit:    "xml",
	render.GitHub:   "github",
}

// TestGolden renders every fixture report in ../report/testdata/reports
// (the model's examples, which package score reads too) in every format,
// plus a few option variants, and compares the output with
// testdata/golden/<fixture>[.<variant>].<ext>. Run with -update to
// rewrite the golden files after an intended change; on a mismatch the
// output is written beside the golden file as .got and a diff is shown.
func TestGolden(t *testing.T) {
	fixtures, err := filepath.Glob("../report/testdata/reports/*.json")
	if err != nil || len(fixtures) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	type variant struct {
		name   string
		format render.Format
		opts   render.Options
	}
	variants := []variant{}
	for _, f := range render.Formats() {
		variants = append(variants, variant{"", f, render.Options{}})
	}
	variants = append(variants,
		variant{"color", render.Text, render.Options{Color: true}},
		variant{"verbose", render.Text, render.Options{Verbose: true}},
		variant{"root", render.GitHub, render.Options{SourceRoot: "services/shop"}},
		variant{"root", render.JUnit, render.Options{SourceRoot: "services/shop"}},
	)
	for _, fixture := range fixtures {
		name := strings.TrimSuffix(filepath.Base(fixture), ".json")
		r := decodeFile(t, fixture)
		for _, v := range variants {
			golden := name
			if v.name != "" {
				golden += "." + v.name
			}
			golden += "." + goldenExt[v.format]
			t.Run(golden, func(t *testing.T) {
				var buf bytes.Buffer
				if err := render.Report(&buf, r, v.format, v.opts); err != nil {
					t.Fatalf("Render(%s): %v", v.format, err)
				}
				checkGolden(t, filepath.Join("testdata", "golden", golden), buf.Bytes())
			})
		}
	}
}

func decodeFile(t testing.TB, path string) *report.Report {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := report.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return r
}

// checkGolden compares got with the golden file at path, or rewrites it
// under -update.
func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if bytes.Equal(got, want) {
		os.Remove(path + ".got")
		return
	}
	if err := os.WriteFile(path+".got", got, 0o644); err != nil {
		t.Error(err)
	}
	t.Errorf("%s differs from the golden file (output written to %s.got; -update rewrites it):\n%s",
		path, path, lineDiff(string(want), string(got)))
}

// lineDiff is a unified-style diff of two texts by lines (longest common
// subsequence), enough to read a golden mismatch.
func lineDiff(a, b string) string {
	x, y := strings.SplitAfter(a, "\n"), strings.SplitAfter(b, "\n")
	// lcs[i][j] is the length of the LCS of x[i:] and y[j:].
	lcs := make([][]int, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out strings.Builder
	line := func(prefix, s string) {
		fmt.Fprintf(&out, "%s%q\n", prefix, strings.TrimSuffix(s, "\n"))
	}
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && x[i] == y[j]:
			i, j = i+1, j+1
		case j < len(y) && (i == len(x) || lcs[i][j+1] >= lcs[i+1][j]):
			line(fmt.Sprintf("+%d: ", j+1), y[j])
			j++
		default:
			line(fmt.Sprintf("-%d: ", i+1), x[i])
			i++
		}
	}
	return out.String()
}
