package engine

import (
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/perf/benchfmt"

	"github.com/choragen/choragen/internal/config"
	"github.com/choragen/choragen/internal/history"
	"github.com/choragen/choragen/internal/report"
	"github.com/choragen/choragen/internal/sample"
)

const benchText = `goos: linux
goarch: amd64
pkg: example.com/a
cpu: Example CPU
Unit queries/op assume=exact better=lower
BenchmarkX-2   	 100	 1000 ns/op	 3 queries/op
BenchmarkX-2   	 100	 1100 ns/op	 3 queries/op
BenchmarkX-2   	 this line is broken
BenchmarkY/n=10-2   	 100	 20 ns/op
pkg: example.com/b
BenchmarkX-2   	 100	 5 ns/op
BenchmarkX-4   	 100	 3 ns/op
`

func TestScanSeries(t *testing.T) {
	s, warns, err := scanSeries(strings.NewReader(benchText), "bench.txt")
	if err != nil {
		t.Fatal(err)
	}
	want := []benchKey{
		{"example.com/a", "BenchmarkX", "sec/op"},
		{"example.com/a", "BenchmarkX", "queries/op"},
		{"example.com/a", "BenchmarkY/n=10", "sec/op"},
		{"example.com/b", "BenchmarkX", "sec/op"},
		{"example.com/b", "BenchmarkX-4", "sec/op"},
	}
	if !slices.Equal(s.keys, want) {
		t.Errorf("keys %v\nwant %v", s.keys, want)
	}
	if got := s.values[want[0]]; len(got) != 2 || math.Abs(got[0]-1e-6) > 1e-15 || math.Abs(got[1]-1.1e-6) > 1e-15 {
		t.Errorf("BenchmarkX sec/op = %v", got)
	}
	if len(warns) != 1 || !strings.HasPrefix(warns[0], "bench.txt:8:") {
		t.Errorf("warnings %q, want one at bench.txt:8", warns)
	}
	if s.units.GetAssumption("queries/op").SummaryLabel() != "exact" {
		t.Errorf("unit metadata lost: %v", s.units)
	}
}

// TestUnitsFile: the unit metadata stored with a run reads back the same.
func TestUnitsFile(t *testing.T) {
	s, _, err := scanSeries(strings.NewReader(benchText), "bench.txt")
	if err != nil {
		t.Fatal(err)
	}
	data := unitsFile(s.units)
	if got, want := string(data), "Unit queries/op assume=exact\nUnit queries/op better=lower\n"; got != want {
		t.Errorf("units file %q, want %q", got, want)
	}
	back, _, err := scanSeries(strings.NewReader(string(data)), "units.txt")
	if err != nil {
		t.Fatal(err)
	}
	if back.units.GetAssumption("queries/op").SummaryLabel() != "exact" || back.units.GetBetter("queries/op") != -1 {
		t.Errorf("read back %v", back.units)
	}
	if unitsFile(nil) != nil {
		t.Errorf("no metadata should make no file")
	}
}

func TestCompareSeries(t *testing.T) {
	base, head := newSeries(), newSeries()
	base.add(benchKey{"p", "BenchmarkA", "sec/op"}, []float64{10, 11, 10, 12, 11, 10})
	base.add(benchKey{"p", "BenchmarkGone", "sec/op"}, []float64{1, 1, 1, 1, 1, 1})
	head.add(benchKey{"p", "BenchmarkNew", "sec/op"}, []float64{1, 1, 1, 1, 1, 1})
	head.add(benchKey{"p", "BenchmarkA", "sec/op"}, []float64{20, 21, 20, 22, 21, 20})
	c := comparer{threshold: 10, alpha: 0.05}
	rows, onlyBase, onlyHead, _ := c.compareSeries(base, head)
	if len(rows) != 1 || onlyBase != 1 || onlyHead != 1 {
		t.Fatalf("%d rows, %d only in base, %d only in head", len(rows), onlyBase, onlyHead)
	}
	r := rows[0]
	if !r.Regression || r.Baseline == nil || *r.Baseline != 10.5 || r.Current != 20.5 || r.PValue == nil || r.BaselineN != 6 || r.N != 6 {
		t.Errorf("row %+v", r)
	}
}

// TestCompareFromZero: a change from zero has no percentage (JSON has no
// infinity), but is still a regression when the values are exact.
func TestCompareFromZero(t *testing.T) {
	base, head := newSeries(), newSeries()
	k := benchKey{"p", "BenchmarkA", "allocs/op"}
	base.add(k, []float64{0, 0, 0, 0, 0, 0})
	head.add(k, []float64{1, 1, 1, 1, 1, 1})
	rows, _, _, _ := comparer{threshold: 10, alpha: 0.05}.compareSeries(base, head)
	if r := rows[0]; r.Change != nil || !r.Regression || len(r.Warnings) == 0 {
		t.Errorf("row %+v: want a regression without a percentage, with a warning", r)
	}
}

func TestStoreLocation(t *testing.T) {
	withFile, err := config.Parse([]byte("benchmarks:\n  store: perf/runs.db\n"), "/proj/.choragen/performance.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defaults, err := config.Parse([]byte("thresholds:\n  minScore: 50\n"), "/proj/.choragen/performance.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name       string
		h          History
		cfg        *config.Config
		root       string
		dsn, where string
	}{
		{"flag wins", History{Store: "postgres://db/perf"}, withFile, "/proj", "postgres://db/perf", "--store"},
		{"config's store, next to the config", History{}, withFile, "/proj", filepath.FromSlash("/proj/perf/runs.db"), "config"},
		{"config without store: the default next to it", History{}, defaults, "/proj", filepath.FromSlash("/proj/.choragen/history.db"), "config"},
		{"no config: at the module root", History{}, config.Default(), "/mod", filepath.FromSlash("/mod/.choragen/history.db"), "default"},
		{"no config, no module", History{}, config.Default(), "", ".choragen/history.db", "default"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dsn, where := tc.h.StoreLocation(tc.cfg, tc.root)
			if dsn != tc.dsn || where != tc.where {
				t.Errorf("got %q (%s), want %q (%s)", dsn, where, tc.dsn, tc.where)
			}
		})
	}
}

// TestStoredBenchmarks: a run keeps every sample, its summary and the
// comparison of its report row.
func TestStoredBenchmarks(t *testing.T) {
	set := setFromText(t, benchText)
	r := &report.Report{Benchmarks: []report.Benchmark{{Name: "BenchmarkX", Package: "example.com/a", Unit: "sec/op",
		Change: report.Float(12.5), PValue: report.Float(0.01), Regression: true}}}
	got := storedBenchmarks(set, r)
	if len(got) != 5 {
		t.Fatalf("%d benchmarks stored, want 5", len(got))
	}
	x := got[0]
	if x.Name != "BenchmarkX" || len(x.Samples) != 2 || x.Summary.N != 2 || x.Change == nil || *x.Change != 12.5 || !x.Regression {
		t.Errorf("stored %+v", x)
	}
	run := &history.Run{RunInfo: history.RunInfo{Module: "m", Command: "perf:bench"}, Benchmarks: got}
	if err := run.Validate(); err != nil {
		t.Errorf("the run does not validate: %v", err)
	}
}

func setFromText(t *testing.T, text string) *sample.Set {
	t.Helper()
	rd := benchfmt.NewReader(strings.NewReader(text), "b.txt")
	set := sample.New(0)
	for rd.Scan() {
		if res, ok := rd.Result().(*benchfmt.Result); ok {
			set.Add(res)
		}
	}
	set.AddUnits(rd.Units())
	return set
}

// TestStoredNaN: a metric a benchmark reported as NaN is left out of the
// stored run and the report, instead of making the run unstorable.
func TestStoredNaN(t *testing.T) {
	set := setFromText(t, "pkg: p\nBenchmarkA-2 1 10 ns/op 3 x/op\nBenchmarkA-2 1 11 ns/op NaN x/op\nBenchmarkB-2 1 12 ns/op NaN y/op\n")
	r := &report.Report{Benchmarks: benchmarkRows(set)}
	dropNonFinite(r)
	got := storedBenchmarks(set, r)
	run := &history.Run{RunInfo: history.RunInfo{Command: "perf:bench"}, Benchmarks: got, Report: r}
	if err := run.Validate(); err != nil {
		t.Fatalf("the run does not validate: %v", err)
	}
	var names []string
	for _, b := range got {
		names = append(names, b.Name+" "+b.Unit)
	}
	if want := []string{"BenchmarkA sec/op", "BenchmarkA x/op", "BenchmarkB sec/op"}; !slices.Equal(names, want) {
		t.Errorf("stored %q, want %q", names, want)
	}
	for _, b := range r.Benchmarks {
		if math.IsNaN(b.Current) {
			t.Errorf("report row %s %s is NaN", b.Name, b.Unit)
		}
	}
}
