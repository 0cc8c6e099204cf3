package directive

import (
	"bufio"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strings"
	"testing"
	"testing/iotest"
)

// read returns the records of src as lines: "func NAME bench=B: SPECS" and
// "error POS: MSG".
func read(t *testing.T, src string) []string {
	t.Helper()
	r := NewReader(strings.NewReader(src), "f.go")
	var out []string
	for r.Scan() {
		switch rec := r.Record().(type) {
		case *Func:
			var specs []string
			for _, s := range rec.Specs {
				specs = append(specs, fmt.Sprintf("%s=%v%s@%d:%d", s.Metric, s.Max, s.Unit(), s.Pos.Line, s.Pos.Column))
			}
			out = append(out, fmt.Sprintf("func %s@%d bench=%s: %s", rec.Name, rec.Pos.Line, rec.Bench, strings.Join(specs, " ")))
		case *SyntaxError:
			out = append(out, "error "+rec.Error())
		default:
			t.Fatalf("record of type %T", rec)
		}
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	if r.Record() != nil {
		t.Errorf("Record() after the last Scan = %v, want nil", r.Record())
	}
	return out
}

func TestReader(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
		want []string
	}{
		{"none", "package p\n\n// F does.\nfunc F() {}\n", nil},
		{"function", `package p

// F does.
//
//perf:latency max=1ms p=99
//perf:memory max=1KiB allocs=2
func F() {}
`, []string{"func F@7 bench=: latency=1ms@5:16 bytes=1024B@6:15 allocs=2allocs@6:24"}},
		{"methods and generics", `package p

type DB struct{}
type List[T any] struct{}

//perf:queries max=1
func (db *DB) Get() {}

//perf:cpu max=2ms bench=BenchmarkLen
func (l List[T]) Len() int { return 0 }

//perf:complexity max=O(n) bench=BenchmarkMap
//perf:memory allocs=1 bench=BenchmarkMap
func Map[T, U any](f func(T) U) {}
`, []string{
			"func Get@7 bench=: queries=1queries@6:16",
			"func Len@10 bench=BenchmarkLen: cpu=2ms@9:12",
			"func Map@14 bench=BenchmarkMap: complexity=2class@12:19 allocs=1allocs@13:15",
		}},
		{"mean and percentiles are different contracts", `package p

//perf:latency max=1ms
//perf:latency max=5ms p=99
//perf:latency max=3ms p=95
func F() {}
`, []string{"func F@6 bench=: latency=1ms@3:16 latency=5ms@4:16 latency=3ms@5:16"}},
		{"duplicate contract", `package p

//perf:latency max=1ms p=99
//perf:latency max=2ms p=99
//perf:memory allocs=1
//perf:memory max=1MB allocs=2
func F() {}
`, []string{
			"error f.go:4:16: duplicate contract: latency at p99 is already declared at line 3",
			"error f.go:6:23: duplicate contract: allocs is already declared at line 5",
			"func F@7 bench=: latency=1ms@3:16 allocs=1allocs@5:15 bytes=1e+06B@6:15",
		}},
		{"bench conflict", `package p

//perf:latency max=1ms bench=BenchmarkA
//perf:cpu max=1ms bench=BenchmarkA
//perf:memory allocs=0 bench=BenchmarkB
func F() {}
`, []string{
			"error f.go:5:24: bench=BenchmarkB conflicts with bench=BenchmarkA at line 3: a function has one benchmark",
			"func F@6 bench=BenchmarkA: latency=1ms@3:16 cpu=1ms@4:12 allocs=0allocs@5:15",
		}},
		{"errors on one function keep its good lines", `package p

//perf:latency max=fast
//perf:memory allocs=3
func F() {}
`, []string{
			"error f.go:3:16: max=fast: not a duration (want a Go duration such as 250us, 100ms or 2s)",
			"func F@5 bench=: allocs=3allocs@4:15",
		}},
		{"ordinary comments", `package p

// perf: comments with a space are prose
// perf:latency max=fast
//perfect
/*perf:latency max=fast*/
func F() {}
`, nil},
		{"init and _", `package p

//perf:latency max=1ms
//perf:latency max=fast
func init() {}

//perf:latency max=1ms
func _() {}

type T struct{}

//perf:latency max=1ms
func (T) init() {}
`, []string{
			"error f.go:3:1: //perf: directives on func init cannot be measured: it runs once, before any benchmark",
			"error f.go:7:1: //perf: directives on func _ cannot be measured: nothing can call it",
			"func init@13 bench=: latency=1ms@12:16",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := read(t, tc.src)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("records:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestReaderPlacement(t *testing.T) {
	for _, tc := range []struct {
		name, src, where string
	}{
		{"package doc", "//perf:latency max=1ms\npackage p\n", "it is in the package doc comment"},
		{"floating", "package p\n\n//perf:latency max=1ms\n\nvar x = 1\n\nfunc F() {}\n", "it is not attached to a declaration"},
		{"var", "package p\n\n//perf:latency max=1ms\nvar x = 1\n", "it is on a variable declaration"},
		{"var spec", "package p\n\nvar (\n\tx = 1 //perf:latency max=1ms\n)\n", "it is on a variable or constant declaration"},
		{"end of file", "package p\n\nfunc F() {}\n\n//perf:latency max=1ms\n", "it is not attached to a declaration"},
		{"blank line", "package p\n\n//perf:latency max=1ms\n\nfunc F() {}\n", "a blank line separates it from func F"},
		{"type", "package p\n\n//perf:latency max=1ms\ntype T int\n", "it is on a type declaration"},
		{"type spec", "package p\n\ntype (\n\t//perf:latency max=1ms\n\tT int\n)\n", "it is on a type declaration"},
		{"const", "package p\n\n//perf:latency max=1ms\nconst C = 1\n", "it is on a constant declaration"},
		{"import", "package p\n\n//perf:latency max=1ms\nimport \"fmt\"\n\nvar _ = fmt.Sprint\n", "it is on an import declaration"},
		{"struct field", "package p\n\ntype T struct {\n\t//perf:latency max=1ms\n\tX int\n}\n", "it is on a struct field"},
		{"interface method", "package p\n\ntype I interface {\n\t//perf:latency max=1ms\n\tM()\n}\n", "it is on an interface method (put it on the method that implements it)"},
		{"body", "package p\n\nfunc F() {\n\t//perf:latency max=1ms\n\tx := 1\n\t_ = x\n}\n", "it is inside a function body"},
		{"body declaration", "package p\n\nfunc F() {\n\t//perf:latency max=1ms\n\tvar x int\n\t_ = x\n}\n", "it is inside a function body"},
		{"closure", "package p\n\nvar f = func() {\n\t//perf:latency max=1ms\n}\n", "it is inside a function body"},
		{"trailing", "package p\n\nfunc F() {} //perf:latency max=1ms\n", "it is not attached to a declaration"},
		{"malformed and misplaced", "package p\n\n//perf :latency max=1ms\ntype T int\n", "it is on a type declaration"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := read(t, tc.src)
			if len(got) != 1 || !strings.HasSuffix(got[0], "is not in a function's doc comment: "+tc.where) {
				t.Errorf("records %q, want one error ending %q", got, tc.where)
			}
		})
	}
}

// TestDocErrors checks that the package doc shows the errors of
// testdata/api.go as the Reader reports them.
func TestDocErrors(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for line := range strings.Lines(string(doc)) {
		if s, ok := strings.CutPrefix(line, "//\tapi.go:"); ok {
			want = append(want, "error api.go:"+strings.TrimSuffix(s, "\n"))
		}
	}
	f, err := os.Open("testdata/api.go")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := NewReader(f, "api.go")
	var got []string
	for r.Scan() {
		if e, ok := r.Record().(*SyntaxError); ok {
			got = append(got, "error "+e.Error())
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("testdata/api.go gives:\n%s\n\nthe package doc shows:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestReaderGoSyntaxError(t *testing.T) {
	// The Go syntax errors, and no directive records from what is left.
	got := read(t, "package p\n\n//perf:latency max=1ms\nfunc F() { x := }\n\n//perf:cpu max=1ms\nfunc G() {}\n")
	if len(got) == 0 || !strings.HasPrefix(got[0], "error f.go:4:17: ") {
		t.Errorf("records %q, want a Go syntax error at f.go:4:17 first", got)
	}
	for _, rec := range got {
		if strings.Contains(rec, "perf") {
			t.Errorf("records %q, want only Go syntax errors", got)
			break
		}
	}
	// Not Go at all: one positioned error, nothing else.
	got = read(t, "this is not go")
	if len(got) != 1 || !strings.HasPrefix(got[0], "error f.go:1:1: ") {
		t.Errorf("records %q, want one error at f.go:1:1", got)
	}
}

func TestReaderIOError(t *testing.T) {
	boom := errors.New("boom")
	r := NewReader(iotest.ErrReader(boom), "f.go")
	if r.Scan() {
		t.Fatalf("Scan() = true, record %v", r.Record())
	}
	if err := r.Err(); !errors.Is(err, boom) || !strings.Contains(err.Error(), "f.go") {
		t.Errorf("Err() = %v, want the read error, naming the file", err)
	}
}

func TestNewFileReader(t *testing.T) {
	fset := token.NewFileSet()
	src := "package p\n\n//perf:latency max=1ms\nfunc F() {}\n"
	f, err := parser.ParseFile(fset, "f.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	r := NewFileReader(fset, f)
	if !r.Scan() {
		t.Fatal("no record")
	}
	fn, ok := r.Record().(*Func)
	if !ok || fn.Decl != f.Decls[0].(*ast.FuncDecl) || fn.Pos.String() != "f.go:4:6" {
		t.Errorf("record %#v, want func F at f.go:4:6 with its declaration", r.Record())
	}
	if r.Scan() {
		t.Errorf("second record %v", r.Record())
	}
}

// TestGolden parses every line of testdata/directives.txt (also the fuzz
// seeds) and compares the result with testdata/directives.golden.
func TestGolden(t *testing.T) {
	var b strings.Builder
	for i, line := range seeds(t) {
		fmt.Fprintf(&b, "%s\n", line)
		d, err := Parse(token.Position{Filename: "directives.txt", Line: i + 1, Column: 1}, line)
		switch {
		case err != nil:
			fmt.Fprintf(&b, "\terror %v\n", err)
		case d == nil:
			fmt.Fprintf(&b, "\tnot a directive\n")
		default:
			for _, s := range d.Specs {
				fmt.Fprintf(&b, "\t%s %s=%s → %s max=%v %s", s.Directive, s.Key, s.Value, s.Metric, s.Max, s.Unit())
				if s.Percentile != 0 {
					fmt.Fprintf(&b, " p%v", s.Percentile)
				}
				fmt.Fprintf(&b, " at column %d\n", s.Pos.Column)
			}
			if d.Bench != "" {
				fmt.Fprintf(&b, "\tbench %s at column %d\n", d.Bench, d.BenchPos.Column)
			}
		}
	}
	golden(t, "testdata/directives.golden", b.String())
}

// seeds returns the lines of testdata/directives.txt, except blank lines
// and lines starting with "#".
func seeds(t testing.TB) []string {
	t.Helper()
	f, err := os.Open("testdata/directives.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	s := bufio.NewScanner(f)
	for s.Scan() {
		if line := s.Text(); line != "" && !strings.HasPrefix(line, "#") {
			lines = append(lines, line)
		}
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}

// TestDocsPage checks the error examples of docs/directives.md: its list
// is the package doc's, and each row of its table is what Parse says.
func TestDocsPage(t *testing.T) {
	page, err := os.ReadFile("../../docs/directives.md")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	var inPage, inDoc []string
	section := ""
	for line := range strings.Lines(string(page)) {
		if h, ok := strings.CutPrefix(line, "## "); ok {
			section = strings.TrimSpace(h)
		}
		if section != "Errors" {
			continue
		}
		if strings.HasPrefix(line, "api.go:") {
			inPage = append(inPage, strings.TrimSpace(line))
		}
		if row, ok := strings.CutPrefix(line, "| `//perf:"); ok {
			cells := strings.Split(row, "` | `")
			if len(cells) != 2 {
				continue
			}
			input, want := "//perf:"+cells[0], strings.TrimSuffix(strings.TrimSpace(cells[1]), "` |")
			if strings.Contains(want, "no such benchmark") || strings.Contains(want, "conflicts with") {
				continue // discover's and the Reader's, tested there
			}
			_, err := Parse(pos, input)
			if se, ok := err.(*SyntaxError); !ok || se.Msg != want {
				t.Errorf("docs/directives.md: %s gives %v, the page says %q", input, err, want)
			}
		}
	}
	for line := range strings.Lines(string(doc)) {
		if s, ok := strings.CutPrefix(line, "//\tapi.go:"); ok {
			inDoc = append(inDoc, "api.go:"+strings.TrimSpace(s))
		}
	}
	if strings.Join(inPage, "\n") != strings.Join(inDoc, "\n") {
		t.Errorf("docs/directives.md lists:\n%s\n\nthe package doc:\n%s", strings.Join(inPage, "\n"), strings.Join(inDoc, "\n"))
	}
}
