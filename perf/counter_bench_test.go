package perf_test

import (
	"testing"

	"github.com/choragen/choragen/perf"
)

// BenchmarkCounter measures what counting costs: Counter.Add per call, and
// Recursion.Enter with Leave per level, against the same loop without
// them. Goal (BENCHMARKS.md): a few nanoseconds, no allocation.
func BenchmarkCounter(b *testing.B) {
	var c perf.Counter
	var r perf.Recursion
	b.Run("loop/bare", func(b *testing.B) {
		for b.Loop() {
			descendBare(8)
		}
	})
	b.Run("loop/Recursion", func(b *testing.B) {
		for b.Loop() {
			descendCounted(&r, 8)
		}
	})
	b.Run("Add", func(b *testing.B) {
		for b.Loop() {
			c.Add(1)
		}
	})
	b.Run("Add/parallel", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				c.Add(1)
			}
		})
	})
	b.Run("EnterLeave", func(b *testing.B) {
		for b.Loop() {
			r.Enter()
			r.Leave()
		}
	})
	b.Run("Observe", func(b *testing.B) {
		for b.Loop() {
			r.Observe(3)
		}
	})
}

//go:noinline
func descendBare(n int) int {
	if n == 0 {
		return 0
	}
	return 1 + descendBare(n-1)
}

//go:noinline
func descendCounted(r *perf.Recursion, n int) int {
	r.Enter()
	defer r.Leave()
	if n == 0 {
		return 0
	}
	return 1 + descendCounted(r, n-1)
}

// BenchmarkReadUsage measures one reading of the process's usage: a
// getrusage call and a pread of /proc/self/io.
func BenchmarkReadUsage(b *testing.B) {
	for b.Loop() {
		perf.ReadUsage()
	}
}
