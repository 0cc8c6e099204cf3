package accuracy

import (
	"container/heap"
	"math/bits"
	"slices"
	"sort"
)

// rng is a tiny xorshift generator: deterministic inputs without math/rand's
// locking in the measured loops.
type rng uint64

func (r *rng) next() uint64 {
	x := uint64(*r)
	x ^= x << 13
	x ^= x >> 7
	x ^= x << 17
	*r = rng(x)
	return x
}

// Shuffled returns 0..n-1 in a random order.
func Shuffled(n int, seed uint64) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	r := rng(seed | 1)
	for i := n - 1; i > 0; i-- {
		j := int(r.next() % uint64(i+1))
		s[i], s[j] = s[j], s[i]
	}
	return s
}

// ---- O(1) ----

// MapLookup looks up one key in a map of n entries: O(1), but cache and TLB
// misses make it slower as the map outgrows the caches.
func MapLookup(m map[int]int, key int) int { return m[key] }

// BuildMap returns a map of n entries keyed 0..n-1.
func BuildMap(n int) map[int]int {
	m := make(map[int]int, n)
	for i := range n {
		m[i] = i * 7
	}
	return m
}

// RandomAccess reads one element of a slice at a random index: O(1), with
// cache misses once the slice outgrows the caches.
func RandomAccess(s []int, i int) int { return s[i] }

// Peek reads the ends of a slice: O(1) whatever its length.
func Peek(s []int) int { return s[0] + s[len(s)-1] }

// Ring is a fixed-capacity queue.
type Ring struct {
	buf        []int
	head, size int
}

// NewRing returns a full ring of n elements.
func NewRing(n int) *Ring { return &Ring{buf: make([]int, n), size: n} }

// Rotate pops the front and pushes it to the back: O(1).
func (r *Ring) Rotate() int {
	v := r.buf[r.head]
	r.head++
	if r.head == len(r.buf) {
		r.head = 0
	}
	tail := r.head + r.size - 1
	if tail >= len(r.buf) {
		tail -= len(r.buf)
	}
	r.buf[tail] = v + 1
	return v
}

// ---- O(log n) ----

// BinarySearch finds x in a sorted slice: O(log n); on large slices every
// probe is a cache miss.
func BinarySearch(s []int, x int) int { return sort.SearchInts(s, x) }

// Halvings counts how often n can be halved: O(log n) with tiny constants.
func Halvings(n int) int {
	c := 0
	for x := n; x > 0; x >>= 1 {
		c++
	}
	return c
}

// IntHeap is a min-heap of ints for container/heap.
type IntHeap []int

func (h IntHeap) Len() int           { return len(h) }
func (h IntHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h IntHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }

// Push implements heap.Interface.
func (h *IntHeap) Push(x any) { *h = append(*h, x.(int)) }

// Pop implements heap.Interface.
func (h *IntHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// HeapPushPop pushes one value on a heap of n and pops the minimum:
// O(log n).
func HeapPushPop(h *IntHeap, x int) int {
	heap.Push(h, x)
	return heap.Pop(h).(int)
}

// ModPow computes b^e mod m by squaring: O(log e) multiplications.
func ModPow(b, e, m uint64) uint64 {
	r := uint64(1)
	b %= m
	for e > 0 {
		if e&1 == 1 {
			hi, lo := bits.Mul64(r, b)
			_, r = bits.Div64(hi%m, lo, m)
		}
		hi, lo := bits.Mul64(b, b)
		_, b = bits.Div64(hi%m, lo, m)
		e >>= 1
	}
	return r
}

// Node is a binary search tree node.
type Node struct {
	Key         int
	Left, Right *Node
}

// BuildTree returns a balanced tree over the keys 0..n-1, its nodes
// allocated in a random order so that a lookup chases pointers across memory.
func BuildTree(n int) *Node {
	nodes := make([]*Node, n)
	for _, i := range Shuffled(n, 99) {
		nodes[i] = &Node{Key: i}
	}
	var build func(lo, hi int) *Node
	build = func(lo, hi int) *Node {
		if lo >= hi {
			return nil
		}
		mid := (lo + hi) / 2
		nd := nodes[mid]
		nd.Left, nd.Right = build(lo, mid), build(mid+1, hi)
		return nd
	}
	return build(0, n)
}

// TreeLookup finds key in a balanced tree: O(log n) pointer hops.
func TreeLookup(t *Node, key int) bool {
	for t != nil {
		switch {
		case key < t.Key:
			t = t.Left
		case key > t.Key:
			t = t.Right
		default:
			return true
		}
	}
	return false
}

// ---- O(n) ----

// Sum adds up a slice: O(n), memory-bandwidth bound on large slices.
func Sum(s []int) int {
	t := 0
	for _, v := range s {
		t += v
	}
	return t
}

// MapRange visits every entry of a map: O(n), with cache misses on large
// maps.
func MapRange(m map[int]int) int {
	t := 0
	for k, v := range m {
		t += k ^ v
	}
	return t
}

// ListNode is a singly linked list node.
type ListNode struct {
	Val  int
	Next *ListNode
}

// BuildShuffledList links n nodes in a random memory order.
func BuildShuffledList(n int) *ListNode {
	nodes := make([]ListNode, n)
	order := Shuffled(n, 7)
	for i, o := range order {
		nodes[o].Val = i
		if i+1 < n {
			nodes[o].Next = &nodes[order[i+1]]
		}
	}
	return &nodes[order[0]]
}

// ListWalk follows a linked list to its end: O(n), one cache miss per node
// on large shuffled lists.
func ListWalk(l *ListNode) int {
	t := 0
	for ; l != nil; l = l.Next {
		t += l.Val
	}
	return t
}

// BuildList allocates a list of n nodes: O(n) time and exactly n
// allocations.
func BuildList(n int) *ListNode {
	var head *ListNode
	for i := range n {
		head = &ListNode{Val: i, Next: head}
	}
	return head
}

// FNV1a hashes a byte slice: O(n).
func FNV1a(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

// CountDistinct counts distinct values with a map built from scratch: O(n)
// expected, a hash-map pass whose cost per element grows with cache misses.
func CountDistinct(s []int) int {
	m := make(map[int]struct{})
	for _, v := range s {
		m[v] = struct{}{}
	}
	return len(m)
}

// ---- O(n log n) ----

// SortCopy sorts a copy of s: O(n log n).
func SortCopy(s []int) []int {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

// MergeSort sorts s, allocating at every merge: O(n log n) time, O(n)
// allocations.
func MergeSort(s []int) []int {
	if len(s) <= 1 {
		return s
	}
	mid := len(s) / 2
	a, b := MergeSort(s[:mid]), MergeSort(s[mid:])
	out := make([]int, 0, len(s))
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

// HeapSort sorts s through container/heap: n pushes and n pops, O(n log n).
func HeapSort(s []int, scratch *IntHeap) []int {
	*scratch = (*scratch)[:0]
	for _, v := range s {
		heap.Push(scratch, v)
	}
	out := s[:0:0]
	for scratch.Len() > 0 {
		out = append(out, heap.Pop(scratch).(int))
	}
	return out
}

// ---- O(n^2) ----

// InsertionSort sorts s in place: O(n^2) on reversed input.
func InsertionSort(s []int) {
	for i := 1; i < len(s); i++ {
		v := s[i]
		j := i - 1
		for j >= 0 && s[j] > v {
			s[j+1] = s[j]
			j--
		}
		s[j+1] = v
	}
}

// ClosePairs counts pairs closer than d, comparing all pairs: O(n^2).
func ClosePairs(s []int, d int) int {
	c := 0
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			x := s[i] - s[j]
			if x < d && -x < d {
				c++
			}
		}
	}
	return c
}

// EditDistance is the Levenshtein distance by dynamic programming:
// O(len(a)·len(b)) time, two rows of memory.
func EditDistance(a, b []byte) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// ---- O(n^3) ----

// MatMul multiplies two n×n matrices naively: O(n^3).
func MatMul(a, b, c []float64, n int) {
	for i := range n {
		for j := range n {
			s := 0.0
			for k := range n {
				s += a[i*n+k] * b[k*n+j]
			}
			c[i*n+j] = s
		}
	}
}

// FloydWarshall computes all-pairs shortest paths in place: O(n^3).
func FloydWarshall(d [][]int32) {
	n := len(d)
	for k := range n {
		dk := d[k]
		for i := range n {
			di := d[i]
			dik := di[k]
			for j := range n {
				if v := dik + dk[j]; v < di[j] {
					di[j] = v
				}
			}
		}
	}
}

// ZeroTriples counts triples summing to zero by trying them all: O(n^3).
func ZeroTriples(s []int) int {
	c := 0
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			for k := j + 1; k < len(s); k++ {
				if s[i]+s[j]+s[k] == 0 {
					c++
				}
			}
		}
	}
	return c
}

// ---- O(2^n) ----

// SubsetSums counts subsets of s that sum to target, by recursion over
// include/exclude: 2^(n+1)-1 calls.
func SubsetSums(s []int, target int) int {
	if len(s) == 0 {
		if target == 0 {
			return 1
		}
		return 0
	}
	return SubsetSums(s[1:], target-s[0]) + SubsetSums(s[1:], target)
}

// Fib is the naive recursive Fibonacci: O(φ^n), exponential.
func Fib(n int) int {
	if n < 2 {
		return n
	}
	return Fib(n-1) + Fib(n-2)
}

// Hanoi counts the moves of the towers of Hanoi by recursion: 2^n - 1.
func Hanoi(n int, from, to, via int, moves *int) {
	if n == 0 {
		return
	}
	Hanoi(n-1, from, via, to, moves)
	*moves++
	Hanoi(n-1, via, to, from, moves)
}

// Subset is one subset as a linked list sharing its tail with others.
type Subset struct {
	Val  int
	Rest *Subset
}

// PowerSet allocates every non-empty subset of s as one node linked to a
// smaller subset: O(2^n) time and exactly 2^n - 1 node allocations.
func PowerSet(s []int) []*Subset {
	out := make([]*Subset, 1, 1<<len(s))
	for _, v := range s {
		for _, sub := range out {
			out = append(out, &Subset{Val: v, Rest: sub})
		}
	}
	return out
}
