package perf_test

import (
	"context"
	"testing"
	"time"

	"github.com/choragen/choragen/perf"
)

var sink time.Duration

func body(ctx context.Context, n int) (int, error) { return n + 1, nil }

func BenchmarkOverhead(b *testing.B) {
	col := perf.NewCollector(perf.CollectorOpts{})
	b.Run("bare", func(b *testing.B) {
		b.ReportAllocs()
		ctx := context.Background()
		for i := 0; b.Loop(); i++ {
			t := time.Now()
			body(ctx, i)
			sink += time.Since(t)
		}
	})
	b.Run("latency", func(b *testing.B) {
		b.ReportAllocs()
		c, err := col.NewContract("example.com/bench.Body", perf.Latency{Max: time.Second, Percentile: 99})
		if err != nil {
			b.Fatal(err)
		}
		f := perf.Wrap(c, body)
		ctx := context.Background()
		for i := 0; b.Loop(); i++ {
			f(ctx, i)
		}
	})
	b.Run("defer", func(b *testing.B) {
		b.ReportAllocs()
		c, err := col.NewContract("example.com/bench.Body", perf.Latency{Max: time.Second, Percentile: 99})
		if err != nil {
			b.Fatal(err)
		}
		ctx := context.Background()
		for i := 0; b.Loop(); i++ {
			func() {
				defer c.Begin().End()
				body(ctx, i)
			}()
		}
	})
}
