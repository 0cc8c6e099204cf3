package perf

import (
	"runtime"
	"sync"
	"testing"
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"
)

// The candidates for per-target percentiles: this package's sharded
// atomic histogram, the same with a single shard, and HdrHistogram, which
// needs a lock around every record.
type recorder interface{ Record(time.Duration) }

type lockedHDR struct {
	mu sync.Mutex
	h  *hdrhistogram.Histogram
}

func (l *lockedHDR) Record(d time.Duration) {
	l.mu.Lock()
	_ = l.h.RecordValue(min(max(int64(d), 1), int64(time.Hour)))
	l.mu.Unlock()
}

func candidates() []struct {
	name string
	new  func() recorder
} {
	return []struct {
		name string
		new  func() recorder
	}{
		{"own", func() recorder { return NewHistogram() }},
		{"own-1shard", func() recorder { return &Histogram{shards: make([]histShard, 1)} }},
		// 1ns to 1h at 2 significant digits: 1% error, close to this
		// package's 1.6%.
		{"hdr-mutex", func() recorder { return &lockedHDR{h: hdrhistogram.New(1, int64(time.Hour), 2)} }},
	}
}

// BenchmarkHistogramRecord compares the cost of recording one duration,
// alone and with 8 goroutines recording into one histogram.
//
//	go test -run '^$' -bench 'HistogramRecord' -count 6 ./perf
func BenchmarkHistogramRecord(b *testing.B) {
	for _, c := range candidates() {
		b.Run(c.name+"/goroutines=1", func(b *testing.B) {
			h := c.new()
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				h.Record(time.Duration(i&0xffff) * time.Microsecond)
			}
		})
		b.Run(c.name+"/goroutines=8", func(b *testing.B) {
			h := c.new()
			b.ReportAllocs()
			b.SetParallelism(parallelism(8))
			b.RunParallel(func(pb *testing.PB) {
				for i := 0; pb.Next(); i++ {
					h.Record(time.Duration(i&0xffff) * time.Microsecond)
				}
			})
		})
	}
}

// parallelism is the b.SetParallelism that runs n goroutines.
func parallelism(n int) int { return max(1, n/runtime.GOMAXPROCS(0)) }

// BenchmarkHistogramQuantile measures reading a quantile, which walks the
// buckets of every shard: what judging a percentile window costs.
func BenchmarkHistogramQuantile(b *testing.B) {
	h := NewHistogram()
	for i := range 100000 {
		h.Record(time.Duration(i) * time.Microsecond)
	}
	for b.Loop() {
		_ = h.Quantile(99)
	}
}
