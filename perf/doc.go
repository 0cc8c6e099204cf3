// Package perf declares performance contracts in Go code and holds calls to
// them at run time: how long a call may take (by call or by percentile),
// how much it may allocate, and what happens when it breaks that promise.
//
// It is the code form of choragen's contracts; the other two forms are
// //perf: directives and .choragen/performance.yaml, which the choragen
// command judges with benchmarks. This package measures running code,
// in production or in tests, and records what breaks a contract.
//
// # The flow
//
//  1. Declare a Contract for a target, with one or more limits
//     (Latency, Bytes, Allocs). An invalid declaration is an error here,
//     never a panic later; MustContract is for package-level variables.
//  2. Measure calls through it: Wrap a function of the common shape
//     func(context.Context, A) (R, error), run any code with Do, or use
//     the defer form, defer c.Begin().End(). For a stretch of code with no
//     contract, StartTimer and AssertLatency.
//  3. Breaches become Violations in a Collector: Default, or one made with
//     NewCollector. A collector is a bounded ring that counts what it drops.
//  4. At the end of a test binary (perftest.Main) or a process (Flush), the
//     violations are written to $CHORAGEN_PERF_OUT, where the choragen
//     command picks them up for its report.
//
// For example:
//
//	var fetchUser = perf.MustContract("example.com/shop/api.FetchUser",
//		perf.Latency{Max: 100 * time.Millisecond, Percentile: 95},
//		perf.Allocs{Max: 50})
//
//	var FetchUser = perf.Wrap(fetchUser, func(ctx context.Context, id string) (*User, error) {
//		...
//	})
//
// # Targets and ids
//
// A target is the pprof-style name of what a contract covers:
// "example.com/shop/api.FetchUser", "example.com/shop/store.(*DB).Get", or an
// HTTP route, "GET /api/users/{id}". Each limit is one contract in
// choragen's report, with the id "<metric>[@p<N>]:<target>":
// "latency@p95:example.com/shop/api.FetchUser",
// "allocs:example.com/shop/api.FetchUser".
//
// # What it costs
//
// A call under a latency contract costs two reads of the monotonic clock and
// one atomic add into a sharded histogram, without allocating: less than the
// time.Now/time.Since pair it replaces (BENCHMARKS.md). Percentiles are read
// from the histogram (bounded memory, 1.6% relative error), never from a
// single call.
//
// # Memory
//
// Bytes and Allocs limits are measured exactly, with runtime.ReadMemStats,
// on a sample of calls: never the first (a warm-up), one at a time, the
// first 5 of a window at once and then spaced so that measuring stays near
// 1% of the time, at most 100 per window. A window is judged on the median
// of its samples. Reading these counters stops the world for some
// microseconds; the cheaper runtime/metrics counters cannot be used for one
// call, because each P adds its small allocations to them only when a span
// fills up.
//
// The counters are process-wide: a sampled call is charged with everything
// the process allocated while it ran, including other goroutines' and the
// garbage collector's own allocations. The median sets occasional noise
// aside; in a busy server, where every call overlaps others, read a
// violation as an upper bound: "this call, or what ran beside it". The
// violation's Goroutines field helps to tell. For exact numbers per call,
// assert the contract in a test with perftest.AssertContract.
//
// # Windows
//
// Percentile and memory limits are judged over windows: the calls since the
// last judged window, once the collector's Window (10s by default) has
// passed and the window has enough calls (for pN, enough that 10 calls lie
// above it: 1000 for p99). Collector.Check and Contract.Check judge open
// windows at once; Flush and perftest.Main call Check first.
//
// # Counted limits and resources
//
// Some limits are judged in tests and benchmarks rather than at run time
// (resource.go): CPU time per call (CPU), read and write system calls and
// their bytes (Syscalls, IOBytes; see ReadUsage), a loop's iterations
// (Iterations, counted with a Counter) and a recursion's depth (Depth,
// measured with a Recursion). perftest.AssertContract holds a function to
// them, and perftest's benchmark helpers report them for the //perf:cpu,
// //perf:io, //perf:iterations and //perf:depth directives. A Counter
// costs one atomic add, Enter and Leave of a Recursion two; neither
// allocates.
//
// # Timeouts
//
// A Latency with Enforce cancels the context of a call that reaches its
// Max, with ErrMaxLatency as the context's cause, and records the call as a
// violation when it returns. It is opt-in: a context with a timer costs a
// few allocations per call (4 with Go 1.26).
package perf
