package algo

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

func ints(n int) []int {
	r := rand.New(rand.NewPCG(1, uint64(n)))
	xs := make([]int, n)
	for i := range xs {
		xs[i] = r.IntN(1 << 30)
	}
	return xs
}

func sweep(b *testing.B, sizes []int, f func(b *testing.B, n int)) {
	for _, n := range sizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) { f(b, n) })
	}
}

var (
	linear    = []int{1 << 10, 1 << 12, 1 << 14, 1 << 16, 1 << 18}
	quadratic = []int{1 << 7, 1 << 8, 1 << 9, 1 << 10, 1 << 11}
	cubic     = []int{1 << 4, 1 << 5, 1 << 6, 1 << 7, 1 << 8}
	sink      int
	sinkS     []int
	sinkB     bool
)

func BenchmarkSum(b *testing.B) {
	sweep(b, linear, func(b *testing.B, n int) {
		xs := ints(n)
		for b.Loop() {
			sink = Sum(xs)
		}
	})
}

func BenchmarkFind(b *testing.B) {
	sweep(b, linear, func(b *testing.B, n int) {
		xs := Sorted(ints(n))
		i := 0
		for b.Loop() {
			sinkB = Find(xs, xs[i%n])
			i += 7919
		}
	})
}

func BenchmarkSorted(b *testing.B) {
	sweep(b, linear, func(b *testing.B, n int) {
		xs := ints(n)
		for b.Loop() {
			sinkS = Sorted(xs)
		}
	})
}

func BenchmarkLookup(b *testing.B) {
	sweep(b, linear, func(b *testing.B, n int) {
		m := make(map[int]int, n)
		for i := range n {
			m[i] = i
		}
		i := 0
		for b.Loop() {
			sink = Lookup(m, i%n)
			i += 7919
		}
	})
}

func BenchmarkCountPairs(b *testing.B) {
	sweep(b, quadratic, func(b *testing.B, n int) {
		xs := ints(n)
		for b.Loop() {
			sink = CountPairs(xs)
		}
	})
}

func BenchmarkMax(b *testing.B) {
	sweep(b, linear, func(b *testing.B, n int) {
		xs := ints(n)
		for b.Loop() {
			sink = Max(xs)
		}
	})
}

func BenchmarkTriples(b *testing.B) {
	sweep(b, cubic, func(b *testing.B, n int) {
		xs := ints(n)
		for b.Loop() {
			sink = Triples(xs)
		}
	})
}
