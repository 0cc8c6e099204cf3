// Package spiky is a fixture for per-call sampling: every tenth call of
// Spiky sleeps 5ms, the others return at once, so the mean of many calls
// hides what a percentile of single calls shows.
package spiky

import (
	"testing"
	"time"
)

var calls int

// Spiky is slow on every tenth call.
func Spiky() {
	calls++
	if calls%10 == 0 {
		time.Sleep(5 * time.Millisecond)
	}
}

func BenchmarkSpiky(b *testing.B) {
	for b.Loop() {
		Spiky()
	}
}
