package discover

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/choragen/choragen/internal/directive"
)

// A parsedFile is what one Go file contributes to its package.
type parsedFile struct {
	test    bool
	err     *PackageError // a Go syntax error: nothing else was read
	funcs   []fileFunc    // non-test files: every function that can be measured
	benches []*Benchmark  // test files
	errs    []*directive.SyntaxError
}

// A fileFunc is a function declaration, before binding.
type fileFunc struct {
	sym   string // "(*DB).Get"
	bench string // the benchmark that measures it by convention
	pos   token.Position
	dir   *directive.Func // its directives; nil when none
}

// parseAll parses the files of every listed package, concurrently: files
// are independent, and parsing is most of discovery's own work. It returns
// the files of listed[i] in files[i]: Go files then test files, each sorted
// by name.
func parseAll(ctx context.Context, listed []*listedPackage) [][]*parsedFile {
	type job struct {
		pkg, idx int
		path     string
		test     bool
	}
	var jobs []job
	files := make([][]*parsedFile, len(listed))
	for i, p := range listed {
		goFiles := slices.Sorted(slices.Values(slices.Concat(p.GoFiles, p.CgoFiles)))
		testFiles := slices.Sorted(slices.Values(slices.Concat(p.TestGoFiles, p.XTestGoFiles)))
		files[i] = make([]*parsedFile, len(goFiles)+len(testFiles))
		for j, name := range slices.Concat(goFiles, testFiles) {
			jobs = append(jobs, job{i, j, filepath.Join(p.Dir, name), j >= len(goFiles)})
		}
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		wg.Go(func() {
			fset := token.NewFileSet() // one per worker: no lock shared between them
			for ctx.Err() == nil {
				j := int(next.Add(1)) - 1
				if j >= len(jobs) {
					return
				}
				jb := jobs[j]
				files[jb.pkg][jb.idx] = parseFile(fset, jb.path, jb.test)
			}
		})
	}
	wg.Wait()
	return files
}

var perfPrefix = []byte("//perf")

// parseFile reads one file. Comments are parsed only when the file holds
// "//perf" at all, which few files do.
func parseFile(fset *token.FileSet, path string, test bool) *parsedFile {
	pf := &parsedFile{test: test}
	src, err := os.ReadFile(path)
	if err != nil {
		pf.err = &PackageError{Err: err.Error()}
		return pf
	}
	mode := parser.SkipObjectResolution
	hasPerf := bytes.Contains(src, perfPrefix)
	if hasPerf {
		mode |= parser.ParseComments
	}
	f, err := parser.ParseFile(fset, path, src, mode)
	if err != nil {
		pf.err = &PackageError{Err: err.Error()}
		if list, ok := errors.AsType[scanner.ErrorList](err); ok && len(list) > 0 {
			pf.err = &PackageError{Pos: list[0].Pos.String(), Err: list[0].Msg}
		}
		return pf
	}
	if test {
		pf.readTest(fset, f, hasPerf)
	} else {
		pf.read(fset, f, hasPerf)
	}
	return pf
}

// read collects the functions of a Go file and their directives.
func (pf *parsedFile) read(fset *token.FileSet, f *ast.File, hasPerf bool) {
	byDecl := make(map[*ast.FuncDecl]int)
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Name.Name == "_" || fd.Recv == nil && fd.Name.Name == "init" {
			continue
		}
		sym, recv := symbol(fd)
		byDecl[fd] = len(pf.funcs)
		pf.funcs = append(pf.funcs, fileFunc{sym: sym, bench: benchName(fd, recv), pos: fset.Position(fd.Name.Pos())})
	}
	if !hasPerf {
		return
	}
	for r := directive.NewFileReader(fset, f); r.Scan(); {
		switch rec := r.Record().(type) {
		case *directive.Func:
			if i, ok := byDecl[rec.Decl]; ok {
				pf.funcs[i].dir = rec
			}
		case *directive.SyntaxError:
			pf.errs = append(pf.errs, rec)
		}
	}
}

// readTest collects the benchmarks of a test file. Directives have no
// place in test files, so any there is an error.
func (pf *parsedFile) readTest(fset *token.FileSet, f *ast.File, hasPerf bool) {
	testing := testingName(f)
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && testing != "" && isBenchmark(fd, testing) {
			pf.benches = append(pf.benches, &Benchmark{Name: fd.Name.Name, Pos: fset.Position(fd.Name.Pos())})
		}
	}
	if !hasPerf {
		return
	}
	for _, g := range f.Comments {
		for _, c := range g.List {
			if !bytes.HasPrefix([]byte(c.Text), perfPrefix) {
				continue
			}
			pos := fset.Position(c.Slash)
			if d, err := directive.Parse(pos, c.Text); d != nil || err != nil {
				head, _, _ := strings.Cut(c.Text, " ")
				pf.errs = append(pf.errs, &directive.SyntaxError{Pos: pos, Msg: fmt.Sprintf(
					"%s is in a test file: directives are read from the package's non-test files", head)})
			}
		}
	}
}

// testingName is the name under which f imports "testing": "testing", its
// alias, "." for a dot import, or "" when f does not import it.
func testingName(f *ast.File) string {
	for _, imp := range f.Imports {
		if imp.Path.Value != `"testing"` {
			continue
		}
		if imp.Name != nil {
			return imp.Name.Name
		}
		return "testing"
	}
	return ""
}

// isBenchmark reports whether fd is a benchmark that go test runs:
// func BenchmarkXxx(b *testing.B), Xxx not starting with a lower-case
// letter, no receiver, no type parameters.
func isBenchmark(fd *ast.FuncDecl, testing string) bool {
	rest, ok := strings.CutPrefix(fd.Name.Name, "Benchmark")
	if !ok || fd.Recv != nil || fd.Type.TypeParams != nil || fd.Type.Results != nil {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(rest); rest != "" && unicode.IsLower(r) {
		return false
	}
	params := fd.Type.Params.List
	if len(params) != 1 || len(params[0].Names) > 1 {
		return false
	}
	star, ok := params[0].Type.(*ast.StarExpr)
	if !ok {
		return false
	}
	switch t := star.X.(type) {
	case *ast.SelectorExpr:
		x, ok := t.X.(*ast.Ident)
		return ok && x.Name == testing && t.Sel.Name == "B"
	case *ast.Ident:
		return testing == "." && t.Name == "B"
	}
	return false
}
