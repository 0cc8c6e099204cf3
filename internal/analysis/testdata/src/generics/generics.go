// Package generics: type parameters are sizes like any other.
package generics

//perf:complexity max=O(n)
func Dups[T comparable](xs []T) int {
	n := 0
	for i := range xs { // want `nested loops over xs \(depth 2\)`
		for j := range xs {
			if i != j && xs[i] == xs[j] {
				n++
			}
		}
	}
	return n
}

func index[T comparable](xs []T, x T) int {
	for i, y := range xs {
		if y == x {
			return i
		}
	}
	return -1
}

//perf:complexity max=O(n)
func Indexes[T comparable](xs []T) []int {
	var out []int
	for _, x := range xs { // want `a loop over xs with a call to index \(O\(n\) per call\)`
		out = append(out, index(xs, x))
	}
	return out
}

//perf:complexity max=O(n)
func Slice[S ~[]E, E comparable](s S) int {
	n := 0
	for range s { // want `nested loops over s \(depth 2\)`
		for range len(s) {
			n++
		}
	}
	return n
}

type Stack[T any] struct{ items []T }

//perf:complexity max=O(n)
func (s *Stack[T]) Pairs(f func(a, b T)) {
	for _, a := range s.items { // want `nested loops over s.items \(depth 2\)`
		for _, b := range s.items {
			f(a, b)
		}
	}
}

//perf:complexity max=O(n)
func (s *Stack[T]) Push(x T) {
	s.items = append(s.items, x)
}

// An instantiated call to a generic method is followed.
//
//perf:complexity max=O(1)
func UseIndex(xs []string) int {
	return index(xs, "a") // want `a call to index \(O\(n\) per call\) suggests O\(n\), above the declared O\(1\)`
}
