// Package store is a fixture: a map-backed store with benchmarks in a
// second package.
package store

import (
	"fmt"
	"testing"
)

func BenchmarkPut(b *testing.B) {
	m := map[int]int{}
	for i := 0; i < b.N; i++ {
		m[i%1024] = i
	}
}

func BenchmarkGet(b *testing.B) {
	for _, size := range []int{64, 4096} {
		m := make(map[int][]byte, size)
		for i := range size {
			m[i] = make([]byte, 8)
		}
		b.Run(fmt.Sprintf("size=%d", size), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				_ = m[i%size]
			}
		})
	}
}
