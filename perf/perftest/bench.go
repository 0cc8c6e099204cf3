package perftest

import (
	"testing"
	"time"

	"github.com/choragen/choragen/perf"
)

// The percentiles a benchmark reports, as the units "p50-ns/op",
// "p95-ns/op" and "p99-ns/op".
var reported = [...]struct {
	p    float64
	unit string
}{{50, "p50-ns/op"}, {95, "p95-ns/op"}, {99, "p99-ns/op"}}

// Percentiles runs f once per iteration of b.Loop, times each call, and
// reports the 50th, 95th and 99th percentiles of the calls' times as the
// metrics p50-ns/op, p95-ns/op and p99-ns/op, beside the ns/op that
// testing reports:
//
//	func BenchmarkFetchUser(b *testing.B) {
//		db := openFixture(b) // setup runs once: b.Loop times only the loop
//		perftest.Percentiles(b, func() { FetchUser(db, "42") })
//	}
//
// Call it once per benchmark function, in place of the loop (it is the
// b.Loop of the benchmark). The cost of reading the clock (tens of
// nanoseconds, measured once per process) is subtracted from each call's
// time; ns/op still includes it. Percentiles come from a perf.Histogram: within 1.6%.
func Percentiles(b *testing.B, f func()) {
	s := &Sampler{b: b, h: perf.NewHistogram()}
	cost := clockCost()
	for b.Loop() {
		start := mono()
		f()
		s.h.Record(time.Duration(mono()-start) - cost)
	}
	s.report()
}

// A Sampler collects per-call times in a benchmark that runs its own loop,
// and reports their percentiles as Percentiles does, when the benchmark
// function returns:
//
//	func BenchmarkInsert(b *testing.B) {
//		s := perftest.NewSampler(b)
//		for b.Loop() {
//			tree := newTree() // not timed
//			s.Start()
//			tree.Insert(42)
//			s.Stop()
//		}
//	}
//
// It works with b.N loops too: testing calls such a benchmark function
// several times, and the last call's sampler reports.
type Sampler struct {
	b     *testing.B
	h     *perf.Histogram
	start int64
}

// NewSampler returns a sampler that reports when the benchmark function
// returns (b.Cleanup).
func NewSampler(b *testing.B) *Sampler {
	s := &Sampler{b: b, h: perf.NewHistogram()}
	clockCost() // measured now, not inside the loop
	b.Cleanup(s.report)
	return s
}

// Start starts timing a call. Start and Stop belong to one goroutine; in a
// parallel benchmark, time the calls yourself and use Record.
func (s *Sampler) Start() { s.start = mono() }

// Stop ends timing the call that Start began and records its time.
func (s *Sampler) Stop() {
	s.h.Record(time.Duration(mono()-s.start) - clockCost())
}

// Record records the time of one call. It is safe for concurrent use.
func (s *Sampler) Record(d time.Duration) { s.h.Record(d) }

func (s *Sampler) report() {
	if s.h.Count() == 0 {
		return
	}
	for _, r := range reported {
		s.b.ReportMetric(float64(s.h.Quantile(r.p)), r.unit)
	}
}
