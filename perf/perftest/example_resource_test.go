package perftest_test

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/choragen/choragen/perf"
	"github.com/choragen/choragen/perf/perftest"
)

// exampleCleanupTB stands in for the *testing.T of a test that ends when
// the example calls end.
type exampleCleanupTB struct {
	exampleTB
	cleanups []func()
}

func (t *exampleCleanupTB) Cleanup(f func()) { t.cleanups = append(t.cleanups, f) }

func (t *exampleCleanupTB) end() {
	for i := len(t.cleanups) - 1; i >= 0; i-- {
		t.cleanups[i]()
	}
}

// fieldsLoop counts the iterations of splitFields's loop.
var fieldsLoop perf.Counter

func splitFields(s string) (n int) {
	for i := range len(s) {
		if s[i] == ',' {
			n++
		}
	}
	fieldsLoop.Add(len(s))
	return n + 1
}

// A benchmark reports the iterations per operation, which
// //perf:iterations max= judges.
func ExampleReportIterations() {
	// In a _test.go file this is func BenchmarkSplitFields(b *testing.B) { ... }.
	r := testing.Benchmark(func(b *testing.B) {
		perftest.ReportIterations(b, &fieldsLoop)
		for b.Loop() {
			splitFields("a,b,c,d")
		}
	})
	fmt.Println(r.Extra["iterations/op"], "iterations/op")
	// Output:
	// 7 iterations/op
}

var treeDepth perf.Recursion

func height(n int) int {
	treeDepth.Enter()
	defer treeDepth.Leave()
	if n <= 1 {
		return 1
	}
	return 1 + height(n/2)
}

// A benchmark reports the deepest recursion of its operations, which
// //perf:depth max= judges.
func ExampleReportDepth() {
	r := testing.Benchmark(func(b *testing.B) {
		perftest.ReportDepth(b, &treeDepth)
		for b.Loop() {
			height(1000)
		}
	})
	fmt.Println(r.Extra["depth/op"], "depth/op")
	// Output:
	// 10 depth/op
}

// A package that counts something (here, lookups of a cache) reports its
// count per operation with ReportCounter.
func ExampleReportCounter() {
	var lookups perf.Counter
	get := func(key string) { lookups.Inc() }
	r := testing.Benchmark(func(b *testing.B) {
		perftest.ReportCounter(b, "lookups/op", lookups.Load)
		for b.Loop() {
			get("a")
			get("b")
		}
	})
	fmt.Println(r.Extra["lookups/op"], "lookups/op")
	// Output:
	// 2 lookups/op
}

// A benchmark that counts by itself reports the total with ReportCount.
func ExampleReportCount() {
	r := testing.Benchmark(func(b *testing.B) {
		queries := 0
		for b.Loop() {
			queries += 3 // three statements per operation
		}
		perftest.ReportCount(b, "queries/op", int64(queries))
	})
	fmt.Println(r.Extra["queries/op"], "queries/op")
	// Output:
	// 3 queries/op
}

var retained []string

// A benchmark reports the peak live heap its operations hold, which
// //perf:memory heap= judges.
func ExampleReportPeakHeap() {
	retained = nil
	r := testing.Benchmark(func(b *testing.B) {
		perftest.ReportPeakHeap(b)
		for b.Loop() {
			if len(retained) < 1000 {
				retained = append(retained, strings.Repeat("x", 4096)) // 4 MB kept in all
			}
		}
	})
	fmt.Println(r.Extra["peak-heap-B"] >= 4e6)
	// Output:
	// true
}

// A test fails when it leaves a goroutine running.
func ExampleNoLeaks() {
	t := &exampleCleanupTB{} // in a test: t *testing.T, and the test ends by itself
	perftest.NoLeaks(t, perftest.RecordTo(perf.NewCollector(perf.CollectorOpts{})))

	var wg sync.WaitGroup
	wg.Go(func() {}) // ends before the test does
	wg.Wait()

	t.end()
	fmt.Println("failed:", t.failed)
	// Output:
	// failed: false
}

// A test fails when an operation keeps more and more of the heap
// reachable: here a cache that is never trimmed.
func ExampleHeapGrowth() {
	t := &exampleTB{}
	cache := map[string][]byte{}
	i := 0
	perftest.HeapGrowth(t, func() {
		i++
		cache[strconv.Itoa(i)] = make([]byte, 100)
	}, perftest.RecordTo(perf.NewCollector(perf.CollectorOpts{})))
	fmt.Println("failed:", t.failed)
	// Output:
	// failed: true
}

var scanned perf.Counter

func scanAll(items []int) {
	for range items {
		scanned.Inc()
	}
}

// AssertContract judges counted limits exactly.
func ExampleAssertContract_iterations() {
	t := &exampleTB{}
	c := perf.MustContract("example.com/x.scanAll", perf.Iterations{Max: 100, Counter: &scanned})
	items := make([]int, 150)
	perftest.AssertContract(t, c, func() { scanAll(items) })
	fmt.Println("failed:", t.failed)
	// Output:
	// failed: true
}
