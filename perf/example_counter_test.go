package perf_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/choragen/choragen/perf"
)

// matchLoop counts the iterations of countMatches's loop.
var matchLoop perf.Counter

func countMatches(words []string, prefix string) (n int) {
	for _, w := range words {
		if strings.HasPrefix(w, prefix) {
			n++
		}
	}
	matchLoop.Add(len(words)) // once per call, not once per iteration
	return n
}

func ExampleCounter() {
	words := strings.Fields("go gopher golang rust zig")
	start := matchLoop.Load()
	countMatches(words, "go")
	countMatches(words, "z")
	fmt.Println(matchLoop.Load()-start, "iterations in 2 calls")
	// Output:
	// 10 iterations in 2 calls
}

type node struct{ children []*node }

// walkDepth measures how deep walk recurses.
var walkDepth perf.Recursion

func walk(n *node) int {
	walkDepth.Enter()
	defer walkDepth.Leave()
	size := 1
	for _, c := range n.children {
		size += walk(c)
	}
	return size
}

func ExampleRecursion() {
	tree := &node{children: []*node{{}, {children: []*node{{children: []*node{{}}}}}}}
	walkDepth.ResetMax()
	fmt.Println(walk(tree), "nodes,", walkDepth.Max(), "deep")
	// Output:
	// 5 nodes, 4 deep
}

// Code that passes its depth down can report it with Observe, exactly,
// from any number of goroutines.
func ExampleRecursion_Observe() {
	var depth perf.Recursion
	var fib func(n, d int) int
	fib = func(n, d int) int {
		depth.Observe(d)
		if n < 2 {
			return n
		}
		return fib(n-1, d+1) + fib(n-2, d+1)
	}
	fmt.Println(fib(10, 1), depth.Max())
	// Output:
	// 55 10
}

// The limits judged in tests and benchmarks each become a contract with
// its own id.
func ExampleIterations() {
	c := perf.MustContract("example.com/text.countMatches",
		perf.Iterations{Max: 1000, Counter: &matchLoop},
		perf.Depth{Max: 32, Recursion: &walkDepth},
		perf.CPU{Max: time.Millisecond},
		perf.Syscalls{Max: 0},
		perf.IOBytes{Max: 0})
	for _, l := range c.Limits() {
		fmt.Println(c.ID(l))
	}
	// Output:
	// iterations:example.com/text.countMatches
	// depth:example.com/text.countMatches
	// cpu:example.com/text.countMatches
	// syscalls:example.com/text.countMatches
	// io-bytes:example.com/text.countMatches
}
