// Package svc has functions whose latency contracts are kept and broken in
// different ways: a steady function, a slow one, and a spiky one whose mean
// is within budget but whose 99th percentile is not.
package svc

import "time"

// spin burns CPU for about d: a stand-in for real work that, unlike sleep,
// costs what it takes on a loaded machine.
func spin(d time.Duration) {
	for start := time.Now(); time.Since(start) < d; {
	}
}

var calls int

// Spiky takes 20µs, except every 25th call, which takes 4ms (a cache
// refresh on the hot path): 4% of calls, so the p99 is slow.
//
//perf:latency max=1ms
//perf:latency max=1ms p=99
func Spiky() {
	calls++
	if calls%25 == 0 {
		spin(4 * time.Millisecond)
		return
	}
	spin(20 * time.Microsecond)
}

// Steady takes 50µs every time.
//
//perf:latency max=5ms
//perf:latency max=5ms p=95
func Steady() { spin(50 * time.Microsecond) }

// Slow takes 3ms, against a budget of 1ms.
//
//perf:latency max=1ms
func Slow() { spin(3 * time.Millisecond) }

// Grow allocates 1 MiB per call, against a budget of 64 KiB.
//
//perf:memory max=64KiB allocs=1
func Grow() []byte { return make([]byte, 1<<20) }
