package analysis

import (
	"context"
	"go/ast"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/packages"
)

// BenchmarkAnalyzer is the analysis alone over the packages of
// examples/shop, loaded once: what perf:lint and go vet add to loading
// and type-checking. funcs/op counts the function declarations it reads.
func BenchmarkAnalyzer(b *testing.B) {
	pkgs, err := packages.Load(&packages.Config{Mode: loadMode, Dir: filepath.Join("..", "..", "examples", "shop")}, "./...")
	if err != nil {
		b.Fatal(err)
	}
	if err := loadErrors(pkgs); err != nil {
		b.Fatal(err)
	}
	funcs := 0
	for _, p := range pkgs {
		for _, f := range p.Syntax {
			for _, d := range f.Decls {
				if _, ok := d.(*ast.FuncDecl); ok {
					funcs++
				}
			}
		}
	}
	b.ResetTimer()
	found := 0
	for b.Loop() {
		found = 0
		for _, p := range pkgs {
			found += len(check(p.Fset, p.Syntax, p.Types, p.TypesInfo))
		}
	}
	if found != 1 {
		b.Fatalf("%d findings, want 1 (catalog.Duplicates)", found)
	}
	b.ReportMetric(float64(funcs), "funcs/op")
}

// BenchmarkAnalyzerAll estimates every function of examples/shop, not only
// those with a directive: the worst case, where every function has one.
func BenchmarkAnalyzerAll(b *testing.B) {
	pkgs, err := packages.Load(&packages.Config{Mode: loadMode, Dir: filepath.Join("..", "..", "examples", "shop")}, "./...")
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		for _, p := range pkgs {
			c := newChecker(p.Fset, p.Syntax, p.Types, p.TypesInfo)
			for fn := range c.decls {
				c.funcCost(fn)
			}
		}
	}
}

// BenchmarkRun is the whole of Run on examples/shop: go list, parsing,
// type-checking (dependencies from export data), then the analysis.
func BenchmarkRun(b *testing.B) {
	dir := filepath.Join("..", "..", "examples", "shop")
	for b.Loop() {
		if _, err := Run(context.Background(), dir, nil); err != nil {
			b.Fatal(err)
		}
	}
}
