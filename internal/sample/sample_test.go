package sample

import (
	"os"
	"slices"
	"testing"

	"golang.org/x/perf/benchfmt"
)

func TestParseName(t *testing.T) {
	for _, tc := range []struct {
		in      string
		base    string
		parts   []string
		sizeKey string
		size    int
		series  string
	}{
		{in: "BenchmarkF", base: "BenchmarkF", series: "BenchmarkF"},
		{in: "BenchmarkF/n=1024", base: "BenchmarkF", parts: []string{"n=1024"}, sizeKey: "n", size: 1024, series: "BenchmarkF"},
		{in: "BenchmarkF/size=64", base: "BenchmarkF", parts: []string{"size=64"}, sizeKey: "size", size: 64, series: "BenchmarkF"},
		{in: "BenchmarkF/len=0", base: "BenchmarkF", parts: []string{"len=0"}, sizeKey: "len", size: 0, series: "BenchmarkF"},
		{in: "BenchmarkF/N=1_000", base: "BenchmarkF", parts: []string{"N=1_000"}, sizeKey: "N", size: 1000, series: "BenchmarkF"},
		{in: "BenchmarkF/json/n=8/warm", base: "BenchmarkF", parts: []string{"json", "n=8", "warm"}, sizeKey: "n", size: 8, series: "BenchmarkF/json/warm"},
		{in: "BenchmarkF/n=8/len=3", base: "BenchmarkF", parts: []string{"n=8", "len=3"}, sizeKey: "n", size: 8, series: "BenchmarkF/len=3"},
		{in: "BenchmarkF/n=big", base: "BenchmarkF", parts: []string{"n=big"}, series: "BenchmarkF/n=big"},
		{in: "BenchmarkF/n=-1", base: "BenchmarkF", parts: []string{"n=-1"}, series: "BenchmarkF/n=-1"},
		{in: "BenchmarkF/count=8", base: "BenchmarkF", parts: []string{"count=8"}, series: "BenchmarkF/count=8"},
		{in: "BenchmarkT_M/small", base: "BenchmarkT_M", parts: []string{"small"}, series: "BenchmarkT_M/small"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			n := ParseName(tc.in)
			if n.Full != tc.in || n.Base != tc.base || !slices.Equal(n.Parts, tc.parts) ||
				n.SizeKey != tc.sizeKey || n.Size != tc.size || n.HasSize() != (tc.sizeKey != "") {
				t.Errorf("ParseName(%q) = %+v", tc.in, n)
			}
			if got := n.Series(); got != tc.series {
				t.Errorf("Series() = %q, want %q", got, tc.series)
			}
		})
	}
}

func TestSplitProcs(t *testing.T) {
	for _, tc := range []struct {
		in    string
		name  string
		procs int
	}{
		{"BenchmarkF-8", "BenchmarkF", 8},
		{"BenchmarkF", "BenchmarkF", 1},
		{"BenchmarkF/n=10-2", "BenchmarkF/n=10", 2},
		{"BenchmarkF/a-b", "BenchmarkF/a-b", 1},
		{"BenchmarkF-", "BenchmarkF-", 1},
		{"BenchmarkF-2/x", "BenchmarkF-2/x", 1},
		{"BenchmarkF-+2", "BenchmarkF-+2", 1},
	} {
		if name, procs := splitProcs(tc.in); name != tc.name || procs != tc.procs {
			t.Errorf("splitProcs(%q) = %q, %d; want %q, %d", tc.in, name, procs, tc.name, tc.procs)
		}
	}
}

func readSet(t *testing.T, file string, warmup int) *Set {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := New(warmup)
	r := benchfmt.NewReader(f, file)
	for r.Scan() {
		if res, ok := r.Result().(*benchfmt.Result); ok {
			s.Add(res) // the reader reuses res: Add must copy what it keeps
		}
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	s.AddUnits(r.Units())
	return s
}

func TestSet(t *testing.T) {
	for _, tc := range []struct {
		warmup int
		want   []float64 // BenchmarkSort/n=100 sec/op in testdata/run.txt
	}{
		{0, []float64{4184e-9, 3396e-9, 5214e-9}},
		{1, []float64{3396e-9, 5214e-9}},
		{3, nil},
		{-1, []float64{4184e-9, 3396e-9, 5214e-9}},
	} {
		s := readSet(t, "testdata/run.txt", tc.warmup)
		k := Key{Package: "example.com/benchmod/api", Name: "BenchmarkSort/n=100", Procs: 2, Unit: "sec/op"}
		got := s.Values(k)
		if len(got) != len(tc.want) {
			t.Fatalf("warmup %d: %v = %v, want %v", tc.warmup, k, got, tc.want)
		}
		for i := range got {
			if !near(got[i], tc.want[i]) {
				t.Errorf("warmup %d: %v = %v, want %v (in run order)", tc.warmup, k, got, tc.want)
				break
			}
		}
		if !slices.Contains(s.Keys(), k) {
			t.Errorf("warmup %d: Keys() lacks %v", tc.warmup, k)
		}
	}

	s := readSet(t, "testdata/run.txt", 0)
	// 6 api benchmarks × 3 units, Queries 2 more; 3 store benchmarks × 3 units.
	if got, want := s.Len(), 6*3+2+3*3; got != want {
		t.Errorf("%d keys, want %d: %v", got, want, s.Keys())
	}
	for _, k := range s.Keys() {
		if n := len(s.Values(k)); n != 3 {
			t.Errorf("%v: %d values, want 3", k, n)
		}
	}
	wantConfig := Config{GOOS: "linux", GOARCH: "amd64", CPU: "Oxide Virtual Turin-like Processor", GOMAXPROCS: 2,
		Packages: []string{"example.com/benchmod/api", "example.com/benchmod/store"}}
	if c := s.Config; c.GOOS != wantConfig.GOOS || c.GOARCH != wantConfig.GOARCH || c.CPU != wantConfig.CPU ||
		c.GOMAXPROCS != wantConfig.GOMAXPROCS || !slices.Equal(c.Packages, wantConfig.Packages) {
		t.Errorf("Config = %+v, want %+v", c, wantConfig)
	}
	var units []string
	for _, k := range s.Find("example.com/benchmod/api", "BenchmarkQueries") {
		units = append(units, k.Unit)
	}
	if want := []string{"sec/op", "p99-sec/op", "queries/op", "B/op", "allocs/op"}; !slices.Equal(units, want) {
		t.Errorf("BenchmarkQueries units %v, want %v (tidied, in order)", units, want)
	}
	var names []string
	for _, k := range s.FindTree("example.com/benchmod/api", "BenchmarkSort") {
		if k.Unit == "sec/op" {
			names = append(names, k.Name)
		}
	}
	if want := []string{"BenchmarkSort/n=10", "BenchmarkSort/n=100", "BenchmarkSort/n=1000"}; !slices.Equal(names, want) {
		t.Errorf("FindTree(BenchmarkSort) = %v, want %v", names, want)
	}
	if got := s.FindTree("example.com/benchmod/api", "BenchmarkSor"); len(got) != 0 {
		t.Errorf("FindTree of a name prefix = %v, want none", got)
	}
	if got := s.Units.GetAssumption("queries/op").SummaryLabel(); got != "exact" {
		t.Errorf("queries/op assumption %s, want exact", got)
	}
}

func TestSetProcs(t *testing.T) {
	s := readSet(t, "testdata/cpus.txt", 0)
	keys := s.Keys()
	if len(keys) != 2 || keys[0].Procs != 1 || keys[1].Procs != 2 || keys[0].Name != "BenchmarkPut" || keys[1].Name != "BenchmarkPut" {
		t.Fatalf("keys %v, want BenchmarkPut at GOMAXPROCS 1 and 2 apart", keys)
	}
	for _, k := range keys {
		if n := len(s.Values(k)); n != 2 {
			t.Errorf("%v: %d values, want 2", k, n)
		}
	}
	if got, want := keys[1].String(), "example.com/benchmod/store BenchmarkPut-2 sec/op"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got := len(s.Find("example.com/benchmod/store", "BenchmarkPut")); got != 2 {
		t.Errorf("Find: %d keys, want 2", got)
	}
}

func near(a, b float64) bool {
	d := a - b
	return d < 1e-15 && d > -1e-15
}
