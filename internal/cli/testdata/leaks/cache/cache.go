// Package cache has a cache that forgets nothing and a worker pool that
// does not stop its workers, for choragen's leak checks to find, beside
// their well-behaved twins.
package cache

import "sync"

// Unbounded keeps every value it is given.
type Unbounded struct {
	mu sync.Mutex
	m  map[int][]byte
}

// Put stores v under k, forever.
func (c *Unbounded) Put(k int, v []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[int][]byte{}
	}
	c.m[k] = v
}

// Bounded keeps the values of the last Size keys.
type Bounded struct {
	Size int
	mu   sync.Mutex
	m    map[int][]byte
}

// Put stores v under k, replacing the value of k-Size.
func (c *Bounded) Put(k int, v []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[int][]byte{}
	}
	delete(c.m, k-c.Size)
	c.m[k] = v
}

// Pool runs jobs on background workers.
type Pool struct {
	jobs chan func()
	wg   sync.WaitGroup
}

// Start starts n workers.
func Start(n int) *Pool {
	p := &Pool{jobs: make(chan func())}
	for range n {
		p.wg.Go(func() {
			for job := range p.jobs {
				job()
			}
		})
	}
	return p
}

// Close stops the workers and waits for them.
func (p *Pool) Close() {
	close(p.jobs)
	p.wg.Wait()
}
