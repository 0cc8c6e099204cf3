//go:build acceptance

package perfsql_test

import (
	"fmt"
	"runtime"
	"slices"
	"testing"

	"golang.org/x/sys/unix"
)

// threadCPU returns the CPU time the calling thread has used. Unlike wall
// time it does not count the time the thread waited for a CPU, so it
// measures the work of a batch on a shared, oversubscribed machine.
func threadCPU(t *testing.T) int64 {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		t.Skipf("no thread CPU clock: %v", err)
	}
	return ts.Nano()
}

// TestAcceptanceWrapperOverhead measures the overhead goal: a prepared point
// query on in-memory SQLite through the wrapper costs at most 1.10 times
// the raw driver's. Batches of the raw and the wrapped query alternate
// (which goes first alternates too) on one locked thread, each timed in
// thread CPU time; the verdict is on the median of the paired ratios,
// which drift in machine load cancels out of.
func TestAcceptanceWrapperOverhead(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	const (
		batch  = 400
		rounds = 31
		goal   = 1.10
	)
	queries := make(map[string]*pointQuery)
	for _, impl := range impls {
		queries[impl] = newPointQuery(t, impl)
		for i := range 2 * batch { // warm caches, the scope's group, the statement
			queries[impl].run(t, i)
		}
	}
	measure := func(impl string) int64 {
		p := queries[impl]
		start := threadCPU(t)
		for i := range batch {
			p.run(t, i)
		}
		return threadCPU(t) - start
	}
	for _, impl := range impls[1:] {
		var ratios []float64
		var rawNs, implNs []float64
		for r := range rounds {
			var raw, w int64
			if r%2 == 0 {
				raw, w = measure("raw"), measure(impl)
			} else {
				w, raw = measure(impl), measure("raw")
			}
			ratios = append(ratios, float64(w)/float64(raw))
			rawNs = append(rawNs, float64(raw)/batch)
			implNs = append(implNs, float64(w)/batch)
		}
		ratio, raw, wrapped := median(ratios), median(rawNs), median(implNs)
		msg := fmt.Sprintf("%s: %.0f ns/query vs raw %.0f ns/query: ratio %.3f (goal ≤ %.2f)", impl, wrapped, raw, ratio, goal)
		t.Log(msg)
		if ratio > goal {
			t.Error(msg)
		}
	}
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
