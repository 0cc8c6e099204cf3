package perf

import (
	"runtime"
	"sync"
	"sync/atomic"
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
// the heap so far, and the number of garbage collections. Objects count
// tiny allocations one by one, as MemStats.Mallocs, testing.AllocsPerRun
// and `go test -benchmem` do.
func readMemory() (bytes, objects uint64, gcs uint32) {
	memStats.Lock()
	defer memStats.Unlock()
	runtime.ReadMemStats(&memStats.m)
	return memStats.m.TotalAlloc, memStats.m.Mallocs, memStats.m.NumGC
}

// memWindow counts the sampled calls of a window and what they allocated.
// The calls during which the garbage collector finished a cycle are kept
// apart: the collector allocates too (a sudog when a mark worker waits, for
// one), so they are judged only when a window has no other calls, as for
// a call that allocates so much that every call runs a collection.
type memWindow struct {
	calls, bytes, objects    uint64
	gcCalls, gcBytes, gcObjs uint64
}

// sampleMemory reports whether a call that begins now has its memory
// measured: not the contract's first call (a warm-up, as in
// testing.AllocsPerRun, so that one-time initialisation is not judged), not
// while another sampled call is running, and not before the time set by the
// previous sample.
func (c *Contract) sampleMemory() bool {
	if !c.mem.warm.Load() {
		c.mem.warm.Store(true)
		return false
	}
	if mono() < c.mem.next.Load() {
		return false
	}
	return c.mem.busy.CompareAndSwap(false, true)
}

// endSample adds a sampled call to the window and sets when the next
// sample may start: after 100 times what this one's measuring cost, and at
// most 100 samples per window, so that stopping the world stays rare.
func (c *Contract) endSample(call *Call, end int64) {
	b, o, gcs := readMemory()
	if gcs == call.gcs {
		c.mem.bytes.Add(b - call.bytes)
		c.mem.objects.Add(o - call.objects)
		c.mem.calls.Add(1)
	} else {
		c.mem.gcBytes.Add(b - call.bytes)
		c.mem.gcObjects.Add(o - call.objects)
		c.mem.gcCalls.Add(1)
	}
	after := mono()
	cost := 2 * (after - end) // two reads per sample
	c.mem.next.Store(after + max(100*cost, int64(c.collector.opts.Window)/100))
	c.mem.busy.Store(false)
}

// memState is a contract's memory sampling: counters since the contract was
// made, and the counters when the current window started.
type memState struct {
	calls, bytes, objects       atomic.Uint64 // sampled calls without a GC
	gcCalls, gcBytes, gcObjects atomic.Uint64 // sampled calls with a GC
	warm                        atomic.Bool   // the first call, a warm-up, has begun
	busy                        atomic.Bool   // a sampled call is running
	next                        atomic.Int64  // mono time before which no sample starts

	base  memWindow // guarded by Contract.mu
	start time.Time
}

func (m *memState) load() memWindow {
	return memWindow{
		calls: m.calls.Load(), bytes: m.bytes.Load(), objects: m.objects.Load(),
		gcCalls: m.gcCalls.Load(), gcBytes: m.gcBytes.Load(), gcObjs: m.gcObjects.Load(),
	}
}

// checkMemory judges the current window, if it has sampled calls, and
// starts the next. c.mu is held.
func (c *Contract) checkMemory(end time.Time) {
	now := c.mem.load()
	base := c.mem.base
	calls, bytes, objects := now.calls-base.calls, now.bytes-base.bytes, now.objects-base.objects
	if calls == 0 {
		calls, bytes, objects = now.gcCalls-base.gcCalls, now.gcBytes-base.gcBytes, now.gcObjs-base.gcObjs
	}
	if calls == 0 {
		return
	}
	c.judgeMemory(calls, bytes, objects, end.Sub(c.mem.start))
	c.mem.base = now
	c.mem.start = end
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
