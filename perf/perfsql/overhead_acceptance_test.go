//go:build acceptance

package perfsql_test

import (
	"fmt"
	"runtime"
	"slices"
	"testing"
)

// TestAcceptanceWrapperOverhead measures the overhead goal: a prepared point
// query on in-memory SQLite through the wrapper costs at most 1.10 times
// the raw driver's. Batches of the raw and the wrapped query alternate
// (which goes first alternates too) on one locked thread, each timed in
// thread CPU time, which leaves out the waits of a shared machine. The
// verdict is on the median of the paired ratios: a drift in the machine's
// load slows both batches of a pair, and outliers do not move a median. The
// ratio of the fastest batches is reported beside it.
func TestAcceptanceWrapperOverhead(t *testing.T) {
	if _, ok := threadCPU(); !ok {
		t.Skip("no thread CPU clock on this system")
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	const (
		batch  = 300
		rounds = 61
		goal   = 1.10
	)
	queries := make(map[string]*pointQuery)
	for _, impl := range impls {
		queries[impl] = newPointQuery(t, impl)
		for i := range 2 * batch { // warm caches, the scope's group, the statement
			queries[impl].run(t, i)
		}
	}
	for _, w := range []struct {
		name string
		run  func(*pointQuery, testing.TB, int)
	}{
		{"prepared", (*pointQuery).run},
		{"unprepared", (*pointQuery).runUnprepared},
	} {
		measure := func(impl string) int64 {
			p := queries[impl]
			start, _ := threadCPU()
			for i := range batch {
				w.run(p, t, i)
			}
			end, _ := threadCPU()
			return end - start
		}
		for _, impl := range impls[1:] {
			var ratios, rawNs, implNs []float64
			for r := range rounds {
				var raw, cost int64
				if r%2 == 0 {
					raw, cost = measure("raw"), measure(impl)
				} else {
					cost, raw = measure(impl), measure("raw")
				}
				ratios = append(ratios, float64(cost)/float64(raw))
				rawNs = append(rawNs, float64(raw)/batch)
				implNs = append(implNs, float64(cost)/batch)
			}
			ratio := median(ratios)
			msg := fmt.Sprintf("%s %s: %.0f ns/query vs raw %.0f ns/query (medians): median of paired ratios %.3f (goal ≤ %.2f); fastest batches %.3f",
				w.name, impl, median(implNs), median(rawNs), ratio, goal, slices.Min(implNs)/slices.Min(rawNs))
			t.Log(msg)
			// The goal is the prepared point query's; the unprepared one
			// is reported.
			if w.name == "prepared" && ratio > goal {
				t.Error(msg)
			}
		}
	}
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
