// Package failing is a fixture: benchmarks that fail and one that panics.
// Benchmarks run in source order; the panic ends the binary, so
// BenchmarkNeverRuns never runs.
package failing

import "testing"

func BenchmarkOK(b *testing.B) {
	for i := 0; i < b.N; i++ {
		_ = i * i
	}
}

func BenchmarkFatal(b *testing.B) {
	b.Log("setting up")
	b.Fatal("database is gone")
}

func BenchmarkSub(b *testing.B) {
	b.Run("n=1", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
		}
	})
	b.Run("n=2", func(b *testing.B) {
		b.Errorf("want %d rows, got %d", 2, 3)
	})
}

func BenchmarkPanic(b *testing.B) {
	var m map[string]int
	m["x"] = 1 // assignment to entry in nil map
}

func BenchmarkNeverRuns(b *testing.B) {
	for i := 0; i < b.N; i++ {
	}
}
