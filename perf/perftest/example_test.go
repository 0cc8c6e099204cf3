package perftest_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/choragen/choragen/perf"
	"github.com/choragen/choragen/perf/perftest"
)

// exampleTB stands in for the *testing.T that a test would pass.
type exampleTB struct{ failed bool }

func (t *exampleTB) Helper()               {}
func (t *exampleTB) Name() string          { return "TestExample" }
func (t *exampleTB) Errorf(string, ...any) { t.failed = true }
func (t *exampleTB) Logf(string, ...any)   {}

var upper = perf.MustContract("example.com/text.Upper",
	perf.Latency{Max: 100 * time.Millisecond, Percentile: 99},
	perf.Bytes{Max: 64})

func ExampleAssertContract() {
	t := &exampleTB{} // in a test: t *testing.T
	perftest.AssertContract(t, upper, func() { _ = strings.ToUpper("hello, world") })
	fmt.Println("failed:", t.failed)
	// Output:
	// failed: false
}

func ExampleAssertLatency() {
	t := &exampleTB{}
	perftest.AssertLatency(t, perf.Latency{Max: time.Microsecond}, func() { time.Sleep(time.Millisecond) },
		perftest.Calls(10), perftest.Rounds(2))
	fmt.Println("failed:", t.failed)
	// Output:
	// failed: true
}

func ExampleAssertAllocs() {
	t := &exampleTB{}
	perftest.AssertAllocs(t, 0, func() { _ = strings.Repeat("ab", 0) })
	fmt.Println("failed:", t.failed)
	// Output:
	// failed: false
}

func ExampleMemoryPerCall() {
	var buf []byte
	bytes, allocs := perftest.MemoryPerCall(func() { buf = make([]byte, 1024) })
	fmt.Println(bytes, "B", allocs, "allocs per call")
	_ = buf
	// Output:
	// 1024 B 1 allocs per call
}

func ExampleLatencyPerCall() {
	d := perftest.LatencyPerCall(func() { time.Sleep(time.Millisecond) }, 50, perftest.Calls(10))
	fmt.Println(d >= time.Millisecond)
	// Output:
	// true
}

// A benchmark reports the percentiles of its calls' times.
func ExamplePercentiles() {
	// In a _test.go file this is func BenchmarkUpper(b *testing.B) { ... }.
	r := testing.Benchmark(func(b *testing.B) {
		perftest.Percentiles(b, func() { _ = strings.ToUpper("hello, world") })
	})
	fmt.Println(slices.Sorted(maps.Keys(r.Extra)))
	// Output:
	// [p50-ns/op p95-ns/op p99-ns/op]
}

// A benchmark that times only part of each iteration.
func ExampleNewSampler() {
	r := testing.Benchmark(func(b *testing.B) {
		s := perftest.NewSampler(b)
		for b.Loop() {
			word := strings.Repeat("ab", 8) // not timed
			s.Start()
			_ = strings.ToUpper(word)
			s.Stop()
		}
	})
	fmt.Println(r.Extra["p50-ns/op"] <= r.Extra["p99-ns/op"])
	// Output:
	// true
}

// TestMain writes the violations the tests saw for choragen.
func ExampleMain() {
	// In a _test.go file:
	//
	//	func TestMain(m *testing.M) { perftest.Main(m) }
}
