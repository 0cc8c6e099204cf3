package perf_test

import (
	"context"
	"testing"
	"time"

	"github.com/choragen/choragen/perf"
)

var sink time.Duration

// body is the trivial call measured. It is not inlined, so that the bare
// case calls it as the wrapper does.
//
//go:noinline
func body(ctx context.Context, n int) (int, error) { return n + 1, nil }

// deferred is body measured by the defer form.
//
//go:noinline
func deferred(c *perf.Contract, ctx context.Context, n int) (int, error) {
	defer c.Begin().End()
	return body(ctx, n)
}

// BenchmarkOverhead measures what a contract adds to a call. The goal
// (BENCHMARKS.md): latency costs at most 1.2× bare, with 0 allocs/op.
//
//	go test -run '^$' -bench 'Overhead' -count 6 ./perf
func BenchmarkOverhead(b *testing.B) {
	ctx := context.Background()
	col := perf.NewCollector(perf.CollectorOpts{})
	contract := func(b *testing.B, limits ...perf.Limit) *perf.Contract {
		c, err := col.NewContract("example.com/bench.Body", limits...)
		if err != nil {
			b.Fatal(err)
		}
		return c
	}
	b.Run("bare", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			t := time.Now()
			body(ctx, i)
			sink += time.Since(t)
		}
	})
	b.Run("latency", func(b *testing.B) {
		b.ReportAllocs()
		f := perf.Wrap(contract(b, perf.Latency{Max: time.Second, Percentile: 99}), body)
		for i := 0; b.Loop(); i++ {
			f(ctx, i)
		}
	})
	b.Run("defer", func(b *testing.B) {
		b.ReportAllocs()
		c := contract(b, perf.Latency{Max: time.Second, Percentile: 99})
		for i := 0; b.Loop(); i++ {
			deferred(c, ctx, i)
		}
	})
	b.Run("per-call", func(b *testing.B) {
		b.ReportAllocs()
		f := perf.Wrap(contract(b, perf.Latency{Max: time.Second}), body)
		for i := 0; b.Loop(); i++ {
			f(ctx, i)
		}
	})
	b.Run("timer", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			t := perf.StartTimer("example.com/bench.Body")
			body(ctx, i)
			_ = perf.AssertLatency(t, time.Second)
		}
	})
	b.Run("enforce", func(b *testing.B) {
		b.ReportAllocs()
		f := perf.Wrap(contract(b, perf.Latency{Max: time.Second, Enforce: true}), body)
		for i := 0; b.Loop(); i++ {
			f(ctx, i)
		}
	})
	b.Run("memory", func(b *testing.B) {
		b.ReportAllocs()
		f := perf.Wrap(contract(b, perf.Allocs{Max: 1}), body)
		for i := 0; b.Loop(); i++ {
			f(ctx, i)
		}
	})
}

// BenchmarkCollectorRecord measures recording a violation, alone and with
// 8 goroutines recording at once into one collector.
//
//	go test -run '^$' -bench 'CollectorRecord' -count 6 ./perf
func BenchmarkCollectorRecord(b *testing.B) {
	v := perf.Violation{
		ContractID: "latency:example.com/bench.Body", Target: "example.com/bench.Body", Metric: "latency",
		Measured: 2, Threshold: 1, Unit: "ms", Samples: 1, Time: time.Now(), Goroutines: 1,
	}
	b.Run("goroutines=1", func(b *testing.B) {
		col := perf.NewCollector(perf.CollectorOpts{})
		b.ReportAllocs()
		for b.Loop() {
			col.Record(v)
		}
	})
	b.Run("goroutines=8", func(b *testing.B) {
		col := perf.NewCollector(perf.CollectorOpts{})
		b.ReportAllocs()
		b.SetParallelism(parallelism(8))
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				col.Record(v)
			}
		})
	})
}
