package discover

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"
)

func TestSymbol(t *testing.T) {
	for _, tc := range []struct {
		decl, sym, bench string
	}{
		{"func F()", "F", "BenchmarkF"},
		{"func Map[T, U any]()", "Map[...]", "BenchmarkMap"},
		{"func (db *DB) Get()", "(*DB).Get", "BenchmarkDB_Get"},
		{"func (DB) Len()", "DB.Len", "BenchmarkDB_Len"},
		{"func (db (*DB)) Paren()", "(*DB).Paren", "BenchmarkDB_Paren"},
		{"func (l *List[T]) Push()", "(*List[...]).Push", "BenchmarkList_Push"},
		{"func (l List[T]) Len()", "List[...].Len", "BenchmarkList_Len"},
		{"func (p *Pair[K, V]) Put()", "(*Pair[...]).Put", "BenchmarkPair_Put"},
		{"func (p Pair[_, V]) Get()", "Pair[...].Get", "BenchmarkPair_Get"},
	} {
		f, err := parser.ParseFile(token.NewFileSet(), "x.go", "package p\n"+tc.decl+" {}\n", 0)
		if err != nil {
			t.Fatal(err)
		}
		fd := f.Decls[0].(*ast.FuncDecl)
		sym, recv := symbol(fd)
		if sym != tc.sym {
			t.Errorf("symbol(%s) = %q, want %q", tc.decl, sym, tc.sym)
		}
		if got := benchName(fd, recv); got != tc.bench {
			t.Errorf("benchName(%s) = %q, want %q", tc.decl, got, tc.bench)
		}
	}
}

func TestNames(t *testing.T) {
	for _, tc := range []struct {
		importPath, root, sym string
		target, relative      string
	}{
		{"example.com/shop/api", "example.com/shop", "FetchUser", "example.com/shop/api.FetchUser", "api.FetchUser"},
		{"example.com/shop", "example.com/shop", "FetchUser", "example.com/shop.FetchUser", "FetchUser"},
		{"example.com/shop/api/v2", "example.com/shop", "List", "example.com/shop/api/v2.List", "api/v2.List"},
		{"example.com/shop/store", "example.com/shop", "(*DB).Get", "example.com/shop/store.(*DB).Get", "store.(*DB).Get"},
		{"example.com/shopping", "example.com/shop", "F", "example.com/shopping.F", "example.com/shopping.F"},
		{"example.com/lib", "example.com/mono/examples/shop", "F", "example.com/lib.F", "example.com/lib.F"},
		{"gopkg.in/yaml.v3", "gopkg.in/yaml.v3", "Marshal", "gopkg.in/yaml%2ev3.Marshal", "Marshal"},
		{"example.com/a.b/c.d", "example.com/a.b", "F", "example.com/a.b/c%2ed.F", "c%2ed.F"},
		{"example.com/x", "", "F", "example.com/x.F", "example.com/x.F"},
	} {
		target, rel := names(tc.importPath, tc.root, tc.sym)
		if target != tc.target || rel != tc.relative {
			t.Errorf("names(%q, %q, %q) = %q, %q; want %q, %q", tc.importPath, tc.root, tc.sym, target, rel, tc.target, tc.relative)
		}
	}
}

func TestPathToPrefix(t *testing.T) {
	for in, want := range map[string]string{
		"":                   "",
		"example.com/shop":   "example.com/shop",
		"gopkg.in/yaml.v3":   "gopkg.in/yaml%2ev3",
		"a.b/c.d.e":          "a.b/c%2ed%2ee",
		"x/100%":             "x/100%25",
		"x/a b":              "x/a%20b",
		`x/"q"`:              "x/%22q%22",
		"x/é":                "x/%c3%a9",
		"example.com/ab.cd/": "example.com/ab.cd/",
	} {
		if got := pathToPrefix(in); got != want {
			t.Errorf("pathToPrefix(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsBenchmark(t *testing.T) {
	for _, tc := range []struct {
		imp, decl string
		want      bool
	}{
		{`"testing"`, "func BenchmarkX(b *testing.B)", true},
		{`"testing"`, "func Benchmark(b *testing.B)", true},
		{`"testing"`, "func Benchmark_x(b *testing.B)", true},
		{`"testing"`, "func BenchmarkÉté(b *testing.B)", true},
		{`"testing"`, "func Benchmarkx(b *testing.B)", false},
		{`"testing"`, "func Benchmarkété(b *testing.B)", false},
		{`"testing"`, "func BenchmarkX(b testing.B)", false},
		{`"testing"`, "func BenchmarkX(t *testing.T)", false},
		{`"testing"`, "func BenchmarkX(b *testing.B, n int)", false},
		{`"testing"`, "func BenchmarkX(b, c *testing.B)", false},
		{`"testing"`, "func BenchmarkX(b *testing.B) error", false},
		{`"testing"`, "func BenchmarkX[T any](b *testing.B)", false},
		{`"testing"`, "func (s S) BenchmarkX(b *testing.B)", false},
		{`"testing"`, "func TestX(b *testing.B)", false},
		{`t "testing"`, "func BenchmarkX(b *t.B)", true},
		{`t "testing"`, "func BenchmarkX(b *testing.B)", false},
		{`. "testing"`, "func BenchmarkX(b *B)", true},
		{`"other/testing"`, "func BenchmarkX(b *testing.B)", false},
	} {
		src := "package p\nimport " + tc.imp + "\n" + tc.decl + " {}\n"
		f, err := parser.ParseFile(token.NewFileSet(), "x_test.go", src, 0)
		if err != nil {
			t.Fatal(err)
		}
		fd := f.Decls[1].(*ast.FuncDecl)
		name := testingName(f)
		if got := name != "" && isBenchmark(fd, name); got != tc.want {
			t.Errorf("import %s; %s: isBenchmark = %v, want %v", tc.imp, tc.decl, got, tc.want)
		}
	}
}
