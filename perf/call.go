package perf

import (
	"context"
	"fmt"
	"runtime"
	"runtime/pprof"
	"time"
)

// epoch anchors the monotonic clock. time.Since(epoch) reads only the
// monotonic clock, one clock read where time.Now reads two (wall and
// monotonic), which is most of what measuring a call costs.
var epoch = time.Now()

// mono returns monotonic nanoseconds.
func mono() int64 { return int64(time.Since(epoch)) }

// A Call is one measured call of a contract, from Begin to End.
// It is a value: keep it on the stack, as in
//
//	defer c.Begin().End()
type Call struct {
	c       *Contract
	ctx     context.Context
	cancel  context.CancelFunc
	start   int64
	sampled bool // memory measured: bytes and objects hold the start
	bytes   uint64
	objects uint64
}

// Begin starts measuring a call. End it exactly once, usually with defer:
//
//	func Search(q string) []Item {
//		defer searchContract.Begin().End()
//		...
//	}
//
// Without a context, an enforced Latency cannot cancel the call; it is
// still judged at End. Use BeginContext for that.
func (c *Contract) Begin() Call {
	if c == nil {
		return Call{}
	}
	return c.begin(nil)
}

// BeginContext is Begin for a call that takes a context. It returns the
// context the call should use: when a Latency limit is enforced, one that
// is cancelled at its Max, with ErrMaxLatency as its cause. Its pprof
// labels, if any, are copied into the call's violations.
//
//	ctx, call := c.BeginContext(ctx)
//	defer call.End()
func (c *Contract) BeginContext(ctx context.Context) (context.Context, Call) {
	if c == nil {
		return ctx, Call{}
	}
	var cancel context.CancelFunc
	if c.enforce > 0 && ctx != nil {
		ctx, cancel = context.WithTimeoutCause(ctx, c.enforce, ErrMaxLatency)
	}
	call := c.begin(ctx)
	call.cancel = cancel
	return ctx, call
}

func (c *Contract) begin(ctx context.Context) Call {
	call := Call{c: c, ctx: ctx}
	if c.hasMem && c.sampleMemory() {
		call.sampled = true
		call.bytes, call.objects = readMemory()
	}
	// The clock starts after the memory counters are read (and stops
	// before they are read again), so that reading them does not count
	// as the call's time.
	call.start = mono()
	return call
}

// End finishes the call: it judges the limits that are judged call by
// call, adds the call to the contract's windows, and returns the call's
// duration. It does nothing on the zero Call.
func (call Call) End() time.Duration {
	c := call.c
	if c == nil {
		return 0
	}
	now := mono()
	d := time.Duration(now - call.start)
	if call.sampled {
		// First, before anything here allocates.
		c.endSample(&call, now)
	}
	if call.cancel != nil {
		call.cancel()
	}
	c.observe(call.ctx, d, now)
	return d
}

// observe adds a call of duration d that ended at now (mono) to the
// contract: the per-call limits, the histogram, the windows.
func (c *Contract) observe(ctx context.Context, d time.Duration, now int64) {
	if c.hist != nil {
		c.hist.Record(d)
	}
	if len(c.perCall) > 0 {
		c.noteLongest(d)
		for _, l := range c.perCall {
			if d > l.Max {
				c.violateCall(ctx, l, d)
			}
		}
	}
	if now >= c.nextCheck.Load() {
		c.tick(now)
	}
}

// violateCall records a single call that took longer than l.Max.
func (c *Contract) violateCall(ctx context.Context, l Latency, d time.Duration) {
	v := Violation{
		ContractID: c.ids[l],
		Target:     c.target,
		Metric:     "latency",
		Measured:   ms(d),
		Threshold:  ms(l.Max),
		Unit:       "ms",
		Samples:    1,
	}
	if ctx != nil {
		pprof.ForLabels(ctx, func(k, val string) bool {
			if v.Labels == nil {
				v.Labels = make(map[string]string)
			}
			v.Labels[k] = val
			return true
		})
		if l.Enforce && context.Cause(ctx) == ErrMaxLatency {
			v.Context = map[string]any{"cancelled": true}
		}
	}
	if c.collector.opts.Stack {
		v.Stack = stack()
	}
	c.records[v.ContractID].violations.Add(1)
	c.collector.Record(v)
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// stack returns up to 8 frames of the stack of the code that called into
// this package, innermost first, formatted "pkg.Func file:line".
func stack() []string {
	var pcs [32]uintptr
	n := runtime.Callers(2, pcs[:])
	frames := runtime.CallersFrames(pcs[:n])
	var out []string
	for len(out) < 8 {
		f, more := frames.Next()
		if len(out) > 0 || funcPackage(f.Function) != thisPackage {
			out = append(out, fmt.Sprintf("%s %s:%d", f.Function, f.File, f.Line))
		}
		if !more {
			break
		}
	}
	return out
}

// thisPackage is this package's import path, as function names carry it.
var thisPackage = func() string {
	pc, _, _, _ := runtime.Caller(0)
	return funcPackage(runtime.FuncForPC(pc).Name())
}()

// tick judges the windows when they are due; of the calls that find them
// due at once, only one does.
func (c *Contract) tick(now int64) {
	due := c.nextCheck.Load()
	if now < due || !c.nextCheck.CompareAndSwap(due, now+int64(c.collector.opts.Window)) {
		return
	}
	c.Check()
}

// Check judges the contract's windowed limits (percentiles, memory) now,
// over the calls measured since the last judged window, without waiting for
// the collector's Window to pass. A window with too few calls to judge is
// left open. It does nothing for limits judged call by call.
func (c *Contract) Check() {
	if c == nil || (len(c.windowed) == 0 && len(c.means) == 0 && !c.hasMem) {
		return
	}
	// Violations are recorded after the lock is released: OnViolation
	// may call back into the contract.
	for _, v := range c.judgeWindows() {
		c.collector.Record(v)
	}
}

// judgeWindows judges the windows that have enough calls, starts the next
// ones, and returns the violations.
func (c *Contract) judgeWindows() []Violation {
	c.mu.Lock()
	defer c.mu.Unlock()
	var vs []Violation
	end := c.collector.opts.now()
	if len(c.windowed) > 0 || len(c.means) > 0 {
		w := c.histWindow
		c.hist.snapshot(w)
		w.sub(c.histBase) // w is now the window: the calls after base
		if w.count >= c.need {
			for _, l := range c.windowed {
				p := w.quantile(l.Percentile)
				c.noteWindow(c.ids[l], ms(p), w.count, p > l.Max)
				if p > l.Max {
					vs = append(vs, Violation{
						ContractID: c.ids[l],
						Target:     c.target,
						Metric:     "latency",
						Percentile: l.Percentile,
						Measured:   ms(p),
						Threshold:  ms(l.Max),
						Unit:       "ms",
						Samples:    int(w.count),
						Context:    map[string]any{"window": end.Sub(c.histStart).String()},
					})
				}
			}
			for _, l := range c.means {
				m := w.mean()
				c.noteWindow(c.ids[l], ms(m), w.count, m > l.Max)
				if m > l.Max {
					vs = append(vs, Violation{
						ContractID: c.ids[l],
						Target:     c.target,
						Metric:     "latency",
						Measured:   ms(m),
						Threshold:  ms(l.Max),
						Unit:       "ms",
						Samples:    int(w.count),
						Context:    map[string]any{"window": end.Sub(c.histStart).String(), "statistic": "mean"},
					})
				}
			}
			c.histBase.add(w)
			c.histStart = end
		}
	}
	if c.hasMem {
		vs = append(vs, c.judgeMemory(end)...)
	}
	return vs
}
