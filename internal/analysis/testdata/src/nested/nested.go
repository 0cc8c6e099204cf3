// Package nested holds functions whose structure is above their declared
// complexity: each must be flagged at its outermost offending loop.
package nested

import (
	"maps"
	"slices"
	"sort"
	"strings"
)

type Product struct {
	SKU, Name string
	Tags      []string
}

// Duplicates compares every pair.
//
//perf:complexity max=O(n)
func Duplicates(products []Product) [][2]string {
	var pairs [][2]string
	for i := range products { // want `nested loops over products \(depth 2\) suggest O\(n\^2\), above the declared O\(n\)`
		for j := i + 1; j < len(products); j++ {
			if products[i].Name == products[j].Name {
				pairs = append(pairs, [2]string{products[i].SKU, products[j].SKU})
			}
		}
	}
	return pairs
}

//perf:complexity max=O(n)
func IndexLoops(xs []int) int {
	n := 0
	for i := 0; i < len(xs); i++ { // want `nested loops over xs \(depth 2\) suggest O\(n\^2\)`
		for j := 0; j < len(xs); j++ {
			if xs[i] < xs[j] {
				n++
			}
		}
	}
	return n
}

//perf:complexity max=O(n^2)
func Triple(xs []int) int {
	n := 0
	for _, a := range xs { // want `nested loops over xs \(depth 3\) suggest O\(n\^3\), above the declared O\(n\^2\)`
		for _, b := range xs {
			for _, c := range xs {
				if a+b == c {
					n++
				}
			}
		}
	}
	return n
}

//perf:complexity max=O(n)
func RangeInt(n int) int {
	s := 0
	for i := range n { // want `nested loops over n \(depth 2\) suggest O\(n\^2\)`
		for j := range n {
			s += i * j
		}
	}
	return s
}

//perf:complexity max=O(n)
func RangeLen(xs []string) int {
	s := 0
	for i := range len(xs) { // want `nested loops over xs \(depth 2\)`
		for _, x := range xs {
			s += i + len(x)
		}
	}
	return s
}

// Unique keeps the first of each value, searching what it kept: the kept
// slice grows with xs.
//
//perf:complexity max=O(n)
func Unique(xs []string) []string {
	var seen []string
	for _, x := range xs { // want `nested loops over xs and seen \(depth 2\)`
		found := false
		for _, s := range seen {
			if s == x {
				found = true
				break
			}
		}
		if !found {
			seen = append(seen, x)
		}
	}
	return seen
}

//perf:complexity max=O(n)
func ContainsInLoop(xs []int) int {
	n := 0
	for _, x := range xs { // want `a loop over xs with slices.Contains on xs \(O\(n\) per call\) suggests O\(n\^2\)`
		if slices.Contains(xs, x+1) {
			n++
		}
	}
	return n
}

//perf:complexity max=O(n)
func AppendAll(xs []int) []int {
	var out []int
	for range xs { // want `a loop over xs with append on xs`
		out = append(out, xs...)
	}
	return out
}

//perf:complexity max=O(n log n)
func SortInLoop(xs []int) {
	for i := range xs { // want `a loop over xs with sort.Ints on xs \(O\(n log n\) per call\) suggests O\(n\^2 log n\), above the declared O\(n log n\)`
		xs[i]++
		sort.Ints(xs)
	}
}

//perf:complexity max=O(1)
func Sum(xs []int) int {
	s := 0
	for _, x := range xs { // want `a loop over xs suggests O\(n\), above the declared O\(1\)`
		s += x
	}
	return s
}

// Find is a linear scan declared logarithmic.
//
//perf:complexity max=O(log n)
func Find(xs []int, x int) int {
	for i, v := range xs { // want `a loop over xs suggests O\(n\), above the declared O\(log n\)`
		if v == x {
			return i
		}
	}
	return -1
}

//perf:complexity max=O(n)
func InsertionSort(xs []int) {
	for i := 1; i < len(xs); i++ { // want `nested loops over xs \(depth 2\)`
		for j := i; j > 0 && xs[j-1] > xs[j]; j-- {
			xs[j-1], xs[j] = xs[j], xs[j-1]
		}
	}
}

// Intersect of two slices of one type: both are taken to grow with n.
//
//perf:complexity max=O(n)
func Intersect(a, b []int) []int {
	var out []int
	for _, x := range a { // want `nested loops over a and b \(depth 2\)`
		for _, y := range b {
			if x == y {
				out = append(out, x)
			}
		}
	}
	return out
}

//perf:complexity max=O(n)
func WhileLoops(xs []int) int {
	n, i := 0, 0
	for i < len(xs) { // want `nested loops over xs \(depth 2\)`
		j := 0
		for j < len(xs) {
			n += xs[i] * xs[j]
			j++
		}
		i++
	}
	return n
}

//perf:complexity max=O(n)
func Words(text string) int {
	words := strings.Fields(text)
	n := 0
	for _, a := range words { // want `nested loops over words \(depth 2\)`
		for _, b := range words {
			if a == b {
				n++
			}
		}
	}
	return n
}

//perf:complexity max=O(n)
func MapPairs(m map[string]int) int {
	n := 0
	for k := range maps.Keys(m) { // want `nested loops over maps.Keys\(m\) and m \(depth 2\)`
		for k2, v := range m {
			if k < k2 {
				n += v
			}
		}
	}
	return n
}

//perf:complexity max=O(1)
func Drain(ch <-chan int) int {
	n := 0
	for v := range ch { // want `a loop over ch suggests O\(n\), above the declared O\(1\)`
		n += v
	}
	return n
}

type node struct {
	val  int
	next *node
}

//perf:complexity max=O(n)
func ListPairs(head *node) int {
	n := 0
	for p := head; p != nil; p = p.next { // want `nested loops over head \(depth 2\)`
		for q := head; q != nil; q = q.next {
			if p.val == q.val {
				n++
			}
		}
	}
	return n
}

//perf:complexity max=O(n)
func Reversed(xs []int) int {
	n := 0
	for i := len(xs) - 1; i >= 0; i-- { // want `nested loops over xs \(depth 2\)`
		for j := 0; j < i; j++ {
			n += xs[j]
		}
	}
	return n
}
