package discover_test

import (
	"context"
	"fmt"

	"github.com/choragen/choragen/internal/discover"
)

// Example loads the fixture module testdata/shop and prints each
// function's relative name, its benchmark and its contracts.
func Example() {
	res, err := discover.Load(context.Background(), discover.Options{Dir: "testdata/shop", Patterns: []string{"./store"}})
	if err != nil {
		panic(err)
	}
	for _, p := range res.Packages {
		for _, f := range p.Funcs {
			fmt.Printf("%s bench=%s\n", f.Relative, f.Bench)
			for _, s := range f.Specs {
				fmt.Printf("  %s <= %v %s\n", s.Metric, s.Max, s.Unit())
			}
		}
	}
	fmt.Println(len(res.Errors), "errors")
	// Output:
	// store.Lookup bench=BenchmarkLookup
	//   latency <= 1 ms
	// store.(*DB).Get bench=BenchmarkDB_Get
	//   queries <= 1 queries
	//   latency <= 0.5 ms
	// store.DB.Len bench=BenchmarkDB_Len
	//   cpu <= 1 ms
	// store.(*List[...]).Push bench=BenchmarkList_Push
	//   complexity <= 0 class
	//   allocs <= 1 allocs
	// store.List[...].Len bench=BenchmarkList_Len
	// store.Map[...] bench=BenchmarkMap
	//   complexity <= 2 class
	// store.(*Pair[...]).Put bench=BenchmarkPair_Put
	// 0 errors
}
