package perf

import (
	"fmt"
	"runtime"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/choragen/choragen/internal/metric"
)

// A Declaration says where a contract comes from, for choragen's report.
type Declaration struct {
	// Origin is "code" for a contract declared in Go, "config" for one
	// that .choragen/performance.yaml gives.
	Origin string
	// Source is where it is declared, "file:line": the Go file of the
	// declaration, or the configuration's line.
	Source string
}

// codeDeclaration is the declaration of a contract declared in Go by the
// function skip frames up the stack (1: codeDeclaration's caller).
func codeDeclaration(skip int) Declaration {
	d := Declaration{Origin: "code"}
	if _, file, line, ok := runtime.Caller(skip); ok {
		d.Source = file + ":" + strconv.Itoa(line)
	}
	return d
}

// NewContractAt is NewContract with the declaration given rather than
// taken from the caller's position. It is for packages that declare
// contracts on their users' behalf: perfhttp declares a route's contract
// from a perfhttp.Route option or from a configuration rule.
func (c *Collector) NewContractAt(target string, at Declaration, limits ...Limit) (*Contract, error) {
	return c.newContract(qualify(target, 2), at, limits)
}

// Declaration returns where the contract was declared.
func (c *Contract) Declaration() Declaration {
	if c == nil {
		return Declaration{}
	}
	return c.decl
}

// Observe adds one call that took d, timed by the caller, to the contract,
// as End does for a call measured from Begin, but without measuring its
// memory or enforcing a maximum. It is for code that learns which contract
// a call belongs to only once the call is over, such as HTTP middleware
// that reads the route the router chose. It is safe for concurrent use; it
// allocates only to record a violation or, once per Window at most, to
// judge a window.
func (c *Contract) Observe(d time.Duration) {
	if c == nil {
		return
	}
	c.observe(nil, d, mono())
}

// limitRecord is how one limit of a contract has fared so far.
type limitRecord struct {
	violations atomic.Int64 // breaches recorded

	// Guarded by Contract.mu: the windows judged.
	windows int
	worst   float64 // the worst window's figure, in the report's unit
	samples uint64  // calls (or memory samples) in the judged windows
}

// noteWindow records that a window of samples was judged for the limit
// with the given id, measuring value. c.mu is held.
func (c *Contract) noteWindow(id string, value float64, samples uint64, violated bool) {
	r := c.records[id]
	if r.windows == 0 || value > r.worst {
		r.worst = value
	}
	r.windows++
	r.samples += samples
	if violated {
		r.violations.Add(1)
	}
}

// noteLongest keeps the longest call, for the verdict of per-call limits.
func (c *Contract) noteLongest(d time.Duration) {
	for {
		cur := c.longest.Load()
		if int64(d) <= cur || c.longest.CompareAndSwap(cur, int64(d)) {
			return
		}
	}
}

// The statuses of a Verdict, as choragen's report spells them.
const (
	StatusPassed     = "passed"
	StatusFailed     = "failed"
	StatusUnmeasured = "unmeasured"
)

// A Verdict is how one limit of a contract has fared over everything the
// process measured so far: the form in which perf.Flush reports every
// contract it judged, passed or not, to choragen.
type Verdict struct {
	// ID, Target, Metric and Percentile identify the limit as in a
	// Violation.
	ID         string
	Target     string
	Metric     string
	Percentile float64
	// Statistic is what Measured is: "max" (the longest call, for a
	// Latency judged call by call), "mean", "p95" and the like, or
	// "median" (memory, per sampled call).
	Statistic string
	// Threshold and Measured are in Unit, the report's unit for the
	// metric (ms, B, allocs). For limits judged over windows, Measured is
	// the worst window's figure.
	Threshold float64
	Measured  float64
	Unit      string
	// Status is StatusPassed, StatusFailed (some call or window broke the
	// limit) or StatusUnmeasured (nothing judged yet: too few calls in
	// the open window; Reason says how many).
	Status string
	Reason string
	// Samples is how many calls (memory: sampled calls) the verdict rests
	// on; Windows how many windows were judged; Violations how many
	// breaches were recorded.
	Samples    int
	Windows    int
	Violations int
	Declaration
}

// judged reports whether the contract measured any call.
func (c *Contract) judged() bool {
	return c.hist != nil && c.hist.Count() > 0 || c.hasMem && c.mem.warm.Load()
}

// Verdicts returns the verdict of each of the contract's limits that calls
// measure (Latency, MeanLatency, Bytes, Allocs) so far, in the order
// declared. It does not judge open windows: call Check first for that, as
// Flush does.
func (c *Contract) Verdicts() []Verdict {
	if c == nil {
		return nil
	}
	var calls uint64
	if c.hist != nil {
		calls = c.hist.Count()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	pending := calls
	if c.histBase != nil {
		pending -= min(c.histBase.count, calls)
	}
	out := make([]Verdict, 0, len(c.limits))
	for _, l := range c.limits {
		id := c.ids[l]
		r := c.records[id]
		s := l.spec()
		v := Verdict{
			ID: id, Target: c.target, Metric: string(s.metric), Percentile: s.percentile,
			Violations: int(r.violations.Load()), Windows: r.windows, Declaration: c.decl,
		}
		windowed := func(threshold float64, unit, statistic, unjudged string, pending uint64) {
			v.Threshold, v.Unit, v.Statistic = threshold, unit, statistic
			v.Samples = int(r.samples)
			switch {
			case v.Violations > 0:
				v.Status, v.Measured = StatusFailed, r.worst
			case r.windows > 0:
				v.Status, v.Measured = StatusPassed, r.worst
			default:
				v.Status, v.Samples, v.Reason = StatusUnmeasured, int(pending), unjudged
			}
		}
		tooFew := func(statistic string) string {
			return fmt.Sprintf("%d calls, too few to judge the %s: a window needs %d", pending, statistic, c.need)
		}
		memPending := uint64(c.mem.n.Load())
		memReason := "no call's memory was sampled (the first call is a warm-up)"
		if memPending > 0 {
			memReason = fmt.Sprintf("%d sampled calls, not judged yet (Check judges them)", memPending)
		}
		switch l := l.(type) {
		case Latency:
			if l.Percentile == 0 {
				v.Threshold, v.Unit, v.Statistic, v.Samples = ms(l.Max), "ms", "max", int(calls)
				v.Measured = ms(time.Duration(c.longest.Load()))
				switch {
				case v.Violations > 0:
					v.Status = StatusFailed
				case calls > 0:
					v.Status = StatusPassed
				default:
					v.Status, v.Reason = StatusUnmeasured, "no call measured"
				}
			} else {
				p := "p" + strconv.FormatFloat(l.Percentile, 'f', -1, 64)
				windowed(ms(l.Max), "ms", p, tooFew(p), pending)
			}
		case MeanLatency:
			windowed(ms(l.Max), "ms", "mean", tooFew("mean"), pending)
		case Bytes:
			windowed(float64(l.Max), "B", "median", memReason, memPending)
		case Allocs:
			windowed(float64(l.Max), "allocs", "median", memReason, memPending)
		default:
			continue // a kind that calls do not measure: judged elsewhere
		}
		out = append(out, v)
	}
	return out
}

// wireContract is a verdict as choragen's report writes a contract (the
// report's contract shape, a subset of its fields). perf keeps its own
// copy, as for violations; a test keeps the two in step.
type wireContract struct {
	ID         string         `json:"id"`
	Type       string         `json:"type"`
	Metric     string         `json:"metric"`
	Target     string         `json:"target"`
	Threshold  float64        `json:"threshold"`
	Unit       string         `json:"unit"`
	Percentile float64        `json:"percentile,omitempty"`
	Status     string         `json:"status"`
	Measured   *float64       `json:"measured,omitempty"`
	Samples    int            `json:"samples,omitempty"`
	Source     string         `json:"source,omitempty"`
	Origin     string         `json:"origin,omitempty"`
	Reason     string         `json:"reason,omitempty"`
	Context    map[string]any `json:"context,omitempty"`
}

func (v Verdict) wire() wireContract {
	w := wireContract{
		ID: v.ID, Metric: v.Metric, Target: v.Target, Threshold: v.Threshold, Unit: v.Unit,
		Percentile: v.Percentile, Status: v.Status, Samples: v.Samples,
		Source: v.Source, Origin: v.Origin, Reason: v.Reason,
		Context: map[string]any{"statistic": v.Statistic, "windows": v.Windows, "violations": v.Violations},
	}
	if in, ok := metric.Lookup(metric.Metric(v.Metric)); ok {
		w.Type = string(in.Kind)
	}
	if v.Status != StatusUnmeasured {
		m := v.Measured
		w.Measured = &m
	}
	return w
}
