package cache

import (
	"testing"

	"github.com/choragen/choragen/perf/perftest"
)

func TestMain(m *testing.M) { perftest.Main(m) }

// TestPoolLeaks forgets to close the pool: its two workers leak.
func TestPoolLeaks(t *testing.T) {
	perftest.NoLeaks(t)
	p := Start(2)
	p.jobs <- func() {}
}

// TestPoolClosed closes the pool: nothing leaks.
func TestPoolClosed(t *testing.T) {
	perftest.NoLeaks(t)
	p := Start(2)
	p.jobs <- func() {}
	p.Close()
}

// TestUnboundedGrows: every Put keeps 256 bytes more.
func TestUnboundedGrows(t *testing.T) {
	var c Unbounded
	k := 0
	perftest.HeapGrowth(t, func() { k++; c.Put(k, make([]byte, 256)) },
		perftest.Target("example.com/leaks/cache.(*Unbounded).Put"))
}

// TestBoundedStays: the cache is full after the warm-up round.
func TestBoundedStays(t *testing.T) {
	c := Bounded{Size: 50}
	k := 0
	perftest.HeapGrowth(t, func() { k++; c.Put(k, make([]byte, 256)) })
}
