// Package algo has functions of known complexity under honest and broken
// //perf:complexity bounds, measured by ordinary n= sub-benchmarks.
package algo

import (
	"slices"
	"sort"
)

// Sum is linear, declared linear.
//
//perf:complexity max=O(n)
func Sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

// Find is a binary search, declared logarithmic.
//
//perf:complexity max=O(log n)
func Find(xs []int, x int) bool {
	i := sort.SearchInts(xs, x)
	return i < len(xs) && xs[i] == x
}

// Sorted sorts a copy: n log n, declared so.
//
//perf:complexity max=O(n log n)
func Sorted(xs []int) []int {
	c := slices.Clone(xs)
	slices.Sort(c)
	return c
}

// Lookup is a map lookup, declared constant.
//
//perf:complexity max=O(1)
func Lookup(m map[int]int, k int) int { return m[k] }

// CountPairs compares every pair: quadratic, declared linear (broken).
//
//perf:complexity max=O(n)
func CountPairs(xs []int) int {
	n := 0
	for i := range xs {
		for j := i + 1; j < len(xs); j++ {
			if xs[i]+xs[j] == 0 {
				n++
			}
		}
	}
	return n
}

// Max is linear, declared constant (broken).
//
//perf:complexity max=O(1)
func Max(xs []int) int {
	m := xs[0]
	for _, x := range xs[1:] {
		m = max(m, x)
	}
	return m
}

// Triples checks every triple: cubic, declared quadratic (broken).
//
//perf:complexity max=O(n^2)
func Triples(xs []int) int {
	n := 0
	for i := range xs {
		for j := i + 1; j < len(xs); j++ {
			for k := j + 1; k < len(xs); k++ {
				if xs[i]+xs[j]+xs[k] == 0 {
					n++
				}
			}
		}
	}
	return n
}
