package perftest

import (
	"math"
	"runtime"
	"slices"
	"sync"
	"time"
)

// epoch anchors the monotonic clock: time.Since(epoch) is one clock read.
var epoch = time.Now()

func mono() int64 { return int64(time.Since(epoch)) }

// clockCost is what timing a call adds to it: the time between two
// back-to-back clock reads, median of many. Per-call times have it
// subtracted.
var clockCost = sync.OnceValue(func() time.Duration {
	d := make([]int64, 1001)
	for i := range d {
		t := mono()
		d[i] = mono() - t
	}
	slices.Sort(d)
	return time.Duration(d[len(d)/2])
})

// percentileCalls is how many calls a round needs for its p-th percentile
// to mean something: 10 calls above it.
func percentileCalls(p float64) int {
	return max(100, int(math.Ceil(10*100/(100-p)-1e-6))) // 1e-6: 99.9 is not exact
}

// timeCall calls f once, as a warm-up, and returns how long it took.
func timeCall(f func()) time.Duration {
	start := mono()
	f()
	return time.Duration(mono() - start)
}

// LatencyPerCall calls f in rounds and returns the time per call: the mean,
// or with percentile in (0, 100) that percentile of the calls' times, in
// the quietest round. One call comes first as a warm-up.
func LatencyPerCall(f func(), percentile float64, opts ...Option) time.Duration {
	d, _ := latencyPerCall(f, percentile, opts)
	return d
}

func latencyPerCall(f func(), percentile float64, opts []Option) (time.Duration, settings) {
	warmup := timeCall(f)
	var s settings
	if percentile > 0 {
		s = newSettings(opts, percentileCalls(percentile), warmup)
	} else {
		s = newSettings(opts, 100, warmup)
	}
	best := time.Duration(math.MaxInt64)
	var times []time.Duration
	if percentile > 0 {
		times = make([]time.Duration, s.calls)
	}
	for range s.rounds {
		var d time.Duration
		if percentile == 0 {
			// One span for the round: no clock read inside it.
			start := mono()
			for range s.calls {
				f()
			}
			d = time.Duration(mono()-start) / time.Duration(s.calls)
		} else {
			cost := clockCost()
			for i := range times {
				start := mono()
				f()
				times[i] = max(0, time.Duration(mono()-start)-cost)
			}
			slices.Sort(times)
			rank := max(1, int(math.Ceil(percentile/100*float64(len(times)))))
			d = times[rank-1]
		}
		best = min(best, d)
	}
	return best, s
}

// MemoryPerCall calls f in rounds and returns the bytes and the number of
// heap allocations per call, each the fewest of any round. One call comes
// first as a warm-up. It counts as testing.AllocsPerRun and
// `go test -benchmem` do, tiny allocations one by one, but returns
// fractions instead of rounding down, and takes the best round so that an
// allocation made by another goroutine in the meantime does not count.
//
// Note: it reads runtime.ReadMemStats, which stops the world, and not the
// cheaper runtime/metrics counters: those receive a P's small allocations
// only when the span they come from fills up, so they cannot be read
// around a few calls.
func MemoryPerCall(f func(), opts ...Option) (bytes, allocs float64) {
	bytes, allocs, _ = memoryPerCall(f, opts)
	return bytes, allocs
}

func memoryPerCall(f func(), opts []Option) (bytes, allocs float64, s settings) {
	s = newSettings(opts, 100, timeCall(f))
	var before, after runtime.MemStats
	bytes, allocs = math.Inf(1), math.Inf(1)
	for range s.rounds {
		runtime.ReadMemStats(&before)
		for range s.calls {
			f()
		}
		runtime.ReadMemStats(&after)
		bytes = min(bytes, float64(after.TotalAlloc-before.TotalAlloc)/float64(s.calls))
		allocs = min(allocs, float64(after.Mallocs-before.Mallocs)/float64(s.calls))
	}
	return bytes, allocs, s
}
