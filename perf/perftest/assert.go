package perftest

import (
	"fmt"
	"strconv"
	"time"

	"github.com/choragen/choragen/internal/race"
	"github.com/choragen/choragen/perf"
)

// AssertContract calls f many times and fails t for every limit of c that
// f breaks, with a message that says what was measured against what
// threshold. Each broken limit is also recorded as a violation in c's
// collector, with the test's name in its context, so that it reaches
// choragen's report through perftest.Main.
//
// Latency limits are judged on the quietest of several rounds (the mean
// time per call, or the percentile of the calls' times); Bytes and Allocs on
// the fewest per call of several rounds (see MemoryPerCall). Under the race
// detector, Bytes and Allocs are only logged.
//
// CPU, Syscalls and IOBytes (perf.ReadUsage), Iterations (its Counter) and
// Depth (its Recursion) are judged on the fewest per call of several
// rounds too; a figure the system does not measure (I/O outside Linux) is
// logged as unmeasured.
func AssertContract(t TB, c *perf.Contract, f func(), opts ...Option) {
	t.Helper()
	if c == nil {
		t.Errorf("perftest: AssertContract with a nil contract")
		return
	}
	var mem *memoryResult
	var res resources
	for _, l := range c.Limits() {
		var r result
		switch l := l.(type) {
		case perf.Latency:
			r = judgeLatency(f, l, opts)
		case perf.Bytes:
			if mem == nil {
				mem = measureMemory(f, opts)
			}
			r = mem.judge("bytes", "B", mem.bytes, l.Max)
		case perf.Allocs:
			if mem == nil {
				mem = measureMemory(f, opts)
			}
			r = mem.judge("allocs", "allocs", mem.allocs, l.Max)
		case perf.CPU, perf.Syscalls, perf.IOBytes, perf.Iterations, perf.Depth:
			r = res.judge(t, c, l, f, opts) // resource.go
		default:
			t.Errorf("perftest: %s: this version of perftest cannot measure %T", c.ID(l), l)
			continue
		}
		if r.ok {
			continue
		}
		msg := fmt.Sprintf("perftest: %s: %s", c.ID(l), r.message)
		if r.advisory {
			t.Logf("%s (advisory under -race)", msg)
			continue
		}
		t.Errorf("%s", msg)
		c.Collector().Record(perf.Violation{
			ContractID: c.ID(l),
			Target:     c.Target(),
			Metric:     r.metric,
			Percentile: r.percentile,
			Measured:   r.measured,
			Threshold:  r.threshold,
			Unit:       r.unit,
			Samples:    r.samples,
			Context:    map[string]any{"test": t.Name()},
		})
	}
}

// AssertLatency calls f many times and fails t when the time per call (the
// mean, or lim.Percentile of the calls' times) in the quietest round is
// longer than lim.Max. Enforce is ignored.
func AssertLatency(t TB, lim perf.Latency, f func(), opts ...Option) {
	t.Helper()
	if lim.Max <= 0 || lim.Percentile < 0 || lim.Percentile >= 100 {
		t.Errorf("perftest: invalid latency limit: max %v, percentile %v", lim.Max, lim.Percentile)
		return
	}
	if r := judgeLatency(f, lim, opts); !r.ok {
		t.Errorf("perftest: %s", r.message)
	}
}

// AssertAllocs calls f many times and fails t when it makes more than max
// heap allocations per call in every round (see MemoryPerCall). Under the
// race detector it only logs.
func AssertAllocs(t TB, max int64, f func(), opts ...Option) {
	t.Helper()
	m := measureMemory(f, opts)
	m.report(t, m.judge("allocs", "allocs", m.allocs, max))
}

// AssertBytes calls f many times and fails t when it allocates more than
// max bytes per call in every round (see MemoryPerCall). Under the race
// detector it only logs.
func AssertBytes(t TB, max int64, f func(), opts ...Option) {
	t.Helper()
	m := measureMemory(f, opts)
	m.report(t, m.judge("bytes", "B", m.bytes, max))
}

// result is one limit judged.
type result struct {
	ok, advisory        bool
	metric, unit        string
	percentile          float64
	measured, threshold float64 // in unit
	samples             int
	message             string // "p99 4.1ms > max 1ms (...)"
}

func judgeLatency(f func(), l perf.Latency, opts []Option) result {
	d, s := latencyPerCall(f, l.Percentile, opts)
	what := "mean"
	if l.Percentile > 0 {
		what = "p" + strconv.FormatFloat(l.Percentile, 'f', -1, 64)
	}
	return result{
		ok:         d <= l.Max,
		metric:     "latency",
		unit:       "ms",
		percentile: l.Percentile,
		measured:   float64(d) / float64(time.Millisecond),
		threshold:  float64(l.Max) / float64(time.Millisecond),
		samples:    s.calls,
		message: fmt.Sprintf("%s %v > max %v (quietest of %d rounds of %d calls)",
			what, d, l.Max, s.rounds, s.calls),
	}
}

type memoryResult struct {
	bytes, allocs float64
	s             settings
}

func measureMemory(f func(), opts []Option) *memoryResult {
	b, a, s := memoryPerCall(f, opts)
	return &memoryResult{bytes: b, allocs: a, s: s}
}

func (m *memoryResult) judge(metric, unit string, measured float64, max int64) result {
	return result{
		ok:        measured <= float64(max),
		advisory:  race.Enabled,
		metric:    metric,
		unit:      unit,
		measured:  measured,
		threshold: float64(max),
		samples:   m.s.calls,
		message: fmt.Sprintf("%s %s per call > max %d (fewest of %d rounds of %d calls)",
			strconv.FormatFloat(measured, 'f', -1, 64), unit, max, m.s.rounds, m.s.calls),
	}
}

func (m *memoryResult) report(t TB, r result) {
	t.Helper()
	switch {
	case r.ok:
	case r.advisory:
		t.Logf("perftest: %s (advisory under -race)", r.message)
	default:
		t.Errorf("perftest: %s", r.message)
	}
}
