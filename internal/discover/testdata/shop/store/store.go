// Package store has methods on pointer, value and generic receivers.
package store

type DB struct{ n int }

// Get reads one row.
//
//perf:queries max=1
//perf:latency max=500us
func (db *DB) Get(key string) int { return db.n }

// Len has a value receiver.
//
//perf:cpu max=1ms
func (db DB) Len() int { return db.n }

type List[T any] struct{ items []T }

// Push appends.
//
//perf:complexity max=O(1)
//perf:memory allocs=1
func (l *List[T]) Push(v T) { l.items = append(l.items, v) }

// Len has a generic value receiver.
func (l List[T]) Len() int { return len(l.items) }

// Map is a generic function.
//
//perf:complexity max=O(n)
func Map[T, U any](xs []T, f func(T) U) []U { return nil }

// Pair has two type parameters.
type Pair[K comparable, V any] struct{}

// Put binds by convention to BenchmarkPair_Put.
func (p *Pair[K, V]) Put(k K, v V) {}
