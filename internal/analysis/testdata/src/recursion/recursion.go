// Package recursion holds recursive functions: the obvious exponential
// and polynomial shapes are flagged, honest ones are not.
package recursion

//perf:complexity max=O(n)
func Fib(n int) int {
	if n < 2 {
		return n
	}
	return Fib(n-1) + Fib(n-2) // want `two recursive calls per call \(on n-1, n-2\) suggest O\(2\^n\), above the declared O\(n\)`
}

//perf:complexity max=O(n^2)
func Permutations(xs []int) [][]int {
	if len(xs) <= 1 {
		return [][]int{xs}
	}
	var out [][]int
	for i := range xs { // want `a recursive call on rest inside a loop over xs suggests O\(2\^n\), above the declared O\(n\^2\)`
		rest := append(append([]int{}, xs[:i]...), xs[i+1:]...)
		for _, p := range Permutations(rest) {
			out = append(out, append([]int{xs[i]}, p...))
		}
	}
	return out
}

//perf:complexity max=O(n^3)
func SubsetSum(xs []int, target int) bool {
	if len(xs) == 0 {
		return target == 0
	}
	return SubsetSum(xs[1:], target-xs[0]) || SubsetSum(xs[1:], target) // want `two recursive calls per call \(on xs\[1:\]\)`
}

//perf:complexity max=O(n^2)
func Hanoi(n int, from, to, via int, moves *[][2]int) {
	if n == 0 {
		return
	}
	Hanoi(n-1, from, via, to, moves) // want `two recursive calls per call`
	*moves = append(*moves, [2]int{from, to})
	Hanoi(n-1, via, to, from, moves)
}

// SelectionSort recurses on the rest after a linear pass: n levels of n.
//
//perf:complexity max=O(n)
func SelectionSort(xs []int) {
	if len(xs) < 2 {
		return
	}
	m := 0
	for i := range xs {
		if xs[i] < xs[m] {
			m = i
		}
	}
	xs[0], xs[m] = xs[m], xs[0]
	SelectionSort(xs[1:]) // want `recursion on xs\[1:\] \(n levels\) with a loop over xs suggests O\(n\^2\), above the declared O\(n\)`
}

// Linear recursion on n-1 under O(1).
//
//perf:complexity max=O(1)
func Factorial(n int) int {
	if n <= 1 {
		return 1
	}
	return n * Factorial(n-1) // want `recursion on n-1 \(n levels\) suggests O\(n\), above the declared O\(1\)`
}

// Honest recursion below.

//perf:complexity max=O(n)
func Sum(xs []int) int {
	if len(xs) == 0 {
		return 0
	}
	return xs[0] + Sum(xs[1:])
}

//perf:complexity max=O(n log n)
func MergeSort(xs []int) []int {
	if len(xs) <= 1 {
		return xs
	}
	mid := len(xs) / 2
	a, b := MergeSort(xs[:mid]), MergeSort(xs[mid:])
	out := make([]int, 0, len(xs))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if a[i] <= b[j] {
			out = append(out, a[i])
			i++
		} else {
			out = append(out, b[j])
			j++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}

//perf:complexity max=O(log n)
func Search(xs []int, x int) bool {
	if len(xs) == 0 {
		return false
	}
	mid := len(xs) / 2
	switch {
	case xs[mid] == x:
		return true
	case xs[mid] < x:
		return Search(xs[mid+1:], x)
	}
	return Search(xs[:mid], x)
}

// QuickSort recurses on parts of unknown size: not followed.
//
//perf:complexity max=O(n log n)
func QuickSort(xs []int) {
	if len(xs) < 2 {
		return
	}
	p := partition(xs)
	QuickSort(xs[:p])
	QuickSort(xs[p+1:])
}

func partition(xs []int) int {
	pivot, i := xs[len(xs)-1], 0
	for j := range xs[:len(xs)-1] {
		if xs[j] < pivot {
			xs[i], xs[j] = xs[j], xs[i]
			i++
		}
	}
	xs[i], xs[len(xs)-1] = xs[len(xs)-1], xs[i]
	return i
}

type Tree struct {
	Val         int
	Left, Right *Tree
	Children    []*Tree
}

// Walk visits each node once: calls on fields are walks down a structure.
//
//perf:complexity max=O(n)
func Walk(t *Tree) int {
	if t == nil {
		return 0
	}
	n := t.Val + Walk(t.Left) + Walk(t.Right)
	for _, c := range t.Children {
		n += Walk(c)
	}
	return n
}

// Depth is a method walking the same way.
//
//perf:complexity max=O(n)
func (t *Tree) Depth() int {
	if t == nil {
		return 0
	}
	return 1 + max(t.Left.Depth(), t.Right.Depth())
}

// MemoFib looks itself up first.
//
//perf:complexity max=O(n)
func MemoFib(n int, memo map[int]int) int {
	if n < 2 {
		return n
	}
	if v, ok := memo[n]; ok {
		return v
	}
	v := MemoFib(n-1, memo) + MemoFib(n-2, memo)
	memo[n] = v
	return v
}

// DFS over an adjacency matrix with a visited set.
//
//perf:complexity max=O(n^2)
func DFS(adj [][]bool, v int, seen []bool) {
	if seen[v] {
		return
	}
	seen[v] = true
	for w := range adj {
		if adj[v][w] {
			DFS(adj, w, seen)
		}
	}
}

// Branches recurses on n-1 in exclusive branches: one call per path.
//
//perf:complexity max=O(n)
func Branches(n int, left bool) int {
	if n == 0 {
		return 0
	}
	if left {
		return Branches(n-1, !left) + 1
	}
	return Branches(n-1, !left) + 2
}

// A depth counter going up is not a shrink.
//
//perf:complexity max=O(n)
func Print(t *Tree, depth int, out *[]int) {
	if t == nil {
		return
	}
	*out = append(*out, depth)
	Print(t.Left, depth+1, out)
	Print(t.Right, depth+1, out)
}
