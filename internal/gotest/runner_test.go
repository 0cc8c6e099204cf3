package gotest

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// The tests in this file run the real go command on the fixture modules
// under testdata (each has its own go.mod, so `go test ./...` of choragen
// skips them).

func TestBench(t *testing.T) {
	t.Parallel()
	var progress bytes.Buffer
	out, err := Bench(context.Background(), Options{
		Dir: "testdata/benchmod", Packages: []string{"./api", "./store", "./notests", "./hang"},
		Count: 2, Benchtime: "5x", Benchmem: true, Progress: &progress,
	})
	if err != nil {
		t.Fatalf("Bench: %v", err)
	}
	wantStatus := map[string]Status{
		"example.com/benchmod/api": Passed, "example.com/benchmod/store": Passed, "example.com/benchmod/notests": Skipped,
		"example.com/benchmod/hang": Passed,
	}
	if len(out.Packages) != len(wantStatus) {
		t.Errorf("got %d packages, want %d", len(out.Packages), len(wantStatus))
	}
	for path, want := range wantStatus {
		p := out.Package(path)
		if p == nil {
			t.Errorf("package %s missing", path)
			continue
		}
		if p.Status != want {
			t.Errorf("%s: status %s, want %s", path, p.Status, want)
		}
	}
	count := map[string]int{}
	for _, r := range out.Results() {
		count[r.GetConfig("pkg")+" "+TrimProcs(r.Name.String())]++
		if r.Iters != 5 {
			t.Errorf("%s: %d iterations, want 5 (-benchtime 5x)", r.Name, r.Iters)
		}
		for _, unit := range []string{"sec/op", "B/op", "allocs/op"} {
			if _, ok := r.Value(unit); !ok {
				t.Errorf("%s: no %s", r.Name, unit)
			}
		}
	}
	for _, name := range []string{
		"example.com/benchmod/api List", "example.com/benchmod/api Sort/n=10", "example.com/benchmod/api Sort/n=100",
		"example.com/benchmod/api Sort/n=1000", "example.com/benchmod/api Queries", "example.com/benchmod/api Logs",
		"example.com/benchmod/store Put", "example.com/benchmod/store Get/size=64", "example.com/benchmod/store Get/size=4096",
	} {
		if count[name] != 2 {
			t.Errorf("%s: %d results, want 2 (-count 2)", name, count[name])
		}
	}
	if got, want := len(count), 9; got != want {
		t.Errorf("%d benchmarks (%v), want %d", got, count, want)
	}
	if p := out.Package("example.com/benchmod/hang"); p == nil || !slices.Equal(p.Skipped, []string{"BenchmarkHang"}) || len(p.Results) != 0 {
		t.Errorf("hang: %+v, want BenchmarkHang skipped and no results", p)
	}
	if got := out.Units.GetAssumption("queries/op"); got.SummaryLabel() != "exact" {
		t.Errorf("queries/op assumption = %s, want exact (from the Unit line)", got.SummaryLabel())
	}
	// One progress line per result, counting repetitions.
	lines := strings.Split(strings.TrimSpace(progress.String()), "\n")
	if got, want := len(lines), len(out.Results()); got != want {
		t.Errorf("%d progress lines, want %d:\n%s", got, want, progress.String())
	}
	for _, want := range []string{
		"bench  example.com/benchmod/api  BenchmarkList  1/2",
		"bench  example.com/benchmod/api  BenchmarkSort/n=1000  2/2",
		"bench  example.com/benchmod/store  BenchmarkGet/size=64  2/2",
	} {
		if !slices.Contains(lines, want) {
			t.Errorf("progress lacks %q:\n%s", want, progress.String())
		}
	}
}

func TestBenchFailures(t *testing.T) {
	t.Parallel()
	out, err := Bench(context.Background(), Options{
		Dir: "testdata/benchmod", Packages: []string{"./failing"}, Count: 1, Benchtime: "3x",
	})
	if err != nil {
		t.Fatalf("Bench: %v (a failing benchmark is a finding, not an error)", err)
	}
	p := out.Package("example.com/benchmod/failing")
	if p == nil || p.Status != Failed {
		t.Fatalf("package = %+v, want failed", p)
	}
	type fail struct {
		name    string
		crashed bool
		reason  string
	}
	var got []fail
	for _, f := range p.Failures {
		got = append(got, fail{f.Name, f.Crashed, f.Reason})
		if !strings.Contains(f.Output, "--- FAIL") && !f.Crashed {
			t.Errorf("%s: output lacks the --- FAIL line: %q", f.Name, f.Output)
		}
	}
	want := []fail{
		{"BenchmarkFatal", false, "failing_test.go:16: database is gone"},
		{"BenchmarkSub/n=2", false, "failing_test.go:25: want 2 rows, got 3"},
		{"BenchmarkSub", false, ""},
		{"BenchmarkPanic", true, "panic: assignment to entry in nil map"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("failures:\n got %+v\nwant %+v", got, want)
	}
	var names []string
	for _, r := range p.Results {
		names = append(names, r.Name.String())
	}
	if want := []string{"OK-2", "Sub/n=1-2"}; !sameBase(names, want) {
		t.Errorf("results %v, want %v (the benchmarks that ran before the panic and passed)", names, want)
	}
}

// sameBase compares benchmark names ignoring the -GOMAXPROCS suffix, which
// depends on the machine.
func sameBase(got, want []string) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if TrimProcs(got[i]) != TrimProcs(want[i]) {
			return false
		}
	}
	return true
}

func TestBenchBuildError(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		packages []string
	}{
		{"one package", nil},
		{"several packages", []string{"./..."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out, err := Bench(context.Background(), Options{Dir: "testdata/broken", Packages: tc.packages, Benchtime: "1x"})
			var be *BuildError
			if !errors.As(err, &be) {
				t.Fatalf("err = %v (%T), want a *BuildError", err, err)
			}
			if be.Package != "example.com/broken" || be.ExitCode() != 2 {
				t.Errorf("BuildError{Package: %q}, ExitCode %d", be.Package, be.ExitCode())
			}
			if want := "./broken.go:5:27: cannot use \"three\""; !strings.HasPrefix(be.First, want) {
				t.Errorf("First = %q, want the compiler's first error, %q...", be.First, want)
			}
			if !strings.Contains(be.Output, be.First) {
				t.Errorf("Output %q lacks First", be.Output)
			}
			if !strings.HasPrefix(err.Error(), "build example.com/broken: ./broken.go:5:27: ") {
				t.Errorf("Error() = %q", err)
			}
			if p := out.Package("example.com/broken"); p == nil || p.Status != Failed || p.Build != be {
				t.Errorf("package example.com/broken = %+v, want failed with the build error", p)
			}
		})
	}
}

func TestBenchPerCall(t *testing.T) {
	t.Parallel()
	const samples = 20
	out, err := Bench(context.Background(), Options{
		Dir: "testdata/benchmod", Packages: []string{"./spiky"}, Mode: PerCall, Count: samples,
	})
	if err != nil {
		t.Fatalf("Bench: %v", err)
	}
	rs := out.Results()
	if len(rs) != samples {
		t.Fatalf("%d results, want %d samples", len(rs), samples)
	}
	for i, r := range rs {
		if r.Iters != 1 {
			t.Errorf("sample %d: %d iterations, want 1", i, r.Iters)
		}
		// Every tenth call sleeps 5ms: a lower bound the clock
		// guarantees, whatever the machine's noise.
		if v, _ := r.Value("sec/op"); (i+1)%10 == 0 && v < 5e-3 {
			t.Errorf("sample %d = %v s, want at least 5ms (a slow call)", i, v)
		}
	}
}

func TestTest(t *testing.T) {
	t.Parallel()
	perfOut := t.TempDir()
	var progress bytes.Buffer
	out, err := Test(context.Background(), TestOptions{
		Dir: "testdata/benchmod", Packages: []string{"./tests", "./notests"}, Count: 1,
		Env: []string{"CHORAGEN_PERF_OUT=" + perfOut}, Progress: &progress,
	})
	if err != nil {
		t.Fatalf("Test: %v", err)
	}
	p := out.Packages[0]
	if p.ImportPath != "example.com/benchmod/tests" || p.Status != Failed {
		t.Errorf("first package %s %s, want example.com/benchmod/tests failed", p.ImportPath, p.Status)
	}
	var failed []string
	for _, f := range out.Failures() {
		failed = append(failed, f.Name)
	}
	if want := []string{"TestFail", "TestSub/bad", "TestSub"}; !slices.Equal(failed, want) {
		t.Errorf("failed tests %v, want %v", failed, want)
	}
	if f := out.Failures()[0]; f.Reason != "tests_test.go:16: Sum(1, 2) = 4, want 3" || !strings.Contains(f.Output, "computing") {
		t.Errorf("TestFail: reason %q, output %q", f.Reason, f.Output)
	}
	if n := out.Packages[1]; n.Status != Skipped {
		t.Errorf("notests: %s, want skip", n.Status)
	}
	// The environment reached the test binary: TestPerfOut wrote its file.
	files, _ := filepath.Glob(filepath.Join(perfOut, "example.com_benchmod_tests.*.json"))
	if len(files) != 1 {
		t.Errorf("files in CHORAGEN_PERF_OUT: %v, want one", files)
	}
	for _, want := range []string{"FAIL   example.com/benchmod/tests  ", "?      example.com/benchmod/notests  [no test files]"} {
		if !strings.Contains(progress.String(), want) {
			t.Errorf("progress lacks %q:\n%s", want, progress.String())
		}
	}
}

func TestBenchProfile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cpu := filepath.Join(dir, "cpu.pprof")
	_, err := Bench(context.Background(), Options{
		Dir: "testdata/benchmod", Packages: []string{"./store"}, Bench: MatchBenchmarks("BenchmarkPut"),
		Benchtime: "100x", CPUProfile: cpu, MemProfile: "mem.pprof",
	})
	if err != nil {
		t.Fatalf("Bench: %v", err)
	}
	if fi, err := os.Stat(cpu); err != nil || fi.Size() == 0 {
		t.Errorf("cpu profile: %v", err)
	}
	// A relative profile path is relative to Dir.
	mem := filepath.Join("testdata", "benchmod", "mem.pprof")
	if _, err := os.Stat(mem); err != nil {
		t.Errorf("mem profile: %v", err)
	}
	os.Remove(mem)
	// go test keeps a test binary beside profiles; it must not land in
	// the user's tree.
	if left, _ := filepath.Glob("testdata/benchmod/*.test"); len(left) > 0 {
		t.Errorf("test binaries left in the module: %v", left)
		for _, f := range left {
			os.Remove(f)
		}
	}
}

func TestGoError(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		o    Options
		want string
	}{
		{"bad GOFLAGS", Options{Dir: "testdata/benchmod", Env: []string{"GOFLAGS=-nosuchflag"}}, "unknown flag -nosuchflag"},
		{"bad flag value", Options{Dir: "testdata/benchmod", Packages: []string{"./api"}, Args: []string{"-count=x"}}, "invalid value \"x\" for flag -count"},
		{"no go command", Options{Dir: "testdata/benchmod", Go: filepath.Join(t.TempDir(), "go")}, "no such file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Bench(context.Background(), tc.o)
			var ge *GoError
			if !errors.As(err, &ge) {
				t.Fatalf("err = %v (%T), want a *GoError", err, err)
			}
			if ge.ExitCode() != 2 || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %q (exit code %d), want it to mention %q", err, ge.ExitCode(), tc.want)
			}
		})
	}
}

func TestOptionsArgs(t *testing.T) {
	for _, tc := range []struct {
		name    string
		o       Options
		want    string
		wantErr string
	}{
		{name: "defaults", o: Options{}, want: "test -json -run ^$ -bench ."},
		{
			name: "everything",
			o: Options{Packages: []string{"./api", "./store"}, Bench: "^BenchmarkList$", Count: 11, Benchtime: "100ms",
				Benchmem: true, Timeout: 90 * time.Second, Args: []string{"-tags=x"}},
			want: "test -json -run ^$ -bench ^BenchmarkList$ -count 11 -benchtime 100ms -benchmem -timeout 1m30s -tags=x ./api ./store",
		},
		{name: "per call", o: Options{Mode: PerCall, Count: 200}, want: "test -json -run ^$ -bench . -count 200 -benchtime 1x"},
		{name: "per call with benchtime", o: Options{Mode: PerCall, Count: 200, Benchtime: "1s"}, wantErr: "per-call sampling runs one call"},
		{name: "per call without count", o: Options{Mode: PerCall}, wantErr: "needs Count"},
		{name: "negative count", o: Options{Count: -1}, wantErr: "want at least 1"},
		{name: "profile of many packages", o: Options{Packages: []string{"./..."}, CPUProfile: "c"}, wantErr: "exactly one package"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args, tmp, err := tc.o.args()
			if tmp != "" {
				os.RemoveAll(tmp)
			}
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if got := strings.Join(args, " "); err != nil || got != tc.want {
				t.Errorf("args = %q, %v\nwant   %q", got, err, tc.want)
			}
		})
	}
}

func TestMatchBenchmarks(t *testing.T) {
	if got, want := MatchBenchmarks("BenchmarkA", "BenchmarkT_M"), "^(?:BenchmarkA|BenchmarkT_M)$"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
