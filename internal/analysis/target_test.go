package analysis

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/choragen/choragen/internal/discover"
)

// TestTargetsAgree checks that the analysis names functions as package
// discover names contracts' targets, on examples/shop (functions, methods
// with pointer and value receivers): a hint's target is its contract's.
func TestTargetsAgree(t *testing.T) {
	dir := filepath.Join("..", "..", "examples", "shop")
	res, err := discover.Load(context.Background(), discover.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedName | packages.NeedSyntax | packages.NeedFiles, Dir: dir}, "./...")
	if err != nil {
		t.Fatal(err)
	}
	ours := map[string]bool{}
	for _, p := range pkgs {
		for _, f := range p.Syntax {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok {
					ours[target(p.PkgPath, fd)] = true
				}
			}
		}
	}
	n := 0
	for _, p := range res.Packages {
		for _, f := range p.Funcs {
			n++
			if !ours[f.Target] {
				t.Errorf("discover names %s, which the analysis does not", f.Target)
			}
		}
	}
	if n == 0 {
		t.Fatal("discover found no functions in examples/shop")
	}
}

func TestSymbol(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"func F() {}", "F"},
		{"func Map[K comparable, V any](m map[K]V) {}", "Map[...]"},
		{"func (db *DB) Get() {}", "(*DB).Get"},
		{"func (db DB) Len() int { return 0 }", "DB.Len"},
		{"func (l *List[T]) Push(x T) {}", "(*List[...]).Push"},
		{"func (p Pair[K, V]) Key() K { var k K; return k }", "Pair[...].Key"},
		{"func (*DB) Close() {}", "(*DB).Close"},
	} {
		fd := parseFunc(t, tc.src)
		if got := symbol(fd); got != tc.want {
			t.Errorf("symbol(%s) = %q, want %q", tc.src, got, tc.want)
		}
	}
	if got, want := pathToPrefix("gopkg.in/yaml.v3"), "gopkg.in/yaml%2ev3"; got != want {
		t.Errorf("pathToPrefix = %q, want %q", got, want)
	}
}

func parseFunc(t *testing.T, src string) *ast.FuncDecl {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "f.go", "package p\n"+src, 0)
	if err != nil {
		t.Fatal(err)
	}
	return f.Decls[0].(*ast.FuncDecl)
}
