package engine_test

import (
	"context"
	"fmt"

	"github.com/choragen/choragen/internal/engine"
)

// Compare two files in the Go benchmark format, as benchstat would, with
// choragen's regression rule: worse by more than the threshold and
// significant at alpha 0.05. No history store is needed.
func ExampleEngine_Compare() {
	var e engine.Engine
	c, err := e.Compare(context.Background(), engine.CompareRequest{
		Dir:  "../cli/testdata/compare",
		Base: "../cli/testdata/compare/base.txt",
		Head: "../cli/testdata/compare/head.txt",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("threshold %v%%, alpha %v\n", c.Threshold, c.Alpha)
	for _, b := range c.Benchmarks {
		if b.Regression || b.Improvement {
			fmt.Printf("%s %s %+.1f%% regression=%v\n", b.Name, b.Unit, *b.Change, b.Regression)
		}
	}
	fmt.Printf("%+v\n", c.Summary)
	// Output:
	// threshold 10%, alpha 0.05
	// BenchmarkList sec/op +21.5% regression=true
	// BenchmarkList allocs/op +25.0% regression=true
	// BenchmarkParse sec/op -25.1% regression=false
	// {Compared:15 Regressions:2 Improvements:1 Unchanged:12 OnlyBase:3 OnlyHead:3}
}
