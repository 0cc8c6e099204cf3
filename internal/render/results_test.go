package render_test

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/choragen/choragen/internal/render"
	"github.com/choragen/choragen/internal/report"
)

// TestBenchText renders a perf:bench result as a table, against a golden
// file.
func TestBenchText(t *testing.T) {
	iv := func(lo, hi float64) *report.Interval { return &report.Interval{Lo: lo, Hi: hi, Confidence: 0.95} }
	res := &report.BenchResult{
		Store: ".choragen/history.db",
		Report: &report.Report{
			Run: &report.Run{ID: 7, Commit: "3f2a9c1d0e4b5a6b7c8d", Branch: "main", GOOS: "linux", GOARCH: "amd64",
				CPU: "Example CPU @ 2.00GHz", GOMAXPROCS: 2, GoVersion: "go1.26.8"},
			Benchmarks: []report.Benchmark{
				{Name: "BenchmarkList", Package: "example.com/shop/api", Unit: "sec/op", Current: 1.234e-6, CurrentInterval: iv(1.2e-6, 1.3e-6), N: 10, Outliers: 2},
				{Name: "BenchmarkList", Package: "example.com/shop/api", Unit: "B/op", Current: 4096, CurrentInterval: iv(4096, 4096), N: 10},
				{Name: "BenchmarkList", Package: "example.com/shop/api", Unit: "allocs/op", Current: 12, CurrentInterval: iv(12, 12), N: 10},
				{Name: "BenchmarkGet/n=1000", Package: "example.com/shop/api", Unit: "sec/op", Current: 8.4e-3, N: 5,
					Warnings: []string{"need >= 6 samples for confidence interval at level 0.95"}},
				{Name: "BenchmarkPut", Package: "example.com/shop/store", Unit: "sec/op", Current: 56e-6, CurrentInterval: iv(55e-6, 58e-6), N: 10},
				{Name: "BenchmarkPut", Package: "example.com/shop/store", Unit: "p99-sec/op", Current: 120e-6, CurrentInterval: iv(110e-6, 150e-6), N: 10},
			},
			Warnings: []string{"example.com/shop/store BenchmarkFlaky: panic: boom"},
		},
	}
	var b bytes.Buffer
	if err := render.Bench(&b, res, render.Text); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, filepath.Join("testdata", "bench.txt"), b.Bytes())
}

// TestComparisonNames renders comparisons whose benchmark names are
// empty, space-padded or full of Markdown: each must come out as one code
// span in its own cell, reading as the name.
func TestComparisonNames(t *testing.T) {
	for _, tc := range []struct{ pkg, name, want string }{
		{"", "BenchmarkA", "| `BenchmarkA` |"},
		{"", "", "|  |"},
		{" x", "BenchmarkA ", "| `  x BenchmarkA  ` |"},
		{"", "`tick", "| `` `tick `` |"},
		{"a|b", "B``x", "| ```a\\|b B``x``` |"},
		{"", "line\nbreak\u202e", "| `line break\\u202e` |"},
	} {
		c := &report.Comparison{Benchmarks: []report.Benchmark{{Name: tc.name, Package: tc.pkg, Unit: "sec/op", Current: 1, N: 6}}}
		var b bytes.Buffer
		if err := render.Comparison(&b, c, render.Markdown); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), "\n"+tc.want+" sec/op |") {
			t.Errorf("package %q name %q: want the row to start %q in\n%s", tc.pkg, tc.name, tc.want, b.String())
		}
	}
}

// TestResultFormats: each result renders in the formats its command
// offers, and refuses the others with an error that lists them.
func TestResultFormats(t *testing.T) {
	cmp := &report.Comparison{}
	hist := &report.HistoryResult{Points: []report.HistoryPoint{}}
	base := &report.BaselineInfo{Reason: "no runs"}
	bench := &report.BenchResult{Report: &report.Report{Run: &report.Run{ID: 1}}}
	hints := []report.Hint{{Pos: "a.go:1:2", Message: "nested loops"}}
	for _, tc := range []struct {
		what   string
		render func(render.Format) error
		ok     []render.Format
	}{
		{"comparison", func(f render.Format) error { return render.Comparison(&bytes.Buffer{}, cmp, f) }, []render.Format{render.Text, render.JSON, render.Markdown}},
		{"history", func(f render.Format) error { return render.History(&bytes.Buffer{}, hist, f) }, []render.Format{render.Text, render.JSON}},
		{"baseline", func(f render.Format) error { return render.Baseline(&bytes.Buffer{}, base, "", f) }, []render.Format{render.Text, render.JSON}},
		{"bench", func(f render.Format) error { return render.Bench(&bytes.Buffer{}, bench, f) }, []render.Format{render.Text, render.JSON}},
		{"hints", func(f render.Format) error { return render.Hints(&bytes.Buffer{}, hints, f) }, []render.Format{render.Text, render.JSON}},
	} {
		for _, f := range render.Formats() {
			err := tc.render(f)
			if ok := slices.Contains(tc.ok, f); ok != (err == nil) {
				t.Errorf("%s in %s: %v", tc.what, f, err)
			} else if !ok && !strings.Contains(err.Error(), "want text, json") {
				t.Errorf("%s in %s: error %q lists no formats", tc.what, f, err)
			}
		}
	}
	if err := render.Comparison(&bytes.Buffer{}, nil, render.Text); err == nil {
		t.Error("Comparison(nil) succeeded")
	}
}
