package perftest_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/choragen/choragen/internal/race"
	"github.com/choragen/choragen/perf"
	"github.com/choragen/choragen/perf/perftest"
)

func TestMain(m *testing.M) { perftest.Main(m) }

// recorder is a TB that keeps what the assertions say.
type recorder struct {
	errors, logs []string
}

func (r *recorder) Helper()      {}
func (r *recorder) Name() string { return "TestRecorded" }
func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
func (r *recorder) Logf(format string, args ...any) {
	r.logs = append(r.logs, fmt.Sprintf(format, args...))
}

var sink []byte

func alloc64() { sink = make([]byte, 64) }
func nothing() {}
func sleep()   { time.Sleep(time.Millisecond) }

// quick keeps assertions on sleeping functions short.
var quick = []perftest.Option{perftest.Calls(20), perftest.Rounds(2)}

func TestMemoryPerCallAllocs(t *testing.T) {
	if race.Enabled {
		t.Skip("allocation counts differ under -race")
	}
	for _, tc := range []struct {
		name          string
		f             func()
		bytes, allocs float64
	}{
		{"nothing", nothing, 0, 0},
		{"64 bytes", alloc64, 64, 1},
		{"two of 64 bytes", func() { alloc64(); alloc64() }, 128, 2},
		{"every other call", func() func() {
			n := 0
			return func() {
				if n++; n%2 == 0 {
					alloc64()
				}
			}
		}(), 32, 0.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, a := perftest.MemoryPerCall(tc.f)
			if b != tc.bytes || a != tc.allocs {
				t.Errorf("MemoryPerCall = %v B, %v allocs; want %v B, %v allocs", b, a, tc.bytes, tc.allocs)
			}
		})
	}
}

func TestAssertAllocs(t *testing.T) {
	if race.Enabled {
		t.Skip("allocation counts differ under -race")
	}
	for _, tc := range []struct {
		name   string
		assert func(perftest.TB)
		want   string // the failure, or "" to pass
	}{
		{"allocs kept", func(r perftest.TB) { perftest.AssertAllocs(r, 1, alloc64) }, ""},
		{"allocs broken", func(r perftest.TB) { perftest.AssertAllocs(r, 0, alloc64) },
			"perftest: 1 allocs per call > max 0 (fewest of 5 rounds of 100 calls)"},
		{"bytes kept", func(r perftest.TB) { perftest.AssertBytes(r, 64, alloc64) }, ""},
		{"bytes broken", func(r perftest.TB) { perftest.AssertBytes(r, 63, alloc64, perftest.Calls(10), perftest.Rounds(3)) },
			"perftest: 64 B per call > max 63 (fewest of 3 rounds of 10 calls)"},
		{"zero kept", func(r perftest.TB) { perftest.AssertAllocs(r, 0, nothing) }, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &recorder{}
			tc.assert(r)
			check(t, r, tc.want)
		})
	}
}

// TestMemoryAdvisoryUnderRace: with -race, a broken memory limit is logged.
func TestMemoryAdvisoryUnderRace(t *testing.T) {
	if !race.Enabled {
		t.Skip("only under -race")
	}
	r := &recorder{}
	perftest.AssertAllocs(r, 0, alloc64)
	if len(r.errors) != 0 || len(r.logs) != 1 || !strings.HasSuffix(r.logs[0], "(advisory under -race)") {
		t.Errorf("errors %q, logs %q; want one advisory log", r.errors, r.logs)
	}
}

func check(t *testing.T, r *recorder, want string) {
	t.Helper()
	switch {
	case want == "" && len(r.errors) > 0:
		t.Errorf("failed: %q", r.errors)
	case want != "" && (len(r.errors) != 1 || r.errors[0] != want):
		t.Errorf("errors %q, want [%q]", r.errors, want)
	}
}

func TestAssertLatency(t *testing.T) {
	for _, tc := range []struct {
		name   string
		lim    perf.Latency
		f      func()
		prefix string // of the failure, or "" to pass
	}{
		{"mean kept", perf.Latency{Max: time.Hour}, nothing, ""},
		{"p99 kept", perf.Latency{Max: time.Hour, Percentile: 99}, nothing, ""},
		{"mean broken", perf.Latency{Max: time.Microsecond}, sleep, "perftest: mean "},
		{"p90 broken", perf.Latency{Max: time.Microsecond, Percentile: 90}, sleep, "perftest: p90 "},
		{"invalid", perf.Latency{}, nothing, "perftest: invalid latency limit: max 0s, percentile 0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &recorder{}
			perftest.AssertLatency(r, tc.lim, tc.f, quick...)
			if tc.prefix == "" {
				check(t, r, "")
				return
			}
			if len(r.errors) != 1 || !strings.HasPrefix(r.errors[0], tc.prefix) {
				t.Fatalf("errors %q, want one starting %q", r.errors, tc.prefix)
			}
			if tc.lim.Max > 0 && !strings.HasSuffix(r.errors[0], " > max 1µs (quietest of 2 rounds of 20 calls)") {
				t.Errorf("error %q does not give the threshold and the rounds", r.errors[0])
			}
		})
	}
}

func TestLatencyPerCall(t *testing.T) {
	for _, p := range []float64{0, 50, 99} {
		if d := perftest.LatencyPerCall(sleep, p, quick...); d < time.Millisecond {
			t.Errorf("LatencyPerCall(sleep 1ms, p%v) = %v, want at least 1ms", p, d)
		}
	}
}

func TestAssertContract(t *testing.T) {
	col := perf.NewCollector(perf.CollectorOpts{})
	c, err := col.NewContract("example.com/x.F", perf.Latency{Max: time.Microsecond, Percentile: 50}, perf.Allocs{Max: 0}, perf.Bytes{Max: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	r := &recorder{}
	perftest.AssertContract(r, c, func() { sleep(); alloc64() }, quick...)
	wantErrors, wantViolations := 2, []string{"latency@p50:example.com/x.F", "allocs:example.com/x.F"}
	if race.Enabled { // the allocs limit is advisory
		wantErrors, wantViolations = 1, wantViolations[:1]
	}
	if len(r.errors) != wantErrors || !strings.HasPrefix(r.errors[0], "perftest: latency@p50:example.com/x.F: p50 ") {
		t.Fatalf("errors %q", r.errors)
	}
	if wantErrors == 2 && r.errors[1] != "perftest: allocs:example.com/x.F: 1 allocs per call > max 0 (fewest of 2 rounds of 20 calls)" {
		t.Errorf("allocs error %q", r.errors[1])
	}
	vs := col.Violations()
	if len(vs) != len(wantViolations) {
		t.Fatalf("%d violations recorded, want %d: %v", len(vs), len(wantViolations), vs)
	}
	for i, v := range vs {
		if v.ContractID != wantViolations[i] || v.Context["test"] != "TestRecorded" || v.Samples != 20 {
			t.Errorf("violation %+v", v)
		}
	}
	r = &recorder{}
	perftest.AssertContract(r, nil, nothing)
	if len(r.errors) != 1 {
		t.Errorf("AssertContract(nil) errors %q", r.errors)
	}
}

// shortBench makes testing.Benchmark run for 50ms instead of 1s.
func shortBench(t *testing.T) {
	f := flag.Lookup("test.benchtime")
	old := f.Value.String()
	f.Value.Set("50ms")
	t.Cleanup(func() { f.Value.Set(old) })
}

func checkPercentiles(t *testing.T, r testing.BenchmarkResult, atLeast float64) {
	t.Helper()
	p50, p95, p99 := r.Extra["p50-ns/op"], r.Extra["p95-ns/op"], r.Extra["p99-ns/op"]
	if p50 < atLeast || p95 < p50 || p99 < p95 {
		t.Errorf("p50 %v, p95 %v, p99 %v ns/op; want increasing from at least %v (all: %v)", p50, p95, p99, atLeast, r.Extra)
	}
}

func TestPercentiles(t *testing.T) {
	shortBench(t)
	r := testing.Benchmark(func(b *testing.B) { perftest.Percentiles(b, sleep) })
	checkPercentiles(t, r, 1e6)
}

func TestSampler(t *testing.T) {
	shortBench(t)
	t.Run("b.Loop", func(t *testing.T) {
		r := testing.Benchmark(func(b *testing.B) {
			s := perftest.NewSampler(b)
			for b.Loop() {
				s.Start()
				sleep()
				s.Stop()
			}
		})
		checkPercentiles(t, r, 1e6)
	})
	t.Run("b.N", func(t *testing.T) {
		r := testing.Benchmark(func(b *testing.B) {
			s := perftest.NewSampler(b)
			for range b.N {
				s.Record(2 * time.Millisecond)
			}
		})
		checkPercentiles(t, r, 1.9e6)
	})
	t.Run("no calls", func(t *testing.T) {
		r := testing.Benchmark(func(b *testing.B) { perftest.NewSampler(b) })
		if len(r.Extra) != 0 {
			t.Errorf("a sampler without calls reported %v", r.Extra)
		}
	})
}

// TestMainWritesViolations runs this test binary again as a child that
// breaks a contract, and reads the file perftest.Main writes as it exits.
func TestMainWritesViolations(t *testing.T) {
	if os.Getenv("PERFTEST_CHILD") == "1" {
		timer := perf.StartTimer("example.com/x.Child")
		time.Sleep(time.Millisecond)
		_ = perf.AssertLatency(timer, time.Microsecond)
		return
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestMainWritesViolations$")
	cmd.Env = append(os.Environ(), "PERFTEST_CHILD=1", perf.OutEnv+"="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	name := filepath.Join(dir, "github.com_choragen_choragen_perf_perftest."+strconv.Itoa(cmd.Process.Pid)+".json")
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Package    string
		PID        int
		Dropped    int
		Violations []struct {
			ContractID string
			Measured   float64
			Threshold  float64
			Timestamp  time.Time
		}
	}
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	if f.Package != "github.com/choragen/choragen/perf/perftest" || f.PID != cmd.Process.Pid || len(f.Violations) != 1 {
		t.Fatalf("file %s", data)
	}
	if v := f.Violations[0]; v.ContractID != "latency:example.com/x.Child" || v.Measured <= v.Threshold || v.Timestamp.IsZero() {
		t.Errorf("violation %+v", v)
	}

	// A directory that cannot be written fails a passing test binary.
	cmd = exec.Command(os.Args[0], "-test.run=^TestMainWritesViolations$")
	cmd.Env = append(os.Environ(), "PERFTEST_CHILD=1", perf.OutEnv+"="+filepath.Join(dir, "missing"))
	out, err := cmd.CombinedOutput()
	if cmd.ProcessState.ExitCode() != 1 || !strings.Contains(string(out), "perftest: write violations:") {
		t.Errorf("child with a missing directory: %v, exit %d\n%s", err, cmd.ProcessState.ExitCode(), out)
	}
}

func TestRoundsFitBudget(t *testing.T) {
	calls := 0
	slow := func() { calls++; time.Sleep(50 * time.Millisecond) }
	// At least 50ms × 20 calls a round: 1 or 2 rounds fit the 2s budget.
	d := perftest.LatencyPerCall(slow, 0, perftest.Calls(20))
	if d < 50*time.Millisecond || calls != 1+20 && calls != 1+2*20 {
		t.Errorf("latency %v after %d calls; want at least 50ms after the warm-up and 1 or 2 rounds of 20", d, calls)
	}
}
