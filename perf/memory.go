package perf

import (
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Memory limits are measured on a sample of calls, exactly, and judged on
// the median of a window's samples.
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
//
// Even exact counters are process-wide: the garbage collector allocates
// while it runs (a sudog when a mark worker waits, for one), and so do
// other goroutines. The median of several samples sets such noise aside
// where a mean would not.

const (
	maxMemSamples  = 100 // per window
	memBurst       = 5   // samples a window takes without spacing
	memCostFactor  = 100 // a sample waits 100 times its cost after the last
	memWindowShare = 100 // and at least Window/100
)

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

// memState is a contract's memory sampling.
type memState struct {
	warm atomic.Bool  // the first call, a warm-up, has begun
	busy atomic.Bool  // a sampled call is running
	next atomic.Int64 // mono time before which no sample starts (after the burst)
	n    atomic.Int32 // samples in the current window

	// Guarded by Contract.mu.
	bytes, objects []uint64 // per sampled call in the current window
	start          time.Time
}

// sampleMemory reports whether a call that begins now has its memory
// measured: not the contract's first call (a warm-up, as in
// testing.AllocsPerRun, so that one-time initialisation is not judged), not
// while another sampled call is running, and, after the first few samples
// of a window, not before the time the previous sample set.
func (c *Contract) sampleMemory() bool {
	m := &c.mem
	if !m.warm.Load() {
		m.warm.Store(true)
		return false
	}
	n := m.n.Load()
	if n >= maxMemSamples || n >= memBurst && mono() < m.next.Load() {
		return false
	}
	return m.busy.CompareAndSwap(false, true)
}

// endSample keeps a sampled call's figures and sets when the next sample
// may start: after memCostFactor times what this one cost to measure, and
// at least Window/memWindowShare later, so that stopping the world stays
// rare.
func (c *Contract) endSample(call *Call, end int64) {
	b, o := readMemory()
	after := mono()
	c.mu.Lock()
	c.mem.bytes = append(c.mem.bytes, b-call.bytes)
	c.mem.objects = append(c.mem.objects, o-call.objects)
	c.mem.n.Store(int32(len(c.mem.bytes)))
	c.mu.Unlock()
	cost := 2 * (after - end) // two reads per sample
	c.mem.next.Store(after + max(memCostFactor*cost, int64(c.collector.opts.Window)/memWindowShare))
	c.mem.busy.Store(false)
}

// judgeMemory judges the current window, if it has samples, starts the
// next, and returns the violations. c.mu is held.
func (c *Contract) judgeMemory(end time.Time) []Violation {
	m := &c.mem
	if len(m.bytes) == 0 {
		return nil
	}
	window := end.Sub(m.start)
	n := len(m.bytes)
	var vs []Violation
	judge := func(l Limit, max int64, samples []uint64, unit string) {
		measured := median(samples)
		c.noteWindow(c.ids[l], measured, uint64(n), measured > float64(max))
		if measured <= float64(max) {
			return
		}
		vs = append(vs, Violation{
			ContractID: c.ids[l],
			Target:     c.target,
			Metric:     string(l.spec().metric),
			Measured:   measured,
			Threshold:  float64(max),
			Unit:       unit,
			Samples:    n,
			Context:    map[string]any{"window": window.String(), "statistic": "median"},
		})
	}
	if c.bytes != nil {
		judge(*c.bytes, c.bytes.Max, m.bytes, "B")
	}
	if c.allocs != nil {
		judge(*c.allocs, c.allocs.Max, m.objects, "allocs")
	}
	m.bytes, m.objects = m.bytes[:0], m.objects[:0]
	m.n.Store(0)
	m.start = end
	return vs
}

// median sorts s and returns its median.
func median(s []uint64) float64 {
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return float64(s[n/2])
	}
	return (float64(s[n/2-1]) + float64(s[n/2])) / 2
}
