package sample_test

import (
	"fmt"
	"strings"

	"golang.org/x/perf/benchfmt"

	"github.com/choragen/choragen/internal/sample"
)

// Collect benchmark results into samples, dropping one warm-up repetition.
func ExampleSet() {
	const text = `pkg: example.com/shop/api
BenchmarkList-8   1000   1200 ns/op   64 B/op
BenchmarkList-8   1000   1100 ns/op   64 B/op
BenchmarkList-8   1000   1050 ns/op   64 B/op
`
	s := sample.New(1)
	r := benchfmt.NewReader(strings.NewReader(text), "list.txt")
	for r.Scan() {
		if res, ok := r.Result().(*benchfmt.Result); ok {
			s.Add(res)
		}
	}
	for _, k := range s.Keys() {
		fmt.Printf("%s %s %s %.3g\n", k.Package, k.Name, k.Unit, s.Values(k))
	}
	// Output:
	// example.com/shop/api BenchmarkList sec/op [1.1e-06 1.05e-06]
	// example.com/shop/api BenchmarkList B/op [64 64]
}

// Take a sub-benchmark's name apart: its input size and its series.
func ExampleParseName() {
	n := sample.ParseName("BenchmarkSort/json/n=1024")
	fmt.Println(n.Base, n.SizeKey, n.Size, n.Series())
	// Output:
	// BenchmarkSort n 1024 BenchmarkSort/json
}
