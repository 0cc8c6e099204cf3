package perf

import "sync/atomic"

// A Counter counts what a function does per call that time cannot show
// reliably: a loop's iterations, comparisons, cache misses. A benchmark
// reports it per operation (perftest.ReportIterations, as iterations/op,
// which //perf:iterations judges), and a test holds a function to an
// Iterations limit with perftest.AssertContract. Counts are exact, so
// unlike time they need no statistics and do not flake on a busy machine.
//
// Declare one per loop (or per function) at package level; its zero value
// is ready:
//
//	var scanLoop perf.Counter
//
//	func Scan(xs []Item, q string) (n int) {
//		for _, x := range xs {
//			...
//		}
//		scanLoop.Add(len(xs)) // once per call: cheaper than Add(1) per iteration
//		return n
//	}
//
// A Counter is safe for concurrent use. Add costs one atomic add (a few
// nanoseconds, no allocation; BENCHMARKS.md); when many goroutines add to
// one Counter at once they contend for its cache line, so in a hot loop
// count in a local variable and Add once per call.
//
// Note: a Counter counts every caller. In a test or a benchmark one
// goroutine calls the function and the count per call is exact; in a
// server the count is the total over all calls, and per call only on
// average.
type Counter struct {
	n atomic.Int64
	_ [56]byte // a cache line of its own: counters declared side by side do not contend
}

// Add adds n to the count.
func (c *Counter) Add(n int) { c.n.Add(int64(n)) }

// Inc adds one to the count.
func (c *Counter) Inc() { c.n.Add(1) }

// Load returns the count so far. Measure a stretch of code by the
// difference of two Loads.
func (c *Counter) Load() int64 { return c.n.Load() }

// A Recursion measures how deep a recursive function goes: each call
// Enters on the way in and Leaves on the way out, and the Recursion keeps
// the current depth and the deepest it has been. A benchmark reports the
// deepest as depth/op (perftest.ReportDepth, which //perf:depth judges),
// and a test holds a function to a Depth limit with
// perftest.AssertContract.
//
//	var walkDepth perf.Recursion
//
//	func walk(n *Node) {
//		walkDepth.Enter()
//		defer walkDepth.Leave()
//		for _, c := range n.Children {
//			walk(c)
//		}
//	}
//
// Enter and Leave cost two atomic operations together (a few nanoseconds,
// no allocation).
//
// Note: Go has no goroutine-local storage, so the current depth is shared
// by every goroutine that recurses at once: two goroutines at depth 3 make
// the depth 6. It is exact when one goroutine recurses at a time, as in a
// test or a benchmark, and an upper bound otherwise. Code that tracks its
// own depth (a depth parameter) can report it with Observe instead, which
// is exact from any number of goroutines.
type Recursion struct {
	cur, max atomic.Int64
	_        [48]byte // a cache line of its own
}

// Enter records one more level of recursion and returns the current
// depth: 1 for the outermost call.
func (r *Recursion) Enter() int {
	d := r.cur.Add(1)
	r.observe(d)
	return int(d)
}

// Leave records that the innermost call has returned.
func (r *Recursion) Leave() { r.cur.Add(-1) }

// Observe records that a call reached depth d, for code that passes its
// depth down itself. It does not change the current depth of Enter and
// Leave.
func (r *Recursion) Observe(d int) { r.observe(int64(d)) }

func (r *Recursion) observe(d int64) {
	for {
		m := r.max.Load()
		if d <= m || r.max.CompareAndSwap(m, d) {
			return
		}
	}
}

// Depth returns the current depth: 0 outside any call.
func (r *Recursion) Depth() int { return int(r.cur.Load()) }

// Max returns the deepest that calls have gone since the Recursion was
// declared or since the last ResetMax.
func (r *Recursion) Max() int { return int(r.max.Load()) }

// ResetMax starts a new measurement: the deepest so far becomes the
// current depth (0 outside any call). It returns the deepest before the
// reset.
func (r *Recursion) ResetMax() int { return int(r.max.Swap(r.cur.Load())) }
