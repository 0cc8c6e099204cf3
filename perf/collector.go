package perf

import (
	"runtime"
	"sync"
	"time"
	"weak"
)

// DefaultCapacity is how many violations a collector keeps when its
// CollectorOpts leave Capacity zero.
const DefaultCapacity = 1000

// DefaultWindow is how often, at most, a collector's contracts judge their
// windowed limits (percentiles, memory) when CollectorOpts leave Window zero.
const DefaultWindow = 10 * time.Second

// CollectorOpts configures a Collector. The zero value is usable: it keeps
// DefaultCapacity violations and judges windows every DefaultWindow.
type CollectorOpts struct {
	// Capacity is how many violations the collector keeps. When it is
	// full, a new violation replaces the oldest one, which is counted as
	// dropped. Zero means DefaultCapacity.
	Capacity int
	// Window is the shortest time over which a contract judges its
	// percentile and memory limits. Zero means DefaultWindow.
	Window time.Duration
	// Stack makes contracts capture a short stack (up to 8 frames of the
	// caller of the contract) with each violation of a single call.
	Stack bool
	// OnViolation, if set, is called with every violation after it has
	// been recorded, on the goroutine that recorded it. It must not block.
	OnViolation func(Violation)

	now func() time.Time // test seam: wall clock for timestamps
}

// A Collector keeps the violations that contracts (and other packages
// through Record) observe: a bounded ring, safe for use by many goroutines,
// that counts what it had to drop.
//
// Contracts made by a collector (its NewContract method, or perf.NewContract
// for Default) are judged again, for their windowed limits, when the
// collector's Check runs; Flush and perftest.Main do that before writing.
type Collector struct {
	opts CollectorOpts

	mu        sync.Mutex
	ring      []Violation // len(ring) == capacity once full
	next      int         // index of the oldest entry once full
	total     uint64      // violations ever recorded
	contracts []weak.Pointer[Contract]
}

// Default is the collector that perf.NewContract, AssertLatency and Flush
// use.
var Default = NewCollector(CollectorOpts{})

// NewCollector returns an empty collector.
func NewCollector(opts CollectorOpts) *Collector {
	if opts.Capacity <= 0 {
		opts.Capacity = DefaultCapacity
	}
	if opts.Window <= 0 {
		opts.Window = DefaultWindow
	}
	if opts.now == nil {
		opts.now = time.Now
	}
	return &Collector{opts: opts}
}

// Record adds a violation. A zero Time is set to the current time and a
// zero Goroutines to the current number of goroutines. When the collector
// is full, the oldest violation is dropped.
func (c *Collector) Record(v Violation) { c.record(v) }

// record is Record, returning the violation as recorded.
func (c *Collector) record(v Violation) Violation {
	if v.Time.IsZero() {
		v.Time = c.opts.now()
	}
	if v.Goroutines == 0 {
		v.Goroutines = runtime.NumGoroutine()
	}
	c.mu.Lock()
	if len(c.ring) < c.opts.Capacity {
		if len(c.ring) == cap(c.ring) {
			// Grow as append would, but never beyond the capacity.
			c.ring = append(make([]Violation, 0, min(max(2*cap(c.ring), 16), c.opts.Capacity)), c.ring...)
		}
		c.ring = append(c.ring, v)
	} else {
		c.ring[c.next] = v
		c.next = (c.next + 1) % len(c.ring)
	}
	c.total++
	c.mu.Unlock()
	if c.opts.OnViolation != nil {
		c.opts.OnViolation(v)
	}
	return v
}

// Violations returns a copy of the violations kept, oldest first.
func (c *Collector) Violations() []Violation {
	vs, _ := c.snapshot()
	return vs
}

// Dropped returns how many violations were recorded but are no longer
// kept because the collector was full.
func (c *Collector) Dropped() uint64 {
	_, dropped := c.snapshot()
	return dropped
}

// snapshot returns the violations kept and the dropped count, consistently.
func (c *Collector) snapshot() ([]Violation, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]Violation, 0, len(c.ring))
	out = append(out, c.ring[c.next:]...)
	out = append(out, c.ring[:c.next]...)
	return out, c.total - uint64(len(c.ring))
}

// Reset forgets every violation and the dropped count. The collector's
// contracts stay registered.
func (c *Collector) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.ring)
	c.ring = c.ring[:0]
	c.next = 0
	c.total = 0
}

// Check makes every contract of the collector judge its windowed limits
// (percentiles, memory) now, over what it measured since its last window,
// without waiting for the window to end. A window with too few calls to
// judge is left open.
func (c *Collector) Check() {
	for _, ct := range c.liveContracts() {
		ct.Check()
	}
}

func (c *Collector) register(ct *Contract) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.contracts = append(c.contracts, weak.Make(ct))
}

// liveContracts returns the collector's contracts that are still reachable
// and forgets the others, so that contracts made and dropped at run time
// do not accumulate.
func (c *Collector) liveContracts() []*Contract {
	c.mu.Lock()
	defer c.mu.Unlock()
	var live []*Contract
	kept := c.contracts[:0]
	for _, w := range c.contracts {
		if ct := w.Value(); ct != nil {
			live = append(live, ct)
			kept = append(kept, w)
		}
	}
	clear(c.contracts[len(kept):])
	c.contracts = kept
	return live
}
