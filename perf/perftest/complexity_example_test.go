package perftest_test

import (
	"fmt"
	"slices"

	"github.com/choragen/choragen/perf"
	"github.com/choragen/choragen/perf/perftest"
)

// printTB prints what an assertion tells the test, as go test -v would.
type printTB struct{ name string }

func (printTB) Helper()        {}
func (t printTB) Name() string { return t.name }
func (printTB) Errorf(format string, args ...any) {
	fmt.Printf("FAIL: "+format+"\n", args...)
}
func (printTB) Logf(format string, args ...any) {
	fmt.Printf("log: "+format+"\n", args...)
}

// comparisons counts what sortInsertion does.
var comparisons perf.Counter

// sortInsertion is an insertion sort: quadratic on reversed input.
func sortInsertion(s []int) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0; j-- {
			comparisons.Inc()
			if s[j-1] <= s[j] {
				break
			}
			s[j-1], s[j] = s[j], s[j-1]
		}
	}
}

// reversed returns n, n-1, …, 1: insertion sort's worst case.
func reversed(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = n - i
	}
	return s
}

// An insertion sort declared O(n) fails: on reversed input its comparisons
// grow as n². Time per call is the default; counting the comparisons makes
// the verdict exact.
func ExampleAssertComplexity() {
	t := printTB{"TestSortComplexity"} // in a test: t *testing.T
	perftest.AssertComplexity(t, "O(n)", []int{16, 32, 64, 128, 256, 512},
		reversed, // setup: the input of size n, made once and not measured
		func(s []int) { sortInsertion(slices.Clone(s)) }, // sort a copy: every call sorts the same input
		perftest.FitCount("comparisons", comparisons.Load),
		perftest.RecordTo(perf.NewCollector(perf.CollectorOpts{})), // in a test: perf.Default, written by perftest.Main
	)
	// Output:
	// FAIL: perftest: complexity:github.com/choragen/choragen/perf/perftest.TestSortComplexity: O(n) failed on comparisons per call: fitted O(n^2), growth n^2.01 [2.01, 2.01] (95% interval) over n=16…512: grows as n^2.01 [2.01, 2.01] over n=64…512, above O(n) (n^1.60 allowed) in every segment; O(n^2) fits p=0.003
}

// A binary search counts its halvings: O(log n) holds, and go test -v
// shows the growth.
func ExampleFitCount() {
	var halvings perf.Counter
	search := func(s []int, x int) int {
		lo, hi := 0, len(s)
		for lo < hi {
			halvings.Inc()
			m := int(uint(lo+hi) >> 1)
			if s[m] < x {
				lo = m + 1
			} else {
				hi = m
			}
		}
		return lo
	}
	t := printTB{"TestSearchComplexity"}
	perftest.AssertComplexity(t, "O(log n)", []int{1 << 8, 1 << 11, 1 << 14, 1 << 17},
		func(n int) []int { // sorted input of size n
			s := make([]int, n)
			for i := range s {
				s[i] = i
			}
			return s
		},
		func(s []int) { _ = search(s, len(s)) }, // above every element: the longest search
		perftest.FitCount("halvings", halvings.Load))
	// Output:
	// log: perftest: complexity:github.com/choragen/choragen/perf/perftest.TestSearchComplexity: O(log n) holds on halvings per call: fitted O(log n), growth n^0.10 [0.10, 0.10] (95% interval) over n=256…131072
}

// Building a linked list of n nodes makes n allocations: O(n) holds, O(1)
// would not.
func ExampleFitAllocs() {
	type node struct{ next *node }
	var list *node
	t := &exampleTB{}
	perftest.AssertComplexity(t, "O(n)", []int{16, 64, 256, 1024},
		func(n int) int { return n },
		func(n int) {
			list = nil
			for range n {
				list = &node{list}
			}
		},
		perftest.FitAllocs())
	fmt.Println("failed:", t.failed)
	// Output:
	// failed: false
}

// A failed bound is recorded as a violation of "complexity:<target>", for
// choragen's report; measured and threshold are the indexes of the fitted
// and the declared classes (O(1)=0 … O(2^n)=6).
func ExampleRecordTo() {
	col := perf.NewCollector(perf.CollectorOpts{}) // in a test: perf.Default, written by perftest.Main
	perftest.AssertComplexity(&exampleTB{}, "O(n log n)", []int{16, 32, 64, 128, 256, 512},
		reversed,
		func(s []int) { sortInsertion(slices.Clone(s)) },
		perftest.FitCount("comparisons", comparisons.Load),
		perftest.Target("example.com/sorts.Insertion"),
		perftest.RecordTo(col))
	for _, v := range col.Violations() {
		fmt.Println(v.ContractID, v.Context["fitted"], v.Measured, ">", v.Context["bound"], v.Threshold)
	}
	// Output:
	// complexity:example.com/sorts.Insertion O(n^2) 4 > O(n log n) 3
}

// A bare target is qualified with the test's package, so that it names
// the function a //perf:complexity directive declares in that package.
func ExampleTarget() {
	col := perf.NewCollector(perf.CollectorOpts{})
	perftest.AssertComplexity(&exampleTB{}, "O(1)", []int{16, 32, 64, 128, 256, 512},
		reversed,
		func(s []int) { sortInsertion(slices.Clone(s)) },
		perftest.FitCount("comparisons", comparisons.Load),
		perftest.Target("Insertion"),
		perftest.RecordTo(col))
	fmt.Println(col.Violations()[0].ContractID)
	// Output:
	// complexity:github.com/choragen/choragen/perf/perftest.Insertion
}
