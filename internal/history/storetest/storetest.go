// Package storetest is the conformance suite of history.Store: every
// backend runs it, so that SQLite and PostgreSQL answer alike.
//
// A backend's test calls Run with a function that makes a fresh, empty
// store for one test and removes it at cleanup:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t testing.TB) string {
//			return filepath.Join(t.TempDir(), "history.db")
//		})
//	}
//
// The suite opens stores with history.Open, so the backend must be
// registered in the test binary. Some tests start the test binary again as
// child processes (several writers at once; a writer killed in the middle
// of a Save); Run recognises a child by its environment and plays the
// child's part instead of the suite.
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/choragen/choragen/internal/history"
	"github.com/choragen/choragen/internal/report"
)

// Fresh returns the DSN of a fresh, empty store (a path or a URL) that
// lives until the test ends.
type Fresh func(t testing.TB) string

// Run runs the conformance suite, each test against its own fresh store.
func Run(t *testing.T, fresh Fresh) {
	if isChild() {
		child(t)
		return
	}
	for _, tc := range []struct {
		name string
		test func(t *testing.T, fresh Fresh)
	}{
		{"RoundTrip", testRoundTrip},
		{"MinimalRun", testMinimalRun},
		{"Infinities", testInfinities},
		{"IDsIncrease", testIDsIncrease},
		{"NotFound", testNotFound},
		{"InvalidRunWritesNothing", testInvalidRun},
		{"CanceledSaveWritesNothing", testCanceledSave},
		{"FailedSaveWritesNothing", testFailedSave},
		{"Runs", testRuns},
		{"Baseline", testBaseline},
		{"Pins", testPins},
		{"Series", testSeries},
		{"ScoreSeries", testScoreSeries},
		{"Attachments", testAttachments},
		{"Reopen", testReopen},
		{"ConcurrentOpen", testConcurrentOpen},
		{"ConcurrentGoroutines", testConcurrentGoroutines},
		{"ConcurrentProcesses", testConcurrentProcesses},
		{"KilledMidSave", testKilledMidSave},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.test(t, fresh) })
	}
}

// open opens dsn and closes the store at cleanup.
func open(t testing.TB, dsn string) history.Store {
	t.Helper()
	s, err := history.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

func save(t testing.TB, s history.Store, r *history.Run) int64 {
	t.Helper()
	id, err := s.Save(context.Background(), r)
	if err != nil {
		t.Fatalf("Save: %v", err)
	}
	return id
}

// The machines of the tests.
var (
	laptop = history.Machine{GOOS: "linux", GOARCH: "amd64", CPU: "AMD EPYC 7B13", GOMAXPROCS: 2}
	other  = history.Machine{GOOS: "linux", GOARCH: "amd64", CPU: "AMD EPYC 7B13", GOMAXPROCS: 8}
)

const module = "example.com/shop"

var t0 = time.Date(2026, 11, 22, 10, 0, 0, 123456000, time.UTC)

// info returns a clean run's RunInfo on branch and machine m.
func info(branch string, m history.Machine) history.RunInfo {
	return history.RunInfo{
		Module: module, Commit: "0123456789abcdef0123456789abcdef01234567", Branch: branch,
		Time: t0, GoVersion: "go1.26.8", Machine: m, Command: "perf",
	}
}

func float(v float64) *float64 { return &v }

// fullRun sets every field of a run.
func fullRun() *history.Run {
	rep := &report.Report{
		Timestamp: t0,
		Summary:   report.Summary{ContractsPassed: 1, ContractsFailed: 1, Regressions: 1, Score: 83},
		Contracts: []report.Contract{{
			ID: "latency@p99:example.com/shop.Spiky", Type: "latency", Metric: "latency",
			Target: "example.com/shop.Spiky", Threshold: 1, Unit: "ms", Percentile: 99,
			Status: report.StatusFailed, Measured: report.Float(4.1), Source: "svc.go:31",
			Benchmark: "BenchmarkSpiky", Context: map[string]any{"sizes": []any{10.0, 100.0}},
		}},
		Violations: []report.Violation{{ContractID: "latency@p99:example.com/shop.Spiky", Measured: 4.1,
			Threshold: 1, Timestamp: t0, Context: map[string]any{"samples": 200.0}}},
		Benchmarks: []report.Benchmark{{Name: "BenchmarkHash", Package: module, Unit: "sec/op",
			Current: 4.01e-5, Baseline: report.Float(3.35e-5), Change: report.Float(19.7),
			PValue: report.Float(0.002), Regression: true}},
		Passed: false, Reasons: []string{"1 regression"}, Module: module,
		Warnings: []string{"a warning, with ünïcödé"},
	}
	ri := info("feature/x", laptop)
	ri.Dirty = true
	ri.Command = "perf:profile"
	ri.Score = float(83.5)
	return &history.Run{
		RunInfo: ri,
		Benchmarks: []history.Benchmark{
			{Package: module, Name: "BenchmarkHash", Unit: "sec/op",
				Samples: []float64{4.0e-5, 4.1e-5, 3.9e-5, 4.02e-5, 4.0e-5, 4.05e-5},
				Summary: history.Summary{Center: 4.01e-5, Lo: 3.9e-5, Hi: 4.1e-5, N: 6},
				Change:  float(19.7), PValue: float(0.002), Regression: true},
			{Package: module, Name: "BenchmarkHash", Unit: "B/op",
				Samples: []float64{64, 64, 64, 64, 64, 64},
				Summary: history.Summary{Center: 64, Lo: 64, Hi: 64, N: 6},
				Change:  float(0), PValue: float(1)},
			{Package: module + "/store", Name: "BenchmarkGet/n=1024", Unit: "p99-sec/op",
				Samples: []float64{1e-3, -0.5, 1e300, 5e-324},
				Summary: history.Summary{Center: 1e-3, Lo: -0.5, Hi: 1e300, N: 4}},
		},
		Report: rep,
		Attachments: []history.Attachment{
			{Name: "cpu.pprof", Kind: history.KindCPUProfile, MediaType: "application/vnd.google.protobuf+gzip", Data: allBytes()},
			{Name: "calibration.json", Kind: history.KindCalibration, MediaType: "application/json", Data: []byte(`{"noise":0.02}`)},
			{Name: "empty", Kind: "other", MediaType: "application/octet-stream"},
		},
	}
}

func allBytes() []byte {
	b := make([]byte, 512)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}

// stored returns what a store gives back for r saved as id: microseconds in
// UTC, attachments without data.
func stored(r *history.Run, id int64) *history.Run {
	w := *r
	w.ID = id
	w.Time = r.Time.UTC().Truncate(time.Microsecond)
	w.Attachments = nil
	for _, a := range r.Attachments {
		a.Size = int64(len(a.Data))
		a.Data = nil
		w.Attachments = append(w.Attachments, a)
	}
	return &w
}

// equal reports where got and want differ, comparing reports as JSON.
func equal(t testing.TB, got, want *history.Run) {
	t.Helper()
	gj, _ := json.Marshal(got.Report)
	wj, _ := json.Marshal(want.Report)
	if string(gj) != string(wj) {
		t.Errorf("report:\n got %s\nwant %s", gj, wj)
	}
	g, w := *got, *want
	g.Report, w.Report = nil, nil
	if !reflect.DeepEqual(g.RunInfo, w.RunInfo) {
		t.Errorf("run info:\n got %+v\nwant %+v", g.RunInfo, w.RunInfo)
	}
	if !reflect.DeepEqual(g.Benchmarks, w.Benchmarks) {
		t.Errorf("benchmarks:\n got %+v\nwant %+v", g.Benchmarks, w.Benchmarks)
	}
	if !reflect.DeepEqual(g.Attachments, w.Attachments) {
		t.Errorf("attachments:\n got %+v\nwant %+v", g.Attachments, w.Attachments)
	}
}

func testRoundTrip(t *testing.T, fresh Fresh) {
	s := open(t, fresh(t))
	ctx := context.Background()
	base := save(t, s, &history.Run{RunInfo: info("main", laptop)})
	r := fullRun()
	r.BaselineID = base
	id := save(t, s, r)
	got, err := s.Run(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, got, stored(r, id))

	infos, err := s.Runs(ctx, history.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(infos) != 2 || !reflect.DeepEqual(infos[0], got.RunInfo) {
		t.Errorf("Runs()[0] = %+v, want %+v", infos, got.RunInfo)
	}
}

func testMinimalRun(t *testing.T, fresh Fresh) {
	s := open(t, fresh(t))
	before := time.Now().Add(-time.Second)
	id := save(t, s, &history.Run{})
	after := time.Now().Add(time.Second)
	got, err := s.Run(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if got.Time.Before(before) || got.Time.After(after) || got.Time.Location() != time.UTC {
		t.Errorf("zero Time stored as %v, want now (between %v and %v) in UTC", got.Time, before, after)
	}
	got.Time = time.Time{}
	equal(t, got, &history.Run{RunInfo: history.RunInfo{ID: id}})
}

func testInfinities(t *testing.T, fresh Fresh) {
	s := open(t, fresh(t))
	r := &history.Run{RunInfo: info("main", laptop), Benchmarks: []history.Benchmark{{
		Package: module, Name: "BenchmarkFew", Unit: "sec/op", Samples: []float64{1, 2, math.Inf(1)},
		Summary: history.Summary{Center: 2, Lo: math.Inf(-1), Hi: math.Inf(1), N: 3},
	}}}
	id := save(t, s, r)
	got, err := s.Run(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, got, stored(r, id))
}

func testIDsIncrease(t *testing.T, fresh Fresh) {
	s := open(t, fresh(t))
	var last int64
	for i := range 5 {
		id := save(t, s, &history.Run{RunInfo: info("main", laptop)})
		if id <= last {
			t.Fatalf("save %d: id %d after %d; want increasing ids", i, id, last)
		}
		last = id
	}
}

// checkError checks that err is a one-line store error with exit code 2
// that matches target and says want.
func checkError(t testing.TB, err, target error, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want one saying %q", want)
	}
	if target != nil && !errors.Is(err, target) {
		t.Errorf("error %q is not %v", err, target)
	}
	var se *history.Error
	if !errors.As(err, &se) {
		t.Errorf("error %q is a %T, want a *history.Error", err, err)
	} else if se.ExitCode() != 2 {
		t.Errorf("exit code %d, want 2", se.ExitCode())
	}
	msg := err.Error()
	if strings.ContainsAny(msg, "\r\n") {
		t.Errorf("error %q spans several lines", msg)
	}
	if !strings.HasPrefix(msg, "history store ") {
		t.Errorf("error %q does not name the store", msg)
	}
	if !strings.Contains(msg, want) {
		t.Errorf("error %q does not say %q", msg, want)
	}
}

func testNotFound(t *testing.T, fresh Fresh) {
	s := open(t, fresh(t))
	ctx := context.Background()
	id := save(t, s, &history.Run{RunInfo: info("main", laptop)})
	_, err := s.Run(ctx, id+1000)
	checkError(t, err, history.ErrNotFound, fmt.Sprintf("run %d: not found", id+1000))
	_, err = s.Attachment(ctx, id, "cpu.pprof")
	checkError(t, err, history.ErrNotFound, `attachment "cpu.pprof": not found`)
	err = s.Pin(ctx, "main", id+1000)
	checkError(t, err, history.ErrNotFound, "not found")
	err = s.Unpin(ctx, module, "main")
	checkError(t, err, history.ErrNotFound, "not found")
	_, err = s.Series(ctx, history.SeriesQuery{Package: module})
	checkError(t, err, nil, "name and unit are required")
}

// empty checks that s holds no run.
func empty(t testing.TB, s history.Store) {
	t.Helper()
	infos, err := s.Runs(context.Background(), history.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(infos) != 0 {
		t.Errorf("store holds %d runs, want none: %+v", len(infos), infos)
	}
}

func testInvalidRun(t *testing.T, fresh Fresh) {
	s := open(t, fresh(t))
	for _, tc := range []struct {
		name string
		edit func(r *history.Run)
		want string
	}{
		{"NaN sample", func(r *history.Run) { r.Benchmarks[1].Samples[3] = math.NaN() }, "sample 3 is NaN"},
		{"NaN center", func(r *history.Run) { r.Benchmarks[0].Summary.Center = math.NaN() }, "summary has a NaN"},
		{"duplicate benchmark", func(r *history.Run) { r.Benchmarks[1].Unit = "sec/op" }, "appears twice"},
		{"duplicate attachment", func(r *history.Run) { r.Attachments[1].Name = "cpu.pprof" }, `attachment "cpu.pprof" appears twice`},
		{"NUL in branch", func(r *history.Run) { r.Branch = "a\x00b" }, "NUL byte"},
		{"bad UTF-8", func(r *history.Run) { r.Benchmarks[0].Name = "Benchmark\xff" }, "not valid UTF-8"},
		{"no unit", func(r *history.Run) { r.Benchmarks[2].Unit = "" }, "empty name or unit"},
		{"infinite score", func(r *history.Run) { r.Score = float(math.Inf(1)) }, "score"},
		{"unknown baseline", func(r *history.Run) { r.BaselineID = 1 << 40 }, "save run"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fullRun()
			tc.edit(r)
			_, err := s.Save(context.Background(), r)
			checkError(t, err, nil, tc.want)
			empty(t, s)
		})
	}
	if _, err := s.Save(context.Background(), nil); err == nil {
		t.Error("Save(nil) succeeded")
	}
}

func testCanceledSave(t *testing.T, fresh Fresh) {
	s := open(t, fresh(t))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Save(ctx, fullRun()); err == nil {
		t.Fatal("Save with a canceled context succeeded")
	}
	empty(t, s)
}

// testFailedSave fails a Save after every row is written: nothing may stay.
func testFailedSave(t *testing.T, fresh Fresh) {
	s := open(t, fresh(t))
	boom := errors.New("boom")
	_, err := s.Save(withSaveHook(context.Background(), func(context.Context) error { return boom }), fullRun())
	if !errors.Is(err, boom) {
		t.Fatalf("Save = %v, want the hook's error", err)
	}
	empty(t, s)
	pts, err := s.Series(context.Background(), history.SeriesQuery{Package: module, Name: "BenchmarkHash", Unit: "sec/op"})
	if err != nil || len(pts) != 0 {
		t.Errorf("Series after a failed Save = %v, %v; want nothing", pts, err)
	}
}

func testRuns(t *testing.T, fresh Fresh) {
	s := open(t, fresh(t))
	ctx := context.Background()
	mk := func(mod, branch string, m history.Machine, cmd string) int64 {
		ri := info(branch, m)
		ri.Module, ri.Command = mod, cmd
		return save(t, s, &history.Run{RunInfo: ri})
	}
	a := mk(module, "main", laptop, "perf")
	b := mk(module, "dev", laptop, "perf:bench")
	c := mk(module, "main", other, "perf")
	d := mk("example.com/other", "main", laptop, "perf")
	e := mk(module, "main", laptop, "perf:profile")
	for _, tc := range []struct {
		name string
		f    history.Filter
		want []int64
	}{
		{"all", history.Filter{}, []int64{e, d, c, b, a}},
		{"module", history.Filter{Module: module}, []int64{e, c, b, a}},
		{"branch", history.Filter{Branch: "main"}, []int64{e, d, c, a}},
		{"machine", history.Filter{Module: module, Machine: &laptop}, []int64{e, b, a}},
		{"commands", history.Filter{Commands: []string{"perf", "perf:bench"}}, []int64{d, c, b, a}},
		{"limit", history.Filter{Limit: 2}, []int64{e, d}},
		{"before", history.Filter{Before: d, Limit: 2}, []int64{c, b}},
		{"none", history.Filter{Branch: "nope"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			infos, err := s.Runs(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, ri := range infos {
				got = append(got, ri.ID)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Runs(%+v) = %v, want %v", tc.f, got, tc.want)
			}
		})
	}
}

func testBaseline(t *testing.T, fresh Fresh) {
	s := open(t, fresh(t))
	ctx := context.Background()
	mk := func(branch string, m history.Machine, edit func(*history.RunInfo)) int64 {
		ri := info(branch, m)
		if edit != nil {
			edit(&ri)
		}
		return save(t, s, &history.Run{RunInfo: ri})
	}
	dirty := func(ri *history.RunInfo) { ri.Dirty = true }
	main1 := mk("main", laptop, nil)
	main2 := mk("main", laptop, nil)
	mainOther := mk("main", other, nil)
	mainDirty := mk("main", laptop, dirty)
	mainProfile := mk("main", laptop, func(ri *history.RunInfo) { ri.Command = "perf:profile" })
	feature := mk("feature", laptop, nil)
	foreign := mk("main", laptop, func(ri *history.RunInfo) { ri.Module = "example.com/other" })
	main3 := mk("main", laptop, nil)
	_ = foreign

	for _, tc := range []struct {
		name string
		q    history.BaselineQuery
		want int64 // 0: ErrNoBaseline
	}{
		{"feature branch: latest clean main run on the same machine",
			history.BaselineQuery{Branch: "feature", Machine: laptop, Exclude: feature}, main3},
		{"not stored yet",
			history.BaselineQuery{Branch: "feature", Machine: laptop}, main3},
		{"main: its previous run",
			history.BaselineQuery{Branch: "main", Machine: laptop, Exclude: main3}, mainProfile},
		{"main: previous run, commands",
			history.BaselineQuery{Branch: "main", Machine: laptop, Exclude: main3, Commands: []string{"perf", "perf:bench"}}, main2},
		{"main: dirty runs allowed",
			history.BaselineQuery{Branch: "main", Machine: laptop, Exclude: mainProfile, AllowDirty: true}, mainDirty},
		{"main: dirty runs skipped",
			history.BaselineQuery{Branch: "main", Machine: laptop, Exclude: mainProfile}, main2},
		{"main: an older run compared",
			history.BaselineQuery{Branch: "main", Machine: laptop, Exclude: main2}, main1},
		{"main: the first run has none",
			history.BaselineQuery{Branch: "main", Machine: laptop, Exclude: main1}, 0},
		{"other machine",
			history.BaselineQuery{Branch: "feature", Machine: other}, mainOther},
		{"other machine, main's previous",
			history.BaselineQuery{Branch: "main", Machine: other, Exclude: mainOther}, 0},
		{"unknown machine",
			history.BaselineQuery{Branch: "feature", Machine: history.Machine{GOOS: "darwin", GOARCH: "arm64", CPU: "Apple M3", GOMAXPROCS: 8}}, 0},
		{"other baseline branch",
			history.BaselineQuery{Branch: "main", BaselineBranch: "feature", Machine: laptop}, feature},
		{"excluded baseline-branch candidate on another branch",
			history.BaselineQuery{Branch: "feature", Machine: laptop, Exclude: main3}, mainProfile},
		{"other module",
			history.BaselineQuery{Module: "example.com/none", Branch: "feature", Machine: laptop}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.q.BaselineBranch == "" {
				tc.q.BaselineBranch = "main"
			}
			if tc.q.Module == "" {
				tc.q.Module = module
			}
			b, err := s.Baseline(ctx, tc.q)
			if tc.want == 0 {
				checkError(t, err, history.ErrNoBaseline, "no baseline: no ")
				if err != nil && !strings.Contains(err.Error(), tc.q.Machine.String()) {
					t.Errorf("error %q does not name the machine", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if b.ID != tc.want || b.Pinned {
				t.Errorf("Baseline = run %d (pinned %v), want run %d by the rule", b.ID, b.Pinned, tc.want)
			}
		})
	}
	if _, err := s.Baseline(ctx, history.BaselineQuery{Module: module, Branch: "x", Machine: laptop}); err == nil {
		t.Error("Baseline without a baseline branch succeeded")
	}
}

func testPins(t *testing.T, fresh Fresh) {
	s := open(t, fresh(t))
	ctx := context.Background()
	main1 := save(t, s, &history.Run{RunInfo: info("main", laptop)})
	ri := info("release", other)
	ri.Dirty = true
	release := save(t, s, &history.Run{RunInfo: ri})
	main2 := save(t, s, &history.Run{RunInfo: info("main", laptop)})
	q := history.BaselineQuery{Module: module, Branch: "feature", BaselineBranch: "main", Machine: laptop}
	check := func(q history.BaselineQuery, want int64, pinned bool) {
		t.Helper()
		b, err := s.Baseline(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if b.ID != want || b.Pinned != pinned {
			t.Errorf("Baseline = run %d (pinned %v), want run %d (pinned %v)", b.ID, b.Pinned, want, pinned)
		}
	}
	check(q, main2, false)

	// A pin wins over the rule, even for a dirty run on another machine.
	if err := s.Pin(ctx, "main", release); err != nil {
		t.Fatal(err)
	}
	check(q, release, true)
	onMain := q
	onMain.Branch, onMain.Exclude = "main", main2
	check(onMain, release, true)

	// Pinning again replaces the pin.
	if err := s.Pin(ctx, "main", main1); err != nil {
		t.Fatal(err)
	}
	check(q, main1, true)

	// The run compared is never its own baseline, pinned or not.
	self := onMain
	self.Exclude = main1
	if _, err := s.Baseline(ctx, self); !errors.Is(err, history.ErrNoBaseline) {
		t.Errorf("Baseline excluding the pinned first run = %v, want ErrNoBaseline", err)
	}
	q2 := q
	q2.Exclude = main1
	check(q2, main2, false)

	// Pins belong to a module and a branch.
	other := q
	other.Module = "example.com/other"
	if _, err := s.Baseline(ctx, other); !errors.Is(err, history.ErrNoBaseline) {
		t.Errorf("another module's baseline = %v, want ErrNoBaseline", err)
	}
	rel := q
	rel.BaselineBranch = "release"
	if _, err := s.Baseline(ctx, rel); !errors.Is(err, history.ErrNoBaseline) {
		t.Errorf("release's baseline (dirty, other machine, not pinned) = %v, want ErrNoBaseline", err)
	}

	if err := s.Unpin(ctx, module, "main"); err != nil {
		t.Fatal(err)
	}
	check(q, main2, false)
	if err := s.Unpin(ctx, module, "main"); !errors.Is(err, history.ErrNotFound) {
		t.Errorf("second Unpin = %v, want ErrNotFound", err)
	}
	if err := s.Pin(ctx, "", main1); err == nil {
		t.Error("Pin without a branch succeeded")
	}
}

func testSeries(t *testing.T, fresh Fresh) {
	s := open(t, fresh(t))
	ctx := context.Background()
	type want struct {
		id     int64
		center float64
		branch string
	}
	var all []want
	for i := range 6 {
		branch := "main"
		m := laptop
		if i%3 == 2 {
			branch = "dev"
		}
		if i == 4 {
			m = other
		}
		ri := info(branch, m)
		ri.Time = t0.Add(time.Duration(i) * time.Hour)
		ri.Commit = fmt.Sprintf("c%d", i)
		ri.Dirty = i == 1
		c := float64(100 + i)
		b := history.Benchmark{Package: module, Name: "BenchmarkHash", Unit: "sec/op",
			Samples: []float64{c, c}, Summary: history.Summary{Center: c, Lo: c - 1, Hi: c + 1, N: 2}}
		if i == 3 {
			b.Change, b.Regression = float(12.5), true
		}
		r := &history.Run{RunInfo: ri, Benchmarks: []history.Benchmark{b,
			{Package: module, Name: "BenchmarkHash", Unit: "B/op", Samples: []float64{1}, Summary: history.Summary{Center: 1, N: 1}},
			{Package: module + "/x", Name: "BenchmarkHash", Unit: "sec/op", Samples: []float64{1}, Summary: history.Summary{Center: 1, N: 1}},
		}}
		all = append(all, want{save(t, s, r), c, branch})
	}
	series := func(q history.SeriesQuery) []history.Point {
		t.Helper()
		q.Package, q.Name, q.Unit = module, "BenchmarkHash", "sec/op"
		pts, err := s.Series(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		return pts
	}
	pts := series(history.SeriesQuery{})
	if len(pts) != 6 {
		t.Fatalf("Series = %d points, want 6", len(pts))
	}
	for i, p := range pts {
		w := all[i]
		if p.RunID != w.id || p.Center != w.center || p.Lo != w.center-1 || p.Hi != w.center+1 || p.N != 2 ||
			p.Branch != w.branch || p.Commit != fmt.Sprintf("c%d", i) || !p.Time.Equal(t0.Add(time.Duration(i)*time.Hour)) ||
			p.Dirty != (i == 1) || p.Regression != (i == 3) || (p.Change != nil) != (i == 3) {
			t.Errorf("point %d = %+v, want run %d centre %v on %s", i, p, w.id, w.center, w.branch)
		}
	}
	if pts[3].Change == nil || *pts[3].Change != 12.5 {
		t.Errorf("point 3 change = %v, want 12.5", pts[3].Change)
	}
	ids := func(pts []history.Point) (out []int64) {
		for _, p := range pts {
			out = append(out, p.RunID)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		q    history.SeriesQuery
		want []int64
	}{
		{"last 2", history.SeriesQuery{Limit: 2}, []int64{all[4].id, all[5].id}},
		{"branch", history.SeriesQuery{Branch: "main"}, []int64{all[0].id, all[1].id, all[3].id, all[4].id}},
		{"machine", history.SeriesQuery{Branch: "main", Machine: &laptop, Limit: 2}, []int64{all[1].id, all[3].id}},
		{"module", history.SeriesQuery{Module: "example.com/other"}, nil},
	} {
		if got := ids(series(tc.q)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: Series = %v, want %v", tc.name, got, tc.want)
		}
	}
	pts, err := s.Series(ctx, history.SeriesQuery{Package: module, Name: "BenchmarkNone", Unit: "sec/op"})
	if err != nil || len(pts) != 0 {
		t.Errorf("Series of an unknown benchmark = %v, %v; want nothing", pts, err)
	}
}

func testScoreSeries(t *testing.T, fresh Fresh) {
	s := open(t, fresh(t))
	ctx := context.Background()
	var ids []int64
	for i := range 5 {
		ri := info("main", laptop)
		if i == 2 {
			ri.Branch = "dev"
		}
		if i != 1 {
			ri.Score = float(float64(60 + 10*i))
		}
		ri.Time = t0.Add(time.Duration(i) * time.Minute)
		ids = append(ids, save(t, s, &history.Run{RunInfo: ri}))
	}
	for _, tc := range []struct {
		name   string
		q      history.ScoreQuery
		ids    []int64
		scores []float64
	}{
		{"all scored", history.ScoreQuery{}, []int64{ids[0], ids[2], ids[3], ids[4]}, []float64{60, 80, 90, 100}},
		{"branch", history.ScoreQuery{Module: module, Branch: "main"}, []int64{ids[0], ids[3], ids[4]}, []float64{60, 90, 100}},
		{"last 2", history.ScoreQuery{Limit: 2}, []int64{ids[3], ids[4]}, []float64{90, 100}},
		{"machine", history.ScoreQuery{Machine: &other}, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pts, err := s.ScoreSeries(ctx, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			var gotIDs []int64
			var gotScores []float64
			for _, p := range pts {
				gotIDs = append(gotIDs, p.RunID)
				gotScores = append(gotScores, p.Score)
				if p.Commit != info("", laptop).Commit || p.Time.IsZero() {
					t.Errorf("point %+v lacks its run's commit or time", p)
				}
			}
			if !reflect.DeepEqual(gotIDs, tc.ids) || !reflect.DeepEqual(gotScores, tc.scores) {
				t.Errorf("ScoreSeries = %v %v, want %v %v", gotIDs, gotScores, tc.ids, tc.scores)
			}
		})
	}
}

func testAttachments(t *testing.T, fresh Fresh) {
	s := open(t, fresh(t))
	ctx := context.Background()
	r := fullRun()
	id := save(t, s, r)
	for _, want := range r.Attachments {
		got, err := s.Attachment(ctx, id, want.Name)
		if err != nil {
			t.Fatal(err)
		}
		want.Size = int64(len(want.Data))
		if want.Data == nil {
			want.Data = []byte{}
		}
		if !reflect.DeepEqual(got, &want) {
			t.Errorf("Attachment(%q) = %+v, want %+v", want.Name, got, want)
		}
	}
	other := save(t, s, &history.Run{RunInfo: info("main", laptop)})
	_, err := s.Attachment(ctx, other, "cpu.pprof")
	checkError(t, err, history.ErrNotFound, "not found")
}

func testReopen(t *testing.T, fresh Fresh) {
	dsn := fresh(t)
	s, err := history.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	r := fullRun()
	id := save(t, s, r)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = open(t, dsn)
	got, err := s.Run(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, got, stored(r, id))
}

// testConcurrentOpen opens one fresh store from several pools at once: they
// race to create the schema, and all must succeed.
func testConcurrentOpen(t *testing.T, fresh Fresh) {
	dsn := fresh(t)
	const n = 8
	stores := make([]history.Store, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			stores[i], errs[i] = history.Open(context.Background(), dsn)
		})
	}
	close(start)
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Errorf("Open %d: %v", i, errs[i])
			continue
		}
		defer stores[i].Close()
		if _, err := stores[i].Save(context.Background(), numberedRun(i, 0)); err != nil {
			t.Errorf("Save through store %d: %v", i, err)
		}
	}
}

func testConcurrentGoroutines(t *testing.T, fresh Fresh) {
	s := open(t, fresh(t))
	const writers, each = 6, 5
	var wg sync.WaitGroup
	ids := make(chan int64, writers*each)
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				r := numberedRun(w, i)
				id, err := s.Save(context.Background(), r)
				if err != nil {
					t.Error(err)
					return
				}
				ids <- id
			}
		})
	}
	wg.Wait()
	close(ids)
	verifyNumbered(t, s, writers, each, ids)
}

// numberedRun is run i of writer w: its commit and benchmarks say which.
func numberedRun(w, i int) *history.Run {
	ri := info(fmt.Sprintf("writer-%d", w), laptop)
	ri.Commit = fmt.Sprintf("w%d-r%d", w, i)
	r := &history.Run{RunInfo: ri}
	for b := range 4 {
		v := float64(1000*w + 10*i + b)
		r.Benchmarks = append(r.Benchmarks, history.Benchmark{
			Package: module, Name: fmt.Sprintf("BenchmarkW%d/n=%d", w, b), Unit: "sec/op",
			Samples: []float64{v, v, v, v, v, v}, Summary: history.Summary{Center: v, Lo: v, Hi: v, N: 6},
		})
	}
	r.Attachments = []history.Attachment{{Name: "a", Kind: "k", MediaType: "text/plain", Data: []byte(ri.Commit)}}
	return r
}

// verifyNumbered checks that every numbered run of writers × each was stored
// whole, once, under the ids received.
func verifyNumbered(t testing.TB, s history.Store, writers, each int, ids <-chan int64) {
	t.Helper()
	ctx := context.Background()
	seen := map[int64]bool{}
	for id := range ids {
		if seen[id] {
			t.Errorf("id %d given twice", id)
		}
		seen[id] = true
	}
	infos, err := s.Runs(ctx, history.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(infos) != writers*each || len(seen) != writers*each {
		t.Fatalf("store holds %d runs, writers got %d ids; want %d", len(infos), len(seen), writers*each)
	}
	commits := map[string]bool{}
	for _, ri := range infos {
		if !seen[ri.ID] {
			t.Errorf("run %d was stored but no writer got its id", ri.ID)
		}
		var w, i int
		if _, err := fmt.Sscanf(ri.Commit, "w%d-r%d", &w, &i); err != nil {
			t.Fatalf("run %d: commit %q: %v", ri.ID, ri.Commit, err)
		}
		commits[ri.Commit] = true
		got, err := s.Run(ctx, ri.ID)
		if err != nil {
			t.Fatal(err)
		}
		equal(t, got, stored(numberedRun(w, i), ri.ID))
	}
	if len(commits) != writers*each {
		t.Errorf("%d distinct runs stored, want %d", len(commits), writers*each)
	}
}

// NewRun returns a run of benchmarks × units benchmark metrics with samples
// samples each, a report and a small attachment: the shape of a real
// perf:bench run, for benchmarks of Save.
func NewRun(benchmarks, units, samples int) *history.Run {
	ri := info("main", laptop)
	r := &history.Run{RunInfo: ri, Report: &report.Report{Timestamp: t0, Module: module}}
	unitNames := []string{"sec/op", "B/op", "allocs/op", "p99-sec/op", "queries/op"}
	for b := range benchmarks {
		name := fmt.Sprintf("BenchmarkOp%d/n=%d", b/10, 1<<(b%10))
		for u := range units {
			unit := unitNames[u%len(unitNames)]
			if u >= len(unitNames) {
				unit = fmt.Sprintf("custom%d/op", u)
			}
			bm := history.Benchmark{Package: module + "/pkg", Name: name, Unit: unit}
			for i := range samples {
				bm.Samples = append(bm.Samples, float64(1000+b*7+u*3+i%5)*1e-9)
			}
			c := bm.Samples[len(bm.Samples)/2]
			bm.Summary = history.Summary{Center: c, Lo: c * 0.98, Hi: c * 1.02, N: samples}
			bm.Change, bm.PValue = float(1.5), float(0.4)
			r.Benchmarks = append(r.Benchmarks, bm)
			r.Report.Benchmarks = append(r.Report.Benchmarks, report.Benchmark{
				Name: name, Package: bm.Package, Unit: unit, Current: c, Baseline: float(c), Change: float(1.5), PValue: float(0.4)})
		}
	}
	r.Attachments = []history.Attachment{{Name: "calibration.json", Kind: history.KindCalibration, MediaType: "application/json", Data: []byte(`{}`)}}
	return r
}
