package analysis_test

import (
	"context"
	"fmt"
	"path/filepath"

	goanalysis "golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/choragen/choragen/internal/analysis"
)

// Run checks the packages of a module, as choragen perf:lint does.
func ExampleRun() {
	findings, err := analysis.Run(context.Background(), "testdata/mod/shop", []string{"./..."})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range findings {
		fmt.Printf("%s:%d:%d: %s\n", filepath.Base(f.Pos.Filename), f.Pos.Line, f.Pos.Column, f.Message)
		fmt.Printf("  target %s, estimated %s (%s), declared %s\n", f.Target, f.Estimated, f.Estimated.Class(), f.Declared)
	}
	// Output:
	// catalog.go:26:2: nested loops over products (depth 2) suggest O(n^2), above the declared O(n)
	//   target example.com/shop/catalog.Duplicates, estimated O(n^2) (O(n^2)), declared O(n)
}

// Analyzer is an ordinary go/analysis analyzer: any driver runs it, here
// the checker package that multichecker and analysistest are built on.
func ExampleAnalyzer() {
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: "testdata/mod/shop"}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		fmt.Println(err)
		return
	}
	graph, err := checker.Analyze([]*goanalysis.Analyzer{analysis.Analyzer}, pkgs, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for act := range graph.All() {
		for _, d := range act.Diagnostics {
			pos := act.Package.Fset.Position(d.Pos)
			fmt.Printf("%s:%d: %s: %s\n", filepath.Base(pos.Filename), pos.Line, act.Analyzer.Name, d.Message)
		}
	}
	// Output:
	// catalog.go:26: perfcomplexity: nested loops over products (depth 2) suggest O(n^2), above the declared O(n)
}
