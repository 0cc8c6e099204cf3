// Package misses holds functions above their declared bound that the
// analyzer does not flag, by design: each says what it does not follow.
// The runtime fit catches them; docs/lint.md lists the same limits.
package misses

import "strings"

// Two strings are two sizes (s and sep, text and pattern usually are):
// nested loops over a and b are not taken as n^2.
//
//perf:complexity max=O(n)
func EditDistance(a, b string) int {
	d := 0
	for i := range a {
		for j := range b {
			if a[i] != b[j] {
				d++
			}
		}
	}
	return d
}

// Functions of other packages (here strings.Repeat, linear in its count)
// are not followed, except the standard library table.
//
//perf:complexity max=O(n)
func Other(xs []string) int {
	n := 0
	for _, x := range xs {
		n += len(strings.Repeat(x, len(xs)))
	}
	return n
}

// Calls through interfaces and function values are not followed.
type finder interface{ Find(xs []int, x int) int }

//perf:complexity max=O(n)
func Iface(f finder, xs []int) int {
	n := 0
	for _, x := range xs {
		n += f.Find(xs, x)
	}
	return n
}

// Mutual recursion: the call that closes the cycle counts as O(1).
//
//perf:complexity max=O(1)
func Even(n int) bool {
	if n == 0 {
		return true
	}
	return Odd(n - 1)
}

func Odd(n int) bool {
	if n == 0 {
		return false
	}
	return Even(n - 1)
}

// A closure calling itself is not followed into itself.
//
//perf:complexity max=O(1)
func RecursiveClosure(xs []int) int {
	var walk func(i int) int
	walk = func(i int) int {
		if i >= len(xs) {
			return 0
		}
		return xs[i] + walk(i+1)
	}
	return walk(0)
}

// A work list that starts as a literal is not traced to the input.
//
//perf:complexity max=O(1)
func BFS(adj [][]int, start int) int {
	seen := make([]bool, len(adj))
	queue := []int{start}
	n := 0
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		n++
		for _, w := range adj[v] {
			if !seen[w] {
				seen[w] = true
				queue = append(queue, w)
			}
		}
	}
	return n
}

// Loops with a variable stride are not counted.
//
//perf:complexity max=O(1)
func Stride(xs []int, k int) int {
	n := 0
	for i := 0; i < len(xs); i += k {
		n += xs[i]
	}
	return n
}

// Walking a tree recursively: calls on fields are walks down a
// structure whose size is not known, counted as O(1) per call.
type Tree struct{ Left, Right *Tree }

//perf:complexity max=O(1)
func (t *Tree) Size() int {
	if t == nil {
		return 0
	}
	return 1 + t.Left.Size() + t.Right.Size()
}

// A collection returned by a function of the package is not traced to
// the input (only its cost is).
func (s *Store) all() []int { return s.items }

type Store struct{ items []int }

//perf:complexity max=O(n)
func (s *Store) Pairs() int {
	n := 0
	for _, a := range s.all() {
		for _, b := range s.all() {
			n += a * b
		}
	}
	return n
}
