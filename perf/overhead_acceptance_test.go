//go:build acceptance

package perf_test

import (
	"context"
	"flag"
	"slices"
	"testing"
	"time"

	"github.com/choragen/choragen/perf"
)

// TestAcceptanceOverhead checks the goal of BENCHMARKS.md in CI: a call
// under a p99 latency contract costs at most 1.2 times a bare
// time.Now/time.Since pair, without allocating. The two run alternately,
// and the medians of 5 rounds are compared, so that a noisy neighbour
// slows both alike.
func TestAcceptanceOverhead(t *testing.T) {
	bt := flag.Lookup("test.benchtime")
	old := bt.Value.String()
	bt.Value.Set("100ms")
	defer bt.Value.Set(old)

	ctx := context.Background()
	c, err := perf.NewCollector(perf.CollectorOpts{}).NewContract("example.com/bench.Body",
		perf.Latency{Max: time.Second, Percentile: 99})
	if err != nil {
		t.Fatal(err)
	}
	wrapped := perf.Wrap(c, body)
	bare := func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			start := time.Now()
			body(ctx, i)
			sink += time.Since(start)
		}
	}
	latency := func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			wrapped(ctx, i)
		}
	}
	var bares, latencies []float64
	for range 5 {
		rb, rl := testing.Benchmark(bare), testing.Benchmark(latency)
		if rl.AllocsPerOp() != 0 {
			t.Errorf("latency: %d allocs/op, want 0", rl.AllocsPerOp())
		}
		bares = append(bares, float64(rb.NsPerOp()))
		latencies = append(latencies, float64(rl.NsPerOp()))
	}
	slices.Sort(bares)
	slices.Sort(latencies)
	b, l := bares[len(bares)/2], latencies[len(latencies)/2]
	t.Logf("median bare %.0f ns/op, latency %.0f ns/op: %.2f×", b, l, l/b)
	if l > 1.2*b {
		t.Errorf("latency costs %.2f× bare (%.0f vs %.0f ns/op), want at most 1.2×", l/b, l, b)
	}
}
