package gotest_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/choragen/choragen/internal/gotest"
)

// Read a recorded `go test -json -bench` stream: results per package, and
// the benchmarks that failed or crashed.
func ExampleReadBench() {
	f, err := os.Open("testdata/captures/bench-failing.json")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	out, err := gotest.ReadBench(f, "bench-failing.json")
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range out.Packages {
		fmt.Println(p.ImportPath, p.Status, len(p.Results), "results")
		for _, f := range p.Failures {
			fmt.Println(" ", f)
		}
	}
	// Output:
	// example.com/benchmod/failing fail 4 results
	//   example.com/benchmod/failing BenchmarkFatal failed: failing_test.go:16: database is gone
	//   example.com/benchmod/failing BenchmarkSub/n=2 failed: failing_test.go:25: want 2 rows, got 3
	//   example.com/benchmod/failing BenchmarkSub failed
	//   example.com/benchmod/failing BenchmarkPanic crashed: panic: assignment to entry in nil map
}

// Run two benchmarks of a module three times each and count the results.
func ExampleBench() {
	out, err := gotest.Bench(context.Background(), gotest.Options{
		Dir:       "testdata/benchmod",
		Packages:  []string{"./store"},
		Bench:     gotest.MatchBenchmarks("BenchmarkPut", "BenchmarkGet"),
		Count:     3,
		Benchtime: "10x",
		Benchmem:  true,
	})
	if err != nil {
		log.Fatal(err)
	}
	n := map[string]int{}
	for _, r := range out.Results() {
		n[gotest.TrimProcs(r.Name.String())]++
	}
	fmt.Println(out.Packages[0].Status, n)
	// Output:
	// pass map[Get/size=4096:3 Get/size=64:3 Put:3]
}

// A module that does not compile is a *BuildError with the compiler's
// first message.
func ExampleBuildError() {
	_, err := gotest.Bench(context.Background(), gotest.Options{Dir: "testdata/broken", Benchtime: "1x"})
	if be, ok := err.(*gotest.BuildError); ok {
		fmt.Println(be.Package)
		fmt.Println(be.First)
		fmt.Println("exit code", be.ExitCode())
	}
	// Output:
	// example.com/broken
	// ./broken.go:5:27: cannot use "three" (untyped string constant) as int value in return statement
	// exit code 2
}
