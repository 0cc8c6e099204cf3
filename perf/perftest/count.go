package perftest

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/choragen/choragen/perf"
)

// ReportIterations reports what c counted per operation of the benchmark,
// as the exact metric iterations/op, which //perf:iterations judges. Call
// it right before the benchmark's loop: it counts from the call to the end
// of the benchmark function.
//
//	var scanLoop perf.Counter // Scan adds its loop's iterations
//
//	func BenchmarkScan(b *testing.B) {
//		items := fixture(1000)
//		perftest.ReportIterations(b, &scanLoop)
//		for b.Loop() {
//			Scan(items, "q")
//		}
//	}
func ReportIterations(b *testing.B, c *perf.Counter) {
	b.Helper()
	ReportCounter(b, "iterations/op", c.Load)
}

// ReportDepth reports the deepest that calls measured by r went during the
// benchmark, as the exact metric depth/op, which //perf:depth judges. Call
// it right before the benchmark's loop.
//
// Note: depth does not add up over calls, so depth/op is the deepest any
// operation went, not a total divided by b.N.
func ReportDepth(b *testing.B, r *perf.Recursion) {
	b.Helper()
	const unit = "depth/op"
	announceExact(unit)
	r.ResetMax()
	b.Cleanup(func() { b.ReportMetric(float64(r.Max()), unit) })
}

// ReportCounter reports an exact count per operation of the benchmark,
// under unit ("queries/op", "requests/op", "cache-misses/op"): read is
// called now and when the benchmark function returns, and the difference
// divided by b.N is reported. Call it right before the benchmark's loop.
// This is how packages that count (perfsql's queries, perfhttp's requests,
// a perf.Counter) report to choragen:
//
//	perftest.ReportCounter(b, "queries/op", db.Queries)
//
// The unit is announced as exact and lower-is-better (see ReportCount).
func ReportCounter(b *testing.B, unit string, read func() int64) {
	b.Helper()
	if !checkCountUnit(b, unit) {
		return
	}
	announceExact(unit)
	start := read()
	b.Cleanup(func() { b.ReportMetric(float64(read()-start)/float64(b.N), unit) })
}

// ReportCount reports total, a count over all b.N operations of the
// benchmark, as total/b.N under unit, which must end in "/op". Call it
// after the benchmark's loop, when b.N is the number of operations.
//
// The unit is announced to benchmark readers as an exact count where lower
// is better: the first time a process reports it while running
// benchmarks, it prints
//
//	Unit queries/op assume=exact better=lower
//
// which golang.org/x/perf/benchfmt (and so benchstat and choragen) reads as
// the unit's metadata: repeated runs of an exact count are compared as
// they are, without statistics. Use it for counts that are the same for
// every operation; a count that varies (a cache that sometimes misses) is
// better reported with b.ReportMetric.
func ReportCount(b *testing.B, unit string, total int64) {
	b.Helper()
	if !checkCountUnit(b, unit) {
		return
	}
	if b.N <= 0 {
		b.Errorf("perftest: ReportCount(%q) before the benchmark's loop ended (b.N is %d)", unit, b.N)
		return
	}
	announceExact(unit)
	b.ReportMetric(float64(total)/float64(b.N), unit)
}

func checkCountUnit(b *testing.B, unit string) bool {
	b.Helper()
	if !strings.HasSuffix(unit, "/op") || strings.ContainsAny(unit, " \t\n") || len(unit) == len("/op") {
		b.Errorf("perftest: unit %q: a count per operation is a word ending in /op, such as queries/op", unit)
		return false
	}
	return true
}

// announced holds the units whose metadata line this process printed.
var announced struct {
	sync.Mutex
	units map[string]bool
	out   io.Writer   // test seam; nil: os.Stdout
	bench func() bool // test seam; nil: benchmarking
}

// announceExact prints the unit metadata line of an exact count, once per
// process and only while `go test -bench` runs benchmarks, where the
// benchmark format is read (anywhere else, an example's output or a
// test's log, it would be noise).
//
// Note: the testing package offers no way to write unit metadata. Writing
// the line to standard output works because a benchmark function first
// runs (b.N = 1) before the testing package prints the benchmark's name,
// so the line stands alone; go test -json passes it on as output, which
// choragen rejoins before reading.
func announceExact(unit string) {
	announced.Lock()
	defer announced.Unlock()
	bench := announced.bench
	if bench == nil {
		bench = benchmarking
	}
	if announced.units[unit] || !bench() {
		return
	}
	if announced.units == nil {
		announced.units = map[string]bool{}
	}
	announced.units[unit] = true
	line := fmt.Sprintf("Unit %s assume=exact better=lower\n", unit)
	if announced.out != nil {
		io.WriteString(announced.out, line)
		return
	}
	if n, _ := io.WriteString(os.Stdout, line); n > 0 {
		own.wrote(n) // one write system call, which ReportUsage leaves out
	}
}

// benchmarking reports whether the test binary runs benchmarks
// (-test.bench set).
func benchmarking() bool {
	f := flag.Lookup("test.bench")
	return f != nil && f.Value.String() != ""
}
