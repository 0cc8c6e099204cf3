package history_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/choragen/choragen/internal/history"
	_ "github.com/choragen/choragen/internal/history/sqlite"
)

func TestRedact(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{".choragen/history.db", ".choragen/history.db"},
		{"/tmp/a b/history.db", "/tmp/a b/history.db"},
		{"postgres://ci:s3cret@db.internal:5432/perf?sslmode=require", "postgres://ci:xxxxx@db.internal:5432/perf?sslmode=require"},
		{"postgresql://ci@db/perf", "postgresql://ci@db/perf"},
		{"postgres://db/perf?user=ci&password=s3cret", "postgres://db/perf?password=xxxxx&user=ci"},
		{"postgres://ci:s3cret@db:notaport/perf", "postgres://ci:xxxxx@db:notaport/perf"},
		{"postgres://ci:p@ss@word@db:x/perf", "postgres://ci:xxxxx@db:x/perf"},
	} {
		if got := history.Redact(tc.in); got != tc.want {
			t.Errorf("Redact(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if strings.Contains(history.Redact(tc.in), "s3cret") {
			t.Errorf("Redact(%q) shows the password", tc.in)
		}
	}
}

func TestOpenSQLiteURL(t *testing.T) {
	dir := t.TempDir()
	s, err := history.Open(context.Background(), "sqlite://"+filepath.Join(dir, "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := os.Stat(filepath.Join(dir, "h.db")); err != nil {
		t.Errorf("sqlite:// URL did not open the path: %v", err)
	}
}

func TestOpenUnknownScheme(t *testing.T) {
	_, err := history.Open(context.Background(), "mysql://u:s3cret@db/perf")
	if err == nil {
		t.Fatal("Open of a mysql URL succeeded")
	}
	want := `history store mysql://u:xxxxx@db/perf: no backend for "mysql" stores in this build (have sqlite)`
	if err.Error() != want {
		t.Errorf("error = %q\nwant    %q", err, want)
	}
	if _, err := history.Open(context.Background(), ""); err == nil {
		t.Error("Open(\"\") succeeded")
	}
}

func TestErrorOneLine(t *testing.T) {
	err := history.Wrap("x.db", fmt.Errorf("read: %w", errors.New("line one\nline two\r\n  line three")))
	if got, want := err.Error(), "history store x.db: read: line one line two line three"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if again := history.Wrap("y.db", err); again != err {
		t.Errorf("Wrap of an *Error wrapped it again: %v", again)
	}
	if history.Wrap("x.db", nil) != nil {
		t.Error("Wrap(nil) is not nil")
	}
	var ec interface{ ExitCode() int }
	if !errors.As(err, &ec) || ec.ExitCode() != 2 {
		t.Error("no exit code 2")
	}
}

func TestValidate(t *testing.T) {
	nan := math.NaN()
	ok := func() *history.Run {
		return &history.Run{
			RunInfo:     history.RunInfo{Module: "m", Branch: "main", Machine: history.Machine{GOMAXPROCS: 2}},
			Benchmarks:  []history.Benchmark{{Package: "m", Name: "BenchmarkA", Unit: "sec/op", Samples: []float64{1, math.Inf(1)}, Summary: history.Summary{Center: 1, Lo: math.Inf(-1), Hi: math.Inf(1), N: 2}}},
			Attachments: []history.Attachment{{Name: "a"}},
		}
	}
	if err := ok().Validate(); err != nil {
		t.Fatalf("Validate of a good run: %v", err)
	}
	for _, tc := range []struct {
		edit func(r *history.Run)
		want string
	}{
		{func(r *history.Run) { r.Machine.GOMAXPROCS = -1 }, "GOMAXPROCS -1 is negative"},
		{func(r *history.Run) { r.Score = &nan }, "score NaN"},
		{func(r *history.Run) { r.BaselineID = -3 }, "baseline id -3"},
		{func(r *history.Run) { r.Module = "\xc3" }, `module "\xc3": not valid UTF-8`},
		{func(r *history.Run) { r.Benchmarks[0].Name = "" }, "benchmark 0: empty name or unit"},
		{func(r *history.Run) { r.Benchmarks[0].Summary.N = -1 }, "summary n -1 is negative"},
		{func(r *history.Run) { r.Benchmarks[0].PValue = &nan }, "comparison has a NaN"},
		{func(r *history.Run) { r.Benchmarks[0].Summary.Hi = nan }, "summary has a NaN"},
		{func(r *history.Run) { r.Attachments[0].Name = "" }, "attachment 0 has no name"},
		{func(r *history.Run) { r.Attachments[0].Kind = "a\x00" }, "NUL byte"},
	} {
		r := ok()
		tc.edit(r)
		err := r.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Validate = %v, want an error saying %q", err, tc.want)
		}
	}
	var nilRun *history.Run
	if nilRun.Validate() == nil {
		t.Error("Validate of a nil run succeeded")
	}
}

func TestMachineString(t *testing.T) {
	m := history.Machine{GOOS: "linux", GOARCH: "amd64", GOMAXPROCS: 4}
	if got, want := m.String(), "linux/amd64, unknown CPU, GOMAXPROCS=4"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

// Example stores two runs of the main branch and one of a feature branch,
// then asks which run each compares with, and charts a benchmark.
func Example() {
	dir, _ := os.MkdirTemp("", "history")
	defer os.RemoveAll(dir)
	ctx := context.Background()
	store, err := history.Open(ctx, filepath.Join(dir, ".choragen", "history.db"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer store.Close()

	machine := history.Machine{GOOS: "linux", GOARCH: "amd64", CPU: "AMD EPYC 7B13", GOMAXPROCS: 2}
	run := func(branch string, nsPerOp float64) *history.Run {
		return &history.Run{
			RunInfo: history.RunInfo{Module: "example.com/shop", Branch: branch, Commit: branch + "-head",
				Time: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC), Machine: machine, Command: "perf:bench"},
			Benchmarks: []history.Benchmark{{
				Package: "example.com/shop", Name: "BenchmarkHash", Unit: "sec/op",
				Samples: []float64{nsPerOp * 1e-9, nsPerOp * 1e-9}, Summary: history.Summary{Center: nsPerOp * 1e-9, N: 2},
			}},
		}
	}
	main1, _ := store.Save(ctx, run("main", 40))
	main2, _ := store.Save(ctx, run("main", 41))
	feature, _ := store.Save(ctx, run("feature", 48))

	for _, q := range []history.BaselineQuery{
		{Branch: "feature", Exclude: feature},
		{Branch: "main", Exclude: main2},
		{Branch: "main", Exclude: main1},
	} {
		q.Module, q.BaselineBranch, q.Machine = "example.com/shop", "main", machine
		b, err := store.Baseline(ctx, q)
		switch {
		case errors.Is(err, history.ErrNoBaseline):
			fmt.Printf("run %d: no baseline\n", q.Exclude)
		case err != nil:
			fmt.Println(err)
		default:
			fmt.Printf("run %d (%s) compares with run %d\n", q.Exclude, q.Branch, b.ID)
		}
	}

	points, _ := store.Series(ctx, history.SeriesQuery{Package: "example.com/shop", Name: "BenchmarkHash", Unit: "sec/op"})
	for _, p := range points {
		fmt.Printf("run %d %-7s %.0f ns/op\n", p.RunID, p.Branch, p.Center*1e9)
	}
	// Output:
	// run 3 (feature) compares with run 2
	// run 2 (main) compares with run 1
	// run 1: no baseline
	// run 1 main    40 ns/op
	// run 2 main    41 ns/op
	// run 3 feature 48 ns/op
}
