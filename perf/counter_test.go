package perf_test

import (
	"sync"
	"testing"

	"github.com/choragen/choragen/internal/race"
	"github.com/choragen/choragen/perf"
	"github.com/choragen/choragen/perf/perftest"
)

func TestCounterConcurrent(t *testing.T) {
	var c perf.Counter
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 1000 {
				c.Inc()
			}
			c.Add(10)
		})
	}
	wg.Wait()
	if got, want := c.Load(), int64(8*1000+8*10); got != want {
		t.Errorf("Load = %d, want %d", got, want)
	}
}

// descend recurses n levels below itself.
func descend(r *perf.Recursion, n int) {
	r.Enter()
	defer r.Leave()
	if n > 0 {
		descend(r, n-1)
	}
}

func TestRecursion(t *testing.T) {
	var r perf.Recursion
	check := func(what string, depth, max int) {
		t.Helper()
		if r.Depth() != depth || r.Max() != max {
			t.Errorf("%s: depth %d, max %d; want %d, %d", what, r.Depth(), r.Max(), depth, max)
		}
	}
	check("zero value", 0, 0)
	if d := r.Enter(); d != 1 {
		t.Errorf("first Enter = %d, want 1", d)
	}
	r.Leave()
	check("one call", 0, 1)
	descend(&r, 9)
	check("ten levels", 0, 10)
	descend(&r, 2)
	check("shallower call", 0, 10)
	if prev := r.ResetMax(); prev != 10 {
		t.Errorf("ResetMax = %d, want 10", prev)
	}
	check("after ResetMax", 0, 0)
	descend(&r, 2)
	check("after ResetMax and a call", 0, 3)

	// ResetMax inside a call: the deepest starts from the current depth.
	r.Enter()
	r.Enter()
	r.ResetMax()
	check("reset at depth 2", 2, 2)
	r.Leave()
	r.Leave()
}

func TestRecursionObserveConcurrent(t *testing.T) {
	var r perf.Recursion
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for d := range 100 + g {
				r.Observe(d + 1)
			}
		})
	}
	wg.Wait()
	if r.Max() != 107 || r.Depth() != 0 {
		t.Errorf("max %d, depth %d; want 107, 0", r.Max(), r.Depth())
	}
	// Concurrent Enter and Leave are race-free, and balance out.
	for range 8 {
		wg.Go(func() { descend(&r, 50) })
	}
	wg.Wait()
	if r.Depth() != 0 || r.Max() < 107 {
		t.Errorf("after concurrent recursion: depth %d, max %d", r.Depth(), r.Max())
	}
}

func TestCounterZeroAlloc(t *testing.T) {
	if race.Enabled {
		t.Skip("allocation counts differ under -race")
	}
	var c perf.Counter
	var r perf.Recursion
	for name, f := range map[string]func(){
		"Counter.Add":            func() { c.Add(3) },
		"Counter.Load":           func() { _ = c.Load() },
		"Recursion.Enter, Leave": func() { r.Enter(); r.Leave() },
		"Recursion.Observe":      func() { r.Observe(5) },
	} {
		// Not testing.AllocsPerRun, which rounds down: one allocation in
		// 1000 calls shows here in every round.
		if _, n := perftest.MemoryPerCall(f, perftest.Calls(1000), perftest.Rounds(3)); n != 0 {
			t.Errorf("%s: %v allocations per call, want 0", name, n)
		}
	}
}
