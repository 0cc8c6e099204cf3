//go:build acceptance

package perftest_test

import (
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/choragen/choragen/perf/perftest"
)

// The acceptance tests of AssertComplexity on time: real functions of
// known class, honest and broken bounds. An honest bound must never fail;
// a bound broken by a polynomial degree or more must fail when the machine
// is quiet (under load, timings spread and the verdict may rightly be
// inconclusive, never passed). Run them with
//
//	go test -tags acceptance -run TestAcceptanceComplexity -v ./perf/perftest/

var sinkSum int

func sum(s []int) {
	t := 0
	for _, v := range s {
		t += v
	}
	sinkSum = t
}

// pairs counts the pairs of s that sum to zero: quadratic.
func pairs(s []int) {
	c := 0
	for i, x := range s {
		for _, y := range s[i+1:] {
			if x+y == 0 {
				c++
			}
		}
	}
	sinkSum = c
}

// lookups looks up 64 keys in a map of n: constant per lookup, but the
// map outgrows the caches.
type lookups struct {
	m    map[int]int
	keys []int
}

func newLookups(n int) lookups {
	r := rand.New(rand.NewPCG(uint64(n), 1))
	l := lookups{m: make(map[int]int, n)}
	for i := range n {
		l.m[i] = i
	}
	for range 64 {
		l.keys = append(l.keys, r.IntN(n))
	}
	return l
}

func (l lookups) run() {
	t := 0
	for _, k := range l.keys {
		t += l.m[k]
	}
	sinkSum = t
}

// search looks up 64 keys by binary search in a sorted slice of n.
func search(l struct{ s, keys []int }) {
	t := 0
	for _, k := range l.keys {
		lo, hi := 0, len(l.s)
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			if l.s[m] < k {
				lo = m + 1
			} else {
				hi = m
			}
		}
		t += lo
	}
	sinkSum = t
}

func newSearch(n int) struct{ s, keys []int } {
	r := rand.New(rand.NewPCG(uint64(n), 2))
	v := struct{ s, keys []int }{s: make([]int, n)}
	for i := range v.s {
		v.s[i] = 2 * i
	}
	for range 64 {
		v.keys = append(v.keys, 2*r.IntN(n)+1)
	}
	return v
}

func randomInts(n int) []int {
	r := rand.New(rand.NewPCG(uint64(n), 3))
	s := make([]int, n)
	for i := range s {
		s[i] = r.IntN(1<<20) - 1<<19
	}
	return s
}

// verdict runs one assertion and says what it decided.
func verdict(t *testing.T, assert func(perftest.TB)) (string, string) {
	t.Helper()
	r := &skipRecorder{}
	start := time.Now()
	assert(r)
	took := time.Since(start).Round(10 * time.Millisecond)
	switch {
	case len(r.errors) > 0:
		return "failed", took.String() + ": " + r.errors[0]
	case len(r.skips) > 0:
		return "inconclusive", took.String() + ": " + r.skips[0]
	}
	return "passed", took.String() + ": " + strings.Join(r.logs, "; ")
}

// quiet reports whether the load average leaves a CPU free.
func quiet() bool {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return false
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return false
	}
	l, err := strconv.ParseFloat(f[0], 64)
	return err == nil && l < float64(runtime.NumCPU())
}

type timeCase struct {
	name   string
	bound  string
	honest bool
	assert func(perftest.TB, string)
}

func checkTimes(t *testing.T, cases []timeCase) {
	for _, tc := range cases {
		got, msg := verdict(t, func(tb perftest.TB) { tc.assert(tb, tc.bound) })
		t.Logf("%s declared %s: %s (%s)", tc.name, tc.bound, got, msg)
		switch {
		case tc.honest && got == "failed":
			t.Errorf("%s: honest bound %s failed", tc.name, tc.bound)
		case !tc.honest && got == "passed":
			t.Errorf("%s: broken bound %s passed", tc.name, tc.bound)
		case !tc.honest && got == "inconclusive" && quiet():
			t.Errorf("%s: broken bound %s inconclusive on a quiet machine", tc.name, tc.bound)
		}
	}
}

var big = []int{1 << 10, 1 << 12, 1 << 14, 1 << 16, 1 << 18, 1 << 20}

// matrix multiplies an n×n matrix by itself: cubic.
func newMatrix(n int) [][]float64 {
	r := rand.New(rand.NewPCG(uint64(n), 5))
	m := make([][]float64, n)
	for i := range m {
		m[i] = make([]float64, n)
		for j := range m[i] {
			m[i][j] = r.Float64()
		}
	}
	return m
}

func matMul(m [][]float64) {
	n := len(m)
	t := 0.0
	row := make([]float64, n)
	for i := range n {
		clear(row)
		for k := range n {
			a := m[i][k]
			for j := range n {
				row[j] += a * m[k][j]
			}
		}
		t += row[i]
	}
	sinkSum = int(t)
}

func TestAcceptanceComplexityLinear(t *testing.T) {
	a := func(tb perftest.TB, bound string) { perftest.AssertComplexity(tb, bound, big, randomInts, sum) }
	checkTimes(t, []timeCase{
		{"sum", "O(n)", true, a},
		{"sum", "O(1)", false, a},
		{"sum", "O(log n)", false, a},
	})
}

func TestAcceptanceComplexityPolynomial(t *testing.T) {
	sizes := []int{100, 200, 400, 800, 1600, 3200}
	a := func(tb perftest.TB, bound string) { perftest.AssertComplexity(tb, bound, sizes, randomInts, pairs) }
	checkTimes(t, []timeCase{
		{"pairs", "O(n^2)", true, a},
		{"pairs", "O(n)", false, a},
		{"matrix product", "O(n^2)", false, func(tb perftest.TB, bound string) {
			perftest.AssertComplexity(tb, bound, []int{16, 32, 64, 128, 256}, newMatrix, matMul)
		}},
	})
}

// The honest bounds of functions whose time per element rises as their
// data outgrow the caches must hold anyway.
func TestAcceptanceComplexityLookups(t *testing.T) {
	checkTimes(t, []timeCase{
		{"map lookups", "O(1)", true, func(tb perftest.TB, bound string) {
			perftest.AssertComplexity(tb, bound, big, newLookups, lookups.run)
		}},
		{"binary search", "O(log n)", true, func(tb perftest.TB, bound string) {
			perftest.AssertComplexity(tb, bound, big, newSearch, search)
		}},
	})
}

// list is a linked list whose nodes lie shuffled in memory: each step of a
// walk is a cache miss once the list outgrows the caches.
type list struct{ next *list }

func newList(n int) *list {
	nodes := make([]list, n)
	order := rand.New(rand.NewPCG(uint64(n), 4)).Perm(n)
	for i := 0; i+1 < n; i++ {
		nodes[order[i]].next = &nodes[order[i+1]]
	}
	return &nodes[order[0]]
}

func walk(l *list) {
	c := 0
	for ; l != nil; l = l.next {
		c++
	}
	sinkSum = c
}

func newMap(n int) map[int]int {
	m := make(map[int]int, n)
	for i := range n {
		m[i] = i
	}
	return m
}

func mapRange(m map[int]int) {
	t := 0
	for _, v := range m {
		t += v
	}
	sinkSum = t
}

func sortCopy(s []int) { sinkInts = slices.Sorted(slices.Values(s)) }

func TestAcceptanceComplexityWalks(t *testing.T) {
	checkTimes(t, []timeCase{
		{"shuffled list walk", "O(n)", true, func(tb perftest.TB, bound string) {
			perftest.AssertComplexity(tb, bound, []int{1 << 12, 1 << 14, 1 << 16, 1 << 18}, newList, walk)
		}},
		{"map range", "O(n)", true, func(tb perftest.TB, bound string) {
			perftest.AssertComplexity(tb, bound, big, newMap, mapRange)
		}},
		{"sort", "O(n log n)", true, func(tb perftest.TB, bound string) {
			perftest.AssertComplexity(tb, bound, []int{1 << 8, 1 << 10, 1 << 12, 1 << 14, 1 << 16, 1 << 18}, randomInts, sortCopy)
		}},
	})
}
