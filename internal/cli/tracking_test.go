package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/choragen/choragen/internal/engine"
	"github.com/choragen/choragen/internal/history"
	"github.com/choragen/choragen/internal/report"
)

// Runs in these tests are short: six repetitions of 50 iterations.
var quick = []string{"--count", "6", "--warmup", "1", "--benchtime", "50x"}

func args(a ...[]string) []string {
	var out []string
	for _, x := range a {
		out = append(out, x...)
	}
	return out
}

func reportOf(t *testing.T, stdout string) *report.Report {
	t.Helper()
	r, err := report.Decode(strings.NewReader(stdout))
	if err != nil {
		t.Fatalf("output is not a report: %v\n%s", err, stdout)
	}
	return r
}

func row(r *report.Report, name, unit string) *report.Benchmark {
	for i := range r.Benchmarks {
		if r.Benchmarks[i].Name == name && r.Benchmarks[i].Unit == unit {
			return &r.Benchmarks[i]
		}
	}
	return nil
}

func openStore(t *testing.T, dsn string) history.Store {
	t.Helper()
	s, err := history.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestTracking runs the whole flow on the scaled fixture, judging only
// what is exact: B/op, which CHORAGEN_TEST_ALLOC multiplies. (Timings are
// left to the acceptance test.) It cannot run in parallel: the benchmarks
// read the variable from the test's own environment.
func TestTracking(t *testing.T) {
	dir := fixture(t, "scaled")
	store := filepath.Join(t.TempDir(), "history.db")
	common := []string{"--dir", dir, "--store", store}

	// 1. perf on main: nothing to compare with yet.
	code, stdout, stderr := run(t, args([]string{"perf"}, common, quick, []string{"--branch", "main", "--format", "json"})...)
	if code != ExitOK {
		t.Fatalf("first perf: exit %d\n%s", code, stderr)
	}
	r := reportOf(t, stdout)
	if r.Run == nil || r.Run.ID != 1 || r.Run.Branch != "main" || r.Baseline != nil {
		t.Errorf("first perf: run %+v, baseline %+v; want run 1 on main, no baseline", r.Run, r.Baseline)
	}
	if !strings.Contains(strings.Join(r.Warnings, "\n"), "no baseline") {
		t.Errorf("first perf does not say it has no baseline: %q", r.Warnings)
	}
	if r.Summary.Score != 100 || len(r.Contracts) != 3 {
		t.Errorf("first perf: score %v with %d contracts, want 100 with 3", r.Summary.Score, len(r.Contracts))
	}

	// 2. perf:bench on main: every benchmark, stored.
	code, stdout, stderr = run(t, args([]string{"perf:bench"}, common, quick, []string{"--branch", "main", "--format", "json"})...)
	if code != ExitOK {
		t.Fatalf("perf:bench: exit %d\n%s", code, stderr)
	}
	r = reportOf(t, stdout)
	if r.Run.ID != 2 || len(r.Benchmarks) != 11 {
		t.Errorf("perf:bench: run %d with %d rows, want run 2 with 11 (3 benchmarks × 3 units, cpu-sec/op for 2)", r.Run.ID, len(r.Benchmarks))
	}
	if b := row(r, "BenchmarkGrow", "B/op"); b == nil || b.Current != 1024 || b.N != 6 {
		t.Errorf("perf:bench: BenchmarkGrow B/op = %+v, want 1024 over 6 samples", b)
	}
	s := openStore(t, store)
	run2, err := s.Run(context.Background(), 2)
	if err != nil {
		t.Fatal(err)
	}
	if run2.Command != "perf:bench" || run2.Report == nil || len(run2.Benchmarks) != 11 || run2.Score != nil {
		t.Errorf("stored run 2: command %q, report %v, %d benchmarks, score %v", run2.Command, run2.Report != nil, len(run2.Benchmarks), run2.Score)
	}
	for _, b := range run2.Benchmarks {
		if len(b.Samples) != 6 || b.Summary.N != 6 {
			t.Errorf("stored %s %s: %d samples (summary n=%d), want 6 without the warm-up", b.Name, b.Unit, len(b.Samples), b.Summary.N)
		}
	}

	// 3. The baseline a feature branch would use: run 2, the latest.
	code, stdout, stderr = run(t, args([]string{"perf:baseline"}, common, []string{"--branch", "feature", "--format", "json"})...)
	var bi report.BaselineInfo
	if code != ExitOK || json.Unmarshal([]byte(stdout), &bi) != nil {
		t.Fatalf("perf:baseline: exit %d\n%s%s", code, stdout, stderr)
	}
	if bi.Baseline == nil || bi.Baseline.ID != 2 || bi.Pinned || !strings.Contains(bi.Reason, `latest clean run of the baseline branch "main"`) {
		t.Errorf("perf:baseline: %+v", bi)
	}

	// 4. perf on a feature branch that allocates four times as much:
	// B/op regressed, the score counts it, exit 1.
	t.Setenv("CHORAGEN_TEST_ALLOC", "4")
	code, stdout, stderr = run(t, args([]string{"perf"}, common, quick, []string{"--branch", "feature", "--format", "json"})...)
	if code != ExitFailed {
		t.Fatalf("perf with a regression: exit %d, want %d\n%s", code, ExitFailed, stderr)
	}
	r = reportOf(t, stdout)
	if r.Baseline == nil || r.Baseline.ID != 2 {
		t.Errorf("compared with %+v, want run 2", r.Baseline)
	}
	grow := row(r, "BenchmarkGrow", "B/op")
	if grow == nil || !grow.Regression || grow.Baseline == nil || *grow.Baseline != 1024 || grow.Current != 4096 ||
		grow.Change == nil || *grow.Change != 300 {
		t.Errorf("BenchmarkGrow B/op: %+v, want a +300%% regression from 1024 to 4096", grow)
	}
	for _, b := range r.Benchmarks {
		if !isTime(b.Unit) && !(b.Name == "BenchmarkGrow" && b.Unit == "B/op") && b.Regression {
			t.Errorf("%s %s regressed, but only BenchmarkGrow B/op changed", b.Name, b.Unit)
		}
	}
	if r.Summary.Regressions < 1 || r.Summary.Score != 100-10*float64(r.Summary.Regressions) || r.Passed {
		t.Errorf("summary %+v passed=%v: the score must count the regressions and the run fail", r.Summary, r.Passed)
	}
	if !strings.Contains(stderr, "BenchmarkGrow B/op +300.0%") {
		t.Errorf("stderr does not name the regression:\n%s", stderr)
	}
	run3, err := s.Run(context.Background(), 3)
	if err != nil {
		t.Fatal(err)
	}
	if run3.BaselineID != 2 || run3.Score == nil || *run3.Score != r.Summary.Score {
		t.Errorf("stored run 3: baseline %d, score %v", run3.BaselineID, run3.Score)
	}

	// 5. History of B/op: the three runs, the last a regression.
	code, stdout, stderr = run(t, args([]string{"perf:history", "Grow"}, common, []string{"--unit", "B/op", "--format", "json"})...)
	var h report.HistoryResult
	if code != ExitOK || json.Unmarshal([]byte(stdout), &h) != nil {
		t.Fatalf("perf:history: exit %d\n%s%s", code, stdout, stderr)
	}
	if h.Benchmark != "BenchmarkGrow" || h.Package != "example.com/scaled/work" || len(h.Points) != 3 {
		t.Fatalf("perf:history: %+v", h)
	}
	if p := h.Points[2]; p.RunID != 3 || !p.Regression || p.Center == nil || *p.Center != 4096 {
		t.Errorf("last point %+v", p)
	}
	// The score: runs 1 and 3 (perf:bench scores nothing).
	code, stdout, _ = run(t, args([]string{"perf:history"}, common, []string{"--format", "json"})...)
	h = report.HistoryResult{}
	if code != ExitOK || json.Unmarshal([]byte(stdout), &h) != nil || len(h.Points) != 2 || h.Points[0].RunID != 1 || h.Points[1].RunID != 3 {
		t.Errorf("score history: exit %d %+v", code, h)
	}
	code, stdout, _ = run(t, args([]string{"perf:history", "BenchmarkGrow"}, common, []string{"--unit", "B/op", "-n", "2"})...)
	if code != ExitOK || !strings.Contains(stdout, "last 2 runs") || !strings.Contains(stdout, "+300.00%  regression") {
		t.Errorf("perf:history text: exit %d\n%s", code, stdout)
	}

	// 6. Pin run 1; compare the latest run with it (the default), by
	// branch, and unpin.
	code, stdout, stderr = run(t, args([]string{"perf:baseline"}, common, []string{"--branch", "feature", "--pin", "1"})...)
	if code != ExitOK || !strings.Contains(stdout, "pinned run 1") || !strings.Contains(stdout, "why: pinned") {
		t.Errorf("--pin 1: exit %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, _ = run(t, args([]string{"perf:compare"}, common, []string{"--format", "json"})...)
	var c report.Comparison
	if json.Unmarshal([]byte(stdout), &c) != nil || c.Base.Run == nil || c.Base.Run.ID != 1 || c.Head.Run.ID != 3 || code != ExitFailed {
		t.Errorf("perf:compare with a pin: exit %d, base %+v head %+v", code, c.Base, c.Head)
	}
	code, stdout, _ = run(t, args([]string{"perf:compare"}, common, []string{"--base", "main", "--head", "feature", "--format", "json"})...)
	c = report.Comparison{}
	if json.Unmarshal([]byte(stdout), &c) != nil || c.Base.Run.ID != 2 || c.Head.Run.ID != 3 || code != ExitFailed {
		t.Errorf("perf:compare --base main --head feature: exit %d, base %+v head %+v", code, c.Base, c.Head)
	}
	code, stdout, _ = run(t, args([]string{"perf:baseline"}, common, []string{"--branch", "feature", "--unpin"})...)
	if code != ExitOK || !strings.Contains(stdout, "unpinned") || !strings.Contains(stdout, "baseline: run 2") {
		t.Errorf("--unpin: exit %d\n%s", code, stdout)
	}

	// 7. What cannot be done exits 2 and writes nothing.
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"perf:compare", "--base", "99"}, "no run 99"},
		{[]string{"perf:compare", "--base", "nosuchbranch"}, "not a file, a run id or a branch"},
		{[]string{"perf:baseline", "--pin", "99"}, "no run 99"},
		{[]string{"perf:history", "BenchmarkNope"}, "no benchmark BenchmarkNope"},
		{[]string{"perf:history", "Grow", "--unit", "widgets/op"}, "has no widgets/op"},
	} {
		code, stdout, stderr := run(t, args(tc.args, common)...)
		if code != ExitError || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 2 saying %q", strings.Join(tc.args, " "), code, stdout, stderr, tc.want)
		}
	}
	runs, err := s.Runs(context.Background(), history.Filter{})
	if err != nil || len(runs) != 3 {
		t.Errorf("%d runs stored, want 3 (%v)", len(runs), err)
	}
}

// TestNoBaselineOnFeature: perf:compare of a run without a baseline exits
// 2 and says why; perf:baseline says there is none and exits 0.
func TestNoBaselineOnFeature(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "scaled")
	store := filepath.Join(t.TempDir(), "history.db")
	common := []string{"--dir", dir, "--store", store}
	if code, _, stderr := run(t, args([]string{"perf:bench", "--bench", "Grow"}, common, quick, []string{"--branch", "feature"})...); code != ExitOK {
		t.Fatalf("perf:bench: exit %d\n%s", code, stderr)
	}
	code, stdout, stderr := run(t, args([]string{"perf:compare"}, common)...)
	if code != ExitError || stdout != "" || !strings.Contains(stderr, "run 1 has no baseline") || !strings.Contains(stderr, `branch "main"`) {
		t.Errorf("perf:compare: exit %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, _ = run(t, args([]string{"perf:baseline", "--branch", "feature"}, common)...)
	if code != ExitOK || !strings.HasPrefix(stdout, "no baseline: ") {
		t.Errorf("perf:baseline: exit %d\n%s", code, stdout)
	}
}

// TestBenchFlags: perf:bench validates its flags before it runs anything.
func TestBenchFlags(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--bench", "("}, "--bench"},
		{[]string{"--format", "junit"}, "--format junit"},
		{[]string{"--count", "2"}, "--count 2"},
		{[]string{"--bench", "NoSuchBenchmark"}, "no benchmark matched"},
	} {
		store := filepath.Join(t.TempDir(), "history.db")
		code, stdout, stderr := run(t, args([]string{"perf:bench", "--dir", "testdata/scaled", "--store", store, "--benchtime", "1x"}, tc.args)...)
		if code != ExitError || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 saying %q", tc.args, code, stdout, stderr, tc.want)
		}
	}
}

// TestStoreFromEnv: without --store, CHORAGEN_STORE names the store.
func TestStoreFromEnv(t *testing.T) {
	t.Parallel()
	store := filepath.Join(t.TempDir(), "from-env.db")
	code, _, stderr := runEnv(t, map[string]string{engine.StoreEnv: store}, "perf:history", "--dir", "testdata/scaled")
	if code != ExitError || !strings.Contains(stderr, store) || !strings.Contains(stderr, "no history yet") {
		t.Errorf("exit %d, stderr %q; want the store of %s named", code, stderr, engine.StoreEnv)
	}
}

// TestTrackingDisabled: with benchmarks.enabled false, perf stores the
// run but compares nothing.
func TestTrackingDisabled(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "scaled")
	if err := os.MkdirAll(filepath.Join(dir, ".choragen"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".choragen", "performance.yaml"), []byte("benchmarks:\n  enabled: false\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	common := []string{"--dir", dir, "--branch", "main", "--format", "json"}
	for i := 1; i <= 2; i++ {
		code, stdout, stderr := run(t, args([]string{"perf"}, common, quick)...)
		if code != ExitOK {
			t.Fatalf("perf %d: exit %d\n%s", i, code, stderr)
		}
		r := reportOf(t, stdout)
		if r.Run == nil || r.Run.ID != int64(i) || r.Baseline != nil {
			t.Errorf("perf %d: run %+v baseline %+v; want run %d, no baseline", i, r.Run, r.Baseline, i)
		}
		for _, b := range r.Benchmarks {
			if b.Baseline != nil || b.Change != nil {
				t.Errorf("perf %d: %s %s compared although tracking is disabled", i, b.Name, b.Unit)
			}
		}
	}
	// The default store: .choragen/history.db next to the config.
	if _, err := os.Stat(filepath.Join(dir, ".choragen", "history.db")); err != nil {
		t.Errorf("the run is not in the default store: %v", err)
	}
}

// isTime reports whether unit is a timing (sec/op, cpu-sec/op), which
// these tests do not judge: the machine's load moves it.
func isTime(unit string) bool { return strings.HasSuffix(unit, "sec/op") }
