package work

import (
	"testing"

	"github.com/choragen/choragen/perf/perftest"
)

var sink int

func BenchmarkChurn(b *testing.B) {
	perftest.ReportPeakHeap(b)
	for b.Loop() {
		sink += Churn()
	}
}

func BenchmarkHold(b *testing.B) {
	perftest.ReportPeakHeap(b)
	for b.Loop() {
		sink += Hold()
	}
}

// BenchmarkProbe reports a peak heap of 0 under gcstoptheworld and of a
// terabyte otherwise, and 1 iteration per call in the ordinary run and 2
// under gcstoptheworld.
func BenchmarkProbe(b *testing.B) {
	heap, iterations := float64(1<<40), 1.0
	if StopTheWorld() {
		heap, iterations = 0, 2
	}
	for b.Loop() {
		Probe()
	}
	b.ReportMetric(heap, "peak-heap-B")
	b.ReportMetric(iterations, "iterations/op")
}

func BenchmarkPlain(b *testing.B) {
	if StopTheWorld() {
		b.Fatal("BenchmarkPlain ran under gcstoptheworld: it has no heap contract")
	}
	for b.Loop() {
		Plain()
	}
	b.ReportMetric(1, "iterations/op")
}
