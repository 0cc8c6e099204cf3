package api

import (
	"fmt"
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	// Unit metadata, as perftest prints it: queries are exact counts.
	fmt.Println("Unit queries/op assume=exact better=lower")
	os.Exit(m.Run())
}

func BenchmarkList(b *testing.B) {
	for b.Loop() {
		List(16)
	}
}

func BenchmarkSort(b *testing.B) {
	for _, n := range []int{10, 100, 1000} {
		xs := make([]int, n)
		for i := range xs {
			xs[i] = (i * 7919) % n
		}
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			for b.Loop() {
				Sort(xs)
			}
		})
	}
}

// BenchmarkQueries reports custom metrics: an exact count and a
// percentile, as perftest and perfsql do.
func BenchmarkQueries(b *testing.B) {
	for b.Loop() {
		List(4)
	}
	b.ReportMetric(3, "queries/op")
	b.ReportMetric(1500, "p99-ns/op")
}

// BenchmarkLogs logs, which test2json reports with a "bench" event.
func BenchmarkLogs(b *testing.B) {
	for b.Loop() {
		List(2)
	}
	b.Logf("ran %d", b.N)
}
