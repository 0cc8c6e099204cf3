package perftest_test

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/perf/benchfmt"

	"github.com/choragen/choragen/perf"
	"github.com/choragen/choragen/perf/perftest"
)

// The counted operations of these tests.
var (
	loop perf.Counter
	rec  perf.Recursion
)

// scan "iterates" ten times.
func scan() { loop.Add(10) }

// descend recurses to depth n.
func descend(n int) {
	rec.Enter()
	defer rec.Leave()
	if n > 1 {
		descend(n - 1)
	}
}

// hash uses CPU time however busy the machine is.
func hash() {
	data := make([]byte, 64<<10)
	sum := sha256.Sum256(data)
	data[0] = sum[0]
}

// tempWriter returns a function that writes 100 bytes to a temporary file
// in one system call.
func tempWriter(t testing.TB) func() {
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	rec := make([]byte, 100)
	return func() { f.Write(rec) }
}

func hasIO() bool { return perf.ReadUsage().HasIO }

func TestAssertContractResources(t *testing.T) {
	write := tempWriter(t)
	for _, tc := range []struct {
		name  string
		limit perf.Limit
		f     func()
		want  string // the failure, or "" to pass; "prefix…" matches a prefix
		io    bool   // needs the I/O counters
	}{
		{"iterations kept", perf.Iterations{Max: 10, Counter: &loop}, scan, "", false},
		{"iterations broken", perf.Iterations{Max: 9, Counter: &loop}, scan,
			"perftest: iterations:example.com/x.F: 10 iterations per call > max 9 (fewest of 2 rounds of 20 calls)", false},
		{"depth kept", perf.Depth{Max: 5, Recursion: &rec}, func() { descend(5) }, "", false},
		{"depth broken", perf.Depth{Max: 4, Recursion: &rec}, func() { descend(5) },
			"perftest: depth:example.com/x.F: depth 5 > max 4 (deepest call, fewest of 2 rounds of 20 calls)", false},
		{"cpu kept", perf.CPU{Max: time.Hour}, hash, "", false},
		{"cpu broken", perf.CPU{Max: time.Nanosecond}, hash, "perftest: cpu:example.com/x.F: cpu …", false},
		{"syscalls kept", perf.Syscalls{Max: 1}, write, "", true},
		{"syscalls broken", perf.Syscalls{Max: 0}, write,
			"perftest: syscalls:example.com/x.F: 1 syscalls per call > max 0 (fewest of 2 rounds of 20 calls)", true},
		{"io bytes kept", perf.IOBytes{Max: 100}, write, "", true},
		{"io bytes broken", perf.IOBytes{Max: 99}, write,
			"perftest: io-bytes:example.com/x.F: 100 B per call > max 99 (fewest of 2 rounds of 20 calls)", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.io && !hasIO() {
				t.Skipf("%s does not count I/O", runtime.GOOS)
			}
			col := perf.NewCollector(perf.CollectorOpts{})
			c, err := col.NewContract("example.com/x.F", tc.limit)
			if err != nil {
				t.Fatal(err)
			}
			r := &recorder{}
			perftest.AssertContract(r, c, tc.f, quick...)
			if prefix, ok := strings.CutSuffix(tc.want, "…"); ok {
				if len(r.errors) != 1 || !strings.HasPrefix(r.errors[0], prefix) {
					t.Fatalf("errors %q, want one starting %q", r.errors, prefix)
				}
			} else {
				check(t, r, tc.want)
			}
			vs := col.Violations()
			if tc.want == "" {
				if len(vs) != 0 {
					t.Errorf("violations %v", vs)
				}
				return
			}
			if len(vs) != 1 || vs[0].ContractID != c.ID(tc.limit) || vs[0].Measured <= vs[0].Threshold || vs[0].Context["test"] != "TestRecorded" {
				t.Errorf("violations %+v, want one for %s", vs, c.ID(tc.limit))
			}
		})
	}
}

// TestAssertContractResourcesUnmeasured: where the system gives no I/O
// counts, an I/O limit is logged as unmeasured, neither passed silently
// nor failed.
func TestAssertContractResourcesUnmeasured(t *testing.T) {
	if hasIO() {
		t.Skip("this system counts I/O")
	}
	c := perf.MustContract("example.com/x.F", perf.Syscalls{Max: 0})
	r := &recorder{}
	perftest.AssertContract(r, c, nothing, quick...)
	if len(r.errors) != 0 || len(r.logs) != 1 || !strings.Contains(r.logs[0], "unmeasured") {
		t.Errorf("errors %q, logs %q; want one log saying unmeasured", r.errors, r.logs)
	}
}

func TestReportCounts(t *testing.T) {
	shortBench(t)
	var queries perf.Counter
	r := testing.Benchmark(func(b *testing.B) {
		perftest.ReportIterations(b, &loop)
		perftest.ReportDepth(b, &rec)
		perftest.ReportCounter(b, "queries/op", queries.Load)
		n := 0
		for b.Loop() {
			scan()
			descend(4)
			queries.Add(3)
			n++
		}
		perftest.ReportCount(b, "requests/op", int64(2*n))
	})
	for unit, want := range map[string]float64{"iterations/op": 10, "depth/op": 4, "queries/op": 3, "requests/op": 2} {
		if got, ok := r.Extra[unit]; !ok || got != want {
			t.Errorf("%s = %v (reported %v), want %v; all: %v", unit, got, ok, want, r.Extra)
		}
	}
}

func TestReportCountBadUnit(t *testing.T) {
	shortBench(t)
	for _, unit := range []string{"queries", "/op", "queries per/op", ""} {
		r := testing.Benchmark(func(b *testing.B) {
			for b.Loop() {
			}
			perftest.ReportCount(b, unit, 1)
		})
		if r.N != 0 {
			t.Errorf("ReportCount(%q) did not fail the benchmark: %v", unit, r)
		}
	}
}

// TestReportUsage: the runtime itself now and then writes and reads 8
// bytes to wake its network poller, which process-wide counters see, so
// the exact figures are asked of the best of three runs.
func TestReportUsage(t *testing.T) {
	shortBench(t)
	write := tempWriter(t)
	var r testing.BenchmarkResult
	for range 3 {
		r = testing.Benchmark(func(b *testing.B) {
			perftest.ReportUsage(b)
			for b.Loop() {
				hash()
				write()
			}
		})
		if r.Extra["syscalls/op"] == 1 && r.Extra["io-bytes/op"] == 100 {
			break
		}
	}
	if cpu, ok := r.Extra["cpu-ns/op"]; runtime.GOOS != "windows" && (!ok || cpu <= 0) {
		t.Errorf("cpu-ns/op %v (reported %v), want more than 0; all: %v", cpu, ok, r.Extra)
	}
	if !hasIO() {
		if _, ok := r.Extra["syscalls/op"]; ok {
			t.Errorf("syscalls/op reported where I/O is not counted: %v", r.Extra)
		}
		return
	}
	if r.Extra["syscalls/op"] != 1 || r.Extra["io-bytes/op"] != 100 {
		t.Errorf("syscalls/op %v, io-bytes/op %v; want 1 and 100", r.Extra["syscalls/op"], r.Extra["io-bytes/op"])
	}
}

// Kept reachable by the peak heap tests' operations.
var kept [][]byte

func TestReportPeakHeap(t *testing.T) {
	shortBench(t)
	for _, tc := range []struct {
		name     string
		op       func()
		min, max float64
	}{
		// 64 blocks of 64 KiB left reachable: 4 MiB found by the last
		// collection.
		{"retained", func() {
			if len(kept) < 64 {
				kept = append(kept, make([]byte, 64<<10))
			}
		}, 4 << 20, 6 << 20},
		{"nothing", nothing, 0, 64 << 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			kept = nil
			defer func() { kept = nil }()
			r := testing.Benchmark(func(b *testing.B) {
				perftest.ReportPeakHeap(b)
				for b.Loop() {
					tc.op()
				}
			})
			got, ok := r.Extra["peak-heap-B"]
			if !ok || got < tc.min || got > tc.max {
				t.Errorf("peak-heap-B %v (reported %v), want %v to %v", got, ok, tc.min, tc.max)
			}
		})
	}
}

// workingSet holds 8 MiB while it runs, and drops it.
func workingSet() {
	b := make([]byte, 8<<20)
	for i := 0; i < len(b); i += 4096 {
		b[i] = 1
	}
	sink = b[:1]
	sink = nil
}

// BenchmarkChildHeap is run by TestReportPeakHeapExact in a child process.
func BenchmarkChildHeap(b *testing.B) {
	if os.Getenv("PERFTEST_CHILD") != "heap" {
		b.Skip("run by TestReportPeakHeapExact")
	}
	op := map[string]func(){"workingSet": workingSet, "garbage": garbage}[os.Getenv("PERFTEST_OP")]
	perftest.ReportPeakHeap(b)
	for b.Loop() {
		op()
	}
}

// TestReportPeakHeapExact: with collections that stop the world while they
// mark (GODEBUG=gcstoptheworld=1), there is no floating garbage: an
// operation that holds 8 MiB reads as 8 MiB, one that makes only garbage
// as nothing.
func TestReportPeakHeapExact(t *testing.T) {
	for _, tc := range []struct {
		op       string
		min, max float64
	}{
		{"workingSet", 8 << 20, 8<<20 + 256<<10},
		{"garbage", 0, 64 << 10},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^$", "-test.bench=^BenchmarkChildHeap$", "-test.benchtime=20x", "-test.count=2")
		cmd.Env = append(os.Environ(), "PERFTEST_CHILD=heap", "PERFTEST_OP="+tc.op, "GODEBUG=gcstoptheworld=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("child: %v\n%s", err, out)
		}
		br := benchfmt.NewReader(bytes.NewReader(out), "child")
		results := 0
		for br.Scan() {
			if rec, ok := br.Result().(*benchfmt.Result); ok {
				results++
				if v, ok := rec.Value("peak-heap-B"); !ok || v < tc.min || v > tc.max {
					t.Errorf("%s: peak-heap-B %v (reported %v), want %v to %v", tc.op, v, ok, tc.min, tc.max)
				}
			}
		}
		if results != 2 {
			t.Errorf("%s: %d results, want 2:\n%s", tc.op, results, out)
		}
	}
}

// The operations of BenchmarkChild.
var (
	childLoop    perf.Counter
	childQueries perf.Counter
)

// BenchmarkChild is run by TestBenchmarkOutput in a child process.
func BenchmarkChild(b *testing.B) {
	if os.Getenv("PERFTEST_CHILD") != "bench" {
		b.Skip("run by TestBenchmarkOutput")
	}
	write := tempWriter(b)
	perftest.ReportUsage(b)
	perftest.ReportIterations(b, &childLoop)
	perftest.ReportDepth(b, &rec)
	perftest.ReportCounter(b, "queries/op", childQueries.Load)
	for b.Loop() {
		childLoop.Add(7)
		descend(3)
		childQueries.Inc()
		write()
	}
}

// TestBenchmarkOutput runs BenchmarkChild in a child process, as go test
// -bench does, and reads its output with benchfmt: the exact counts come
// with their unit metadata, no result line is broken by it, and the unit
// lines are left out of syscalls/op.
//
// The runtime's own I/O (see TestReportUsage) can land in any run, so a
// child whose I/O figures are off is run again, up to three times in all.
func TestBenchmarkOutput(t *testing.T) {
	for _, verbose := range []bool{false, true} {
		var (
			out      []byte
			br       *benchfmt.Reader
			results  int
			problems []string
		)
		for try := 0; try < 3 && (try == 0 || len(problems) > 0); try++ {
			cmd := exec.Command(os.Args[0], "-test.run=^$", "-test.bench=^BenchmarkChild$", "-test.benchtime=20x", "-test.count=3",
				"-test.v="+map[bool]string{false: "false", true: "true"}[verbose])
			cmd.Env = append(os.Environ(), "PERFTEST_CHILD=bench")
			var err error
			out, err = cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("child: %v\n%s", err, out)
			}
			br = benchfmt.NewReader(bytes.NewReader(out), "child")
			results, problems = 0, nil
			for br.Scan() {
				switch rec := br.Result().(type) {
				case *benchfmt.SyntaxError:
					t.Errorf("-v=%v: %v", verbose, rec)
				case *benchfmt.Result:
					results++
					want := map[string]float64{"iterations/op": 7, "depth/op": 3, "queries/op": 1}
					if hasIO() {
						want["syscalls/op"], want["io-bytes/op"] = 1, 100
					}
					for unit, w := range want {
						if v, ok := rec.Value(unit); !ok || v != w {
							problems = append(problems, fmt.Sprintf("-v=%v: %s = %v (reported %v), want %v in %s", verbose, unit, v, ok, w, rec.Name))
						}
					}
				}
			}
			if err := br.Err(); err != nil {
				t.Fatal(err)
			}
		}
		for _, p := range problems {
			t.Error(p)
		}
		if results != 3 {
			t.Errorf("-v=%v: %d results, want 3:\n%s", verbose, results, out)
		}
		units := br.Units()
		for _, unit := range []string{"iterations/op", "depth/op", "queries/op"} {
			if units.GetAssumption(unit).SummaryLabel() != "exact" || units.GetBetter(unit) != -1 {
				t.Errorf("-v=%v: unit %s not announced exact and lower-is-better: %v", verbose, unit, units)
			}
		}
		if n := strings.Count(string(out), "Unit iterations/op "); n != 1 {
			t.Errorf("-v=%v: the unit line is printed %d times, want once:\n%s", verbose, n, out)
		}
	}
}
