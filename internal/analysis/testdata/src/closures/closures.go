// Package closures: a closure's loops count where the closure runs.
package closures

import (
	"sort"
	"sync"
)

// A closure called in a loop: its loop over the input runs per iteration.
//
//perf:complexity max=O(n)
func CalledInLoop(xs []int) int {
	has := func(x int) bool {
		for _, y := range xs {
			if y == x {
				return true
			}
		}
		return false
	}
	n := 0
	for _, x := range xs { // want `nested loops over xs \(depth 2\)`
		if has(x + 1) {
			n++
		}
	}
	return n
}

// Called at once where it is written.
//
//perf:complexity max=O(n)
func Immediate(xs []int) (n int) {
	func() {
		for _, a := range xs { // want `nested loops over xs \(depth 2\)`
			for _, b := range xs {
				n += a * b
			}
		}
	}()
	return n
}

// A closure's parameter is bound to the argument of its call.
//
//perf:complexity max=O(n)
func Param(xs []int) int {
	count := func(ys []int) int {
		n := 0
		for range ys {
			n++
		}
		return n
	}
	n := 0
	for range xs { // want `nested loops over xs and ys \(depth 2\)`
		n += count(xs)
	}
	for _, x := range xs {
		n += count([]int{x}) // a literal: constant
	}
	return n
}

// Returned, not called: the function itself does not run it.
//
//perf:complexity max=O(1)
func Returned(xs []int) func() int {
	return func() int {
		n := 0
		for _, a := range xs {
			for _, b := range xs {
				n += a * b
			}
		}
		return n
	}
}

// A less function runs n log n times.
//
//perf:complexity max=O(n log n)
func LessWithLoop(xs []int) {
	sort.Slice(xs, func(i, j int) bool { // want `the function passed to sort.Slice on xs \(run O\(n log n\) times\) with a loop over xs suggests O\(n\^2 log n\), above the declared O\(n log n\)`
		s := 0
		for _, x := range xs {
			s += x
		}
		return xs[i]*s < xs[j]
	})
}

//perf:complexity max=O(n log n)
func LessPlain(xs []string) {
	sort.Slice(xs, func(i, j int) bool { return xs[i] < xs[j] })
}

// Goroutines do the work too.
//
//perf:complexity max=O(n)
func Goroutine(xs []int) int {
	var wg sync.WaitGroup
	var mu sync.Mutex
	n := 0
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, a := range xs { // want `nested loops over xs \(depth 2\)`
			for _, b := range xs {
				mu.Lock()
				n += a * b
				mu.Unlock()
			}
		}
	}()
	wg.Wait()
	return n
}

// Passed to a function of another package: counted once.
//
//perf:complexity max=O(n)
func Passed(xs []int, do func(func())) {
	do(func() {
		for range xs {
		}
	})
}
