package directive_test

import (
	"fmt"
	"go/parser"
	"go/token"
	"strings"

	"github.com/choragen/choragen/internal/directive"
)

func ExampleParse() {
	pos := token.Position{Filename: "api.go", Line: 12, Column: 1}
	d, err := directive.Parse(pos, "//perf:memory max=10MB allocs=50")
	if err != nil {
		panic(err)
	}
	for _, s := range d.Specs {
		fmt.Printf("%s: %s <= %v %s\n", s.Pos, s.Metric, s.Max, s.Unit())
	}

	_, err = directive.Parse(pos, "//perf:latency max=fast")
	fmt.Println(err)
	// Output:
	// api.go:12:15: bytes <= 1e+07 B
	// api.go:12:24: allocs <= 50 allocs
	// api.go:12:16: max=fast: not a duration (want a Go duration such as 250us, 100ms or 2s)
}

// Example reads the directives of a Go file: one record per function with
// directives, and one per mistake.
func Example() {
	src := `package store

type DB struct{}

// Get looks a user up.
//
//perf:latency max=2ms p=99
//perf:queries max=1
func (db *DB) Get(id string) {}

//perf:memory allocs=0
type Cache struct{}
`
	r := directive.NewReader(strings.NewReader(src), "store.go")
	for r.Scan() {
		switch rec := r.Record().(type) {
		case *directive.Func:
			fmt.Printf("func %s at %s\n", rec.Name, rec.Pos)
			for _, s := range rec.Specs {
				fmt.Printf("  %s p%v <= %v %s (%s)\n", s.Metric, s.Percentile, s.Max, s.Unit(), s.Pos)
			}
		case *directive.SyntaxError:
			fmt.Println("error:", rec)
		}
	}
	if err := r.Err(); err != nil {
		panic(err)
	}
	// Output:
	// func Get at store.go:9:15
	//   latency p99 <= 2 ms (store.go:7:16)
	//   queries p0 <= 1 queries (store.go:8:16)
	// error: store.go:11:1: //perf:memory is not in a function's doc comment: it is on a type declaration
}

// NewFileReader reads a file that the caller has parsed already, as
// package discover and static analyzers do.
func ExampleNewFileReader() {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "sort.go", `package sort

//perf:complexity max=O(n log n)
func Sort(xs []int) {}
`, parser.ParseComments)
	if err != nil {
		panic(err)
	}
	for r := directive.NewFileReader(fset, f); r.Scan(); {
		if fn, ok := r.Record().(*directive.Func); ok {
			s := fn.Specs[0]
			fmt.Printf("%s: %s <= %s\n", fn.Name, s.Metric, s.Class)
		}
	}
	// Output:
	// Sort: complexity <= O(n log n)
}
