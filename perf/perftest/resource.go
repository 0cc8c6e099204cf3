package perftest

import (
	"fmt"
	"math"
	"runtime"
	"strconv"
	"time"

	"github.com/choragen/choragen/internal/metric"
	"github.com/choragen/choragen/perf"
)

// resources judges the limits that AssertContract measures with counters:
// CPU, Syscalls and IOBytes from perf.ReadUsage, Iterations from a
// perf.Counter, Depth from a perf.Recursion. Each figure is the fewest per
// call of several rounds, as for memory: what else the process does only
// adds to process-wide counters.
type resources struct {
	usage *usagePerCall // measured once for CPU, Syscalls and IOBytes
}

type usagePerCall struct {
	cpu               time.Duration
	syscalls, ioBytes float64
	hasCPU, hasIO     bool
	s                 settings
}

// judge measures l over calls of f. A figure the system does not give is
// logged as unmeasured and passes: it is neither a pass nor a failure to
// report.
func (res *resources) judge(t TB, c *perf.Contract, l perf.Limit, f func(), opts []Option) result {
	t.Helper()
	unmeasured := func(what string) result {
		t.Logf("perftest: %s: unmeasured: %s does not measure %s", c.ID(l), runtime.GOOS, what)
		return result{ok: true}
	}
	switch l := l.(type) {
	case perf.CPU:
		u := res.measureUsage(f, opts)
		if !u.hasCPU {
			return unmeasured("CPU time")
		}
		return result{
			ok:        u.cpu <= l.Max,
			metric:    string(metric.CPU),
			unit:      "ms",
			measured:  float64(u.cpu) / float64(time.Millisecond),
			threshold: float64(l.Max) / float64(time.Millisecond),
			samples:   u.s.calls,
			message:   fmt.Sprintf("cpu %v per call > max %v (fewest of %d rounds of %d calls)", u.cpu, l.Max, u.s.rounds, u.s.calls),
		}
	case perf.Syscalls:
		u := res.measureUsage(f, opts)
		if !u.hasIO {
			return unmeasured("read and write system calls")
		}
		return countResult(metric.Syscalls, u.syscalls, l.Max, u.s)
	case perf.IOBytes:
		u := res.measureUsage(f, opts)
		if !u.hasIO {
			return unmeasured("read and write system calls")
		}
		return countResult(metric.IOBytes, u.ioBytes, l.Max, u.s)
	case perf.Iterations:
		n, s := countPerCall(f, l.Counter, opts)
		return countResult(metric.Iterations, n, l.Max, s)
	case perf.Depth:
		d, s := deepestCall(f, l.Recursion, opts)
		return result{
			ok:        d <= l.Max,
			metric:    string(metric.Depth),
			unit:      "depth",
			measured:  float64(d),
			threshold: float64(l.Max),
			samples:   s.calls,
			message:   fmt.Sprintf("depth %d > max %d (deepest call, fewest of %d rounds of %d calls)", d, l.Max, s.rounds, s.calls),
		}
	}
	return result{message: fmt.Sprintf("cannot measure %T", l)}
}

// countResult judges a count per call: "3 syscalls per call > max 1 (...)".
func countResult(m metric.Metric, measured float64, max int64, s settings) result {
	info, _ := metric.Lookup(m)
	return result{
		ok:        measured <= float64(max),
		metric:    string(m),
		unit:      info.Unit,
		measured:  measured,
		threshold: float64(max),
		samples:   s.calls,
		message: fmt.Sprintf("%s %s per call > max %d (fewest of %d rounds of %d calls)",
			strconv.FormatFloat(measured, 'f', -1, 64), info.Unit, max, s.rounds, s.calls),
	}
}

func (res *resources) measureUsage(f func(), opts []Option) *usagePerCall {
	if res.usage != nil {
		return res.usage
	}
	s := newSettings(opts, 100, timeCall(f))
	u := &usagePerCall{cpu: math.MaxInt64, syscalls: math.Inf(1), ioBytes: math.Inf(1), s: s}
	for range s.rounds {
		before := perf.ReadUsage()
		for range s.calls {
			f()
		}
		d := perf.ReadUsage().Sub(before)
		u.hasCPU, u.hasIO = d.HasCPU, d.HasIO
		u.cpu = min(u.cpu, d.CPU/time.Duration(s.calls))
		u.syscalls = min(u.syscalls, float64(d.Syscalls)/float64(s.calls))
		u.ioBytes = min(u.ioBytes, float64(d.IOBytes)/float64(s.calls))
	}
	res.usage = u
	return u
}

// countPerCall returns what c counts per call of f: the fewest of the
// rounds.
func countPerCall(f func(), c *perf.Counter, opts []Option) (float64, settings) {
	s := newSettings(opts, 100, timeCall(f))
	best := math.Inf(1)
	for range s.rounds {
		start := c.Load()
		for range s.calls {
			f()
		}
		best = min(best, float64(c.Load()-start)/float64(s.calls))
	}
	return best, s
}

// deepestCall returns the deepest that calls of f go, as r measures it:
// the shallowest of the rounds' deepest.
func deepestCall(f func(), r *perf.Recursion, opts []Option) (int64, settings) {
	s := newSettings(opts, 100, timeCall(f))
	best := int64(math.MaxInt64)
	for range s.rounds {
		r.ResetMax()
		for range s.calls {
			f()
		}
		best = min(best, int64(r.Max()))
	}
	return best, s
}
