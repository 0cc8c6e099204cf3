// Package honest holds functions whose declared complexity is right (or
// above what their structure suggests): none may be flagged.
package honest

import (
	"container/heap"
	"sort"
	"strings"
)

type Product struct {
	SKU, Name, Category string
	Tags                []string
}

//perf:complexity max=O(n log n)
func SortThenScan(xs []int) int {
	sort.Ints(xs)
	n := 0
	for i := 1; i < len(xs); i++ {
		if xs[i] == xs[i-1] {
			n++
		}
	}
	return n
}

var neighbours = []int{-1, 0, 1}

type point struct{ x, y int }

var dirs = [4]point{{0, 1}, {1, 0}, {0, -1}, {-1, 0}}

// Inner loops over small fixed collections: a literal, a package-level
// slice, an array, a constant count.
//
//perf:complexity max=O(n)
func FixedInner(xs []int) int {
	n := 0
	for i := range xs {
		for _, d := range []int{-2, 2} {
			n += d * i
		}
		for _, d := range neighbours {
			if j := i + d; j >= 0 && j < len(xs) {
				n += xs[j]
			}
		}
		for _, d := range dirs {
			n += d.x * d.y
		}
		for k := 0; k < 10; k++ {
			n += k
		}
		for range 4 {
			n++
		}
	}
	return n
}

//perf:complexity max=O(n)
func MapLookups(xs []string) map[string]int {
	counts := map[string]int{}
	for _, x := range xs {
		if _, ok := counts[x]; !ok {
			counts[x] = 0
		}
		counts[x]++
	}
	return counts
}

// DuplicatesByMap keeps the linear contract that nested/Duplicates breaks.
//
//perf:complexity max=O(n)
func DuplicatesByMap(products []Product) [][2]string {
	first := map[string]string{}
	var pairs [][2]string
	for _, p := range products {
		key := strings.ToLower(strings.TrimSpace(p.Name))
		if sku, ok := first[key]; ok {
			pairs = append(pairs, [2]string{sku, p.SKU})
			continue
		}
		first[key] = p.SKU
	}
	return pairs
}

//perf:complexity max=O(log n)
func BinarySearch(xs []int, x int) int {
	lo, hi := 0, len(xs)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if xs[mid] < x {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

//perf:complexity max=O(log n)
func BinarySearchDiv(xs []int, x int) bool {
	lo, hi := 0, len(xs)-1
	for lo <= hi {
		mid := lo + (hi-lo)/2
		switch {
		case xs[mid] == x:
			return true
		case xs[mid] < x:
			lo = mid + 1
		default:
			hi = mid - 1
		}
	}
	return false
}

//perf:complexity max=O(log n)
func SortSearch(xs []int, x int) int {
	return sort.Search(len(xs), func(i int) bool { return xs[i] >= x })
}

//perf:complexity max=O(log n)
func Bits(n int) int {
	c := 0
	for n > 0 {
		c += n & 1
		n >>= 1
	}
	return c
}

//perf:complexity max=O(n)
func Sequential(xs []int) (int, int) {
	lo, hi := 0, 0
	for _, x := range xs {
		lo = min(lo, x)
	}
	for _, x := range xs {
		hi = max(hi, x)
	}
	return lo, hi
}

// Window looks at most three ahead of each element.
//
//perf:complexity max=O(n)
func Window(xs []int) int {
	n := 0
	for i := range xs {
		for j := i; j < i+3 && j < len(xs); j++ {
			n += xs[j]
		}
		for j := i + 1; j < len(xs) && j-i <= 8; j++ {
			n -= xs[j]
		}
	}
	return n
}

// FirstMatches stops its inner scan after a constant number of hits, or
// at once.
//
//perf:complexity max=O(n)
func FirstMatches(xs []int) int {
	n := 0
	for _, x := range xs {
		found := 0
		for _, y := range xs {
			if y > x {
				found++
				if found >= 3 {
					break
				}
			}
		}
		var top []int
		for _, y := range xs {
			top = append(top, y)
			if len(top) == 5 {
				break
			}
		}
		for _, y := range xs {
			n += y
			break
		}
		n += found + len(top)
	}
	return n
}

// Tokens is a scanner: the inner loops advance the outer loop's cursor.
//
//perf:complexity max=O(n)
func Tokens(s string) []string {
	var out []string
	i := 0
	for i < len(s) {
		if s[i] == ' ' {
			i++
			continue
		}
		start := i
		for i < len(s) && s[i] != ' ' {
			i++
		}
		out = append(out, s[start:i])
	}
	return out
}

// Fields scans ahead with its own index, then jumps the cursor past it.
//
//perf:complexity max=O(n)
func Fields(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] != ',' {
			j++
		}
		out = append(out, s[i:j])
		i = j + 1
	}
	return out
}

// Tags loops over each product's own tags: the total is the input's size.
//
//perf:complexity max=O(n)
func Tags(products []Product) map[string]int {
	m := map[string]int{}
	for _, p := range products {
		for _, t := range p.Tags {
			m[t]++
		}
	}
	for i := range products {
		for _, t := range products[i].Tags {
			m[t]--
		}
	}
	return m
}

type Rule struct{ Header string }

// Match loops over rules and, for each, over the request's headers: two
// different sizes (rules, headers), not one squared.
//
//perf:complexity max=O(n)
func Match(rules []Rule, headers []string) int {
	n := 0
	for _, r := range rules {
		for _, h := range headers {
			if r.Header == h {
				n++
			}
		}
	}
	return n
}

// Grid is rows × cols, two integers: not taken as one size.
//
//perf:complexity max=O(n)
func Grid(rows, cols int) int {
	n := 0
	for i := range rows {
		for j := range cols {
			n += i * j
		}
	}
	return n
}

// Doubling: log n rounds of a linear pass.
//
//perf:complexity max=O(n log n)
func Doubling(xs []int) int {
	n := 0
	for w := 1; w < len(xs); w *= 2 {
		for i := range xs {
			n += xs[i] * w
		}
	}
	return n
}

type intHeap []int

func (h intHeap) Len() int           { return len(h) }
func (h intHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h intHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *intHeap) Push(x any)        { *h = append(*h, x.(int)) }
func (h *intHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

//perf:complexity max=O(n log n)
func HeapSort(xs []int) []int {
	h := &intHeap{}
	for _, x := range xs {
		heap.Push(h, x)
	}
	out := make([]int, 0, len(xs))
	for h.Len() > 0 {
		out = append(out, heap.Pop(h).(int))
	}
	return out
}

// Search is the catalog's: strings functions on one name are O(1) here.
//
//perf:complexity max=O(n)
func Search(names []string, query string, limit int) []string {
	q := strings.ToLower(query)
	var out []string
	for _, name := range names {
		if strings.Contains(name, q) || strings.EqualFold(name, query) {
			out = append(out, name)
			if len(out) == limit {
				break
			}
		}
	}
	return out
}

//perf:complexity max=O(n)
func TwoPointers(xs []int) bool {
	i, j := 0, len(xs)-1
	for i < j {
		if xs[i] != xs[j] {
			return false
		}
		i++
		j--
	}
	return true
}

// BFS over an adjacency list: each vertex's neighbours are its own list.
//
//perf:complexity max=O(n)
func BFS(adj [][]int, start int) []int {
	seen := make([]bool, len(adj))
	queue := []int{start}
	var order []int
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		order = append(order, v)
		for _, w := range adj[v] {
			if !seen[w] {
				seen[w] = true
				queue = append(queue, w)
			}
		}
	}
	return order
}

// NoDirective is quadratic and says nothing: not checked.
func NoDirective(xs []int) int {
	n := 0
	for _, a := range xs {
		for _, b := range xs {
			n += a * b
		}
	}
	return n
}

// Cubic declared cubic.
//
//perf:complexity max=O(n^3)
func Cubic(xs []int) int {
	n := 0
	for _, a := range xs {
		for _, b := range xs {
			for _, c := range xs {
				n += a * b * c
			}
		}
	}
	return n
}

// Exponential is never above O(2^n).
//
//perf:complexity max=O(2^n)
func Exponential(n int) int {
	if n < 2 {
		return n
	}
	return Exponential(n-1) + Exponential(n-2)
}

// Sqrt loops up to the square root: not counted as n.
//
//perf:complexity max=O(1)
func Prime(n int) bool {
	for i := 2; i*i <= n; i++ {
		if n%i == 0 {
			return false
		}
	}
	return n > 1
}

func process(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

// Exits: a branch that leaves the loop runs once, not once per trip.
//
//perf:complexity max=O(n)
func Exits(xs []int, target int) int {
	for _, x := range xs {
		if x == target {
			return process(xs)
		}
	}
outer:
	for _, a := range xs {
		for _, b := range xs {
			if a == b {
				for range xs {
				}
				break outer
			}
		}
		break
	}
	for _, x := range xs {
		switch {
		case x < 0:
			n := process(xs)
			panic(n)
		case x == 0:
			break // leaves the switch only: but the case costs O(1)
		}
	}
	return -1
}

// Chunks walks windows of its input: each element once.
//
//perf:complexity max=O(n)
func Chunks(xs []int, size int) int {
	n := 0
	for i := 0; i < len(xs); i += 100 {
		end := min(i+100, len(xs))
		for _, x := range xs[i:end] {
			n += x
		}
	}
	for len(xs) > 0 {
		k := min(16, len(xs))
		batch := xs[:k]
		xs = xs[k:]
		for _, x := range batch {
			n -= x
		}
	}
	return n
}

func flush(buf []int) int { return process(buf) }

// Batches appends to a buffer it empties: the buffer does not grow with
// the input.
//
//perf:complexity max=O(n)
func Batches(xs []int) int {
	var buf []int
	n := 0
	for _, x := range xs {
		buf = append(buf, x)
		if len(buf) == 64 {
			n += flush(buf)
			buf = buf[:0]
		}
	}
	return n + flush(buf)
}

// Lazy copies on first change: the copy runs once.
//
//perf:complexity max=O(n)
func Canonical(name string) string {
	var b []byte
	for i, c := range []byte(name) {
		if c == '_' {
			c = ' '
		}
		if b == nil {
			if c == name[i] {
				continue
			}
			b = make([]byte, i, len(name))
			copy(b, name[:i])
		}
		b = append(b, c)
	}
	if b == nil {
		return name
	}
	return string(b)
}

func swapRange(xs []int, a, b, n int) {
	for i := range n {
		xs[a+i], xs[b+i] = xs[b+i], xs[a+i]
	}
}

// Rotate by the Gries-Mills block swap: variable steps are not counted.
//
//perf:complexity max=O(n)
func Rotate(xs []int, m int) {
	i, j := m, len(xs)-m
	for i != j {
		if i > j {
			swapRange(xs, m-i, m, j)
			i -= j
		} else {
			swapRange(xs, m-i, m+j-i, i)
			j -= i
		}
	}
	swapRange(xs, m-i, m, i)
}

func scanChunk(p string) (chunk, rest string) {
	i := 0
	for i < len(p) && p[i] != '*' {
		i++
	}
	return p[:i], p[i:]
}

// Chunks consumes its pattern a chunk at a time.
//
//perf:complexity max=O(n)
func Consume(pattern string) int {
	n := 0
	for len(pattern) > 0 {
		var chunk string
		chunk, pattern = scanChunk(pattern)
		n += len(chunk)
		if len(pattern) > 0 {
			pattern = pattern[1:]
		}
	}
	return n
}

// SortEach sorts each product's own tags: an element's collection, not
// the input.
//
//perf:complexity max=O(n)
func SortEach(products []Product) {
	for _, p := range products {
		sort.Strings(p.Tags)
	}
}
