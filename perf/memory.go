package perf

import (
	"runtime"
	"sync"
	"time"
)

// Memory limits are measured on a sample of calls, exactly.
//
// Note: the runtime's cheap counters (runtime/metrics /gc/heap/allocs:bytes
// and :objects) cannot measure one call. A P credits its small allocations
// to them only when the span it allocates from fills up, or at a garbage
// collection, so a call that allocates one object reads as 0 or as a whole
// span, and a caller's allocations in the same size class can be credited
// to the call every time (measured: 2.0 allocations per call for a call
// that makes 1). runtime.ReadMemStats flushes every P's cache first, at the
// price of stopping the world for some microseconds; perf pays it on
// sampled calls only, and spaces the samples so that it stays small.

// memStats is the buffer readMemory reads into: ReadMemStats stops the
// world anyway, so one buffer behind a lock costs nothing more, where a
// MemStats on each caller's stack would cost 5 KiB of it.
var memStats struct {
	sync.Mutex
	m runtime.MemStats
}

// readMemory returns the bytes and objects the process has allocated on
// the heap so far. Objects count tiny allocations one by one, as
// MemStats.Mallocs, testing.AllocsPerRun and `go test -benchmem` do.
func readMemory() (bytes, objects uint64) {
	memStats.Lock()
	defer memStats.Unlock()
	runtime.ReadMemStats(&memStats.m)
	return memStats.m.TotalAlloc, memStats.m.Mallocs
}

// sampleMemory reports whether a call that begins now has its memory
// measured: not the contract's first call (a warm-up, as in
// testing.AllocsPerRun, so that one-time initialisation is not judged), not
// while another sampled call is running, and not before the time set by the
// previous sample.
func (c *Contract) sampleMemory() bool {
	if !c.memWarm.Load() {
		c.memWarm.Store(true)
		return false
	}
	if mono() < c.memNext.Load() {
		return false
	}
	return c.memBusy.CompareAndSwap(false, true)
}

// endSample adds a sampled call to the window and sets when the next
// sample may start: after 100 times what this one's measuring cost, and at
// most 100 samples per window, so that stopping the world stays rare.
func (c *Contract) endSample(call *Call, end int64) {
	b, o := readMemory()
	c.memBytes.Add(b - call.bytes)
	c.memObjects.Add(o - call.objects)
	c.memCalls.Add(1)
	after := mono()
	cost := 2 * (after - end) // two reads per sample
	c.memNext.Store(after + max(100*cost, int64(c.collector.opts.Window)/100))
	c.memBusy.Store(false)
}

// judgeMemory judges a window's sampled calls, which allocated bytes and
// objects in all, on their mean per call.
func (c *Contract) judgeMemory(calls, bytes, objects uint64, window time.Duration) {
	judge := func(l Limit, max int64, total uint64, unit string) {
		mean := float64(total) / float64(calls)
		if mean <= float64(max) {
			return
		}
		c.collector.Record(Violation{
			ContractID: c.ids[l],
			Target:     c.target,
			Metric:     string(l.spec().metric),
			Measured:   mean,
			Threshold:  float64(max),
			Unit:       unit,
			Samples:    int(calls),
			Context:    map[string]any{"window": window.String()},
		})
	}
	if c.bytes != nil {
		judge(*c.bytes, c.bytes.Max, bytes, "B")
	}
	if c.allocs != nil {
		judge(*c.allocs, c.allocs.Max, objects, "allocs")
	}
}
