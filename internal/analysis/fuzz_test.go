package analysis

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzCheck feeds the analysis arbitrary Go source, type-checked as far as
// it goes (errors ignored, so the type information may have holes, as it
// never does under go vet): no input may make it panic, and every finding
// must sit in the file, say why, and be above its bound. Every function
// is estimated, not only those with a directive. Seeds: the declarations
// of testdata/src, one by one.
func FuzzCheck(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "src", "*", "*.go"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no seeds in testdata/src: %v", err)
	}
	// One seed per declaration, with the file's imports: the fuzzer
	// minimises what it finds, and that is slow on whole files.
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, name, src, parser.ParseComments)
		if err != nil {
			f.Fatal(err)
		}
		var imports string
		for _, d := range file.Decls {
			if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
				imports = string(src[fset.Position(gd.Pos()).Offset:fset.Position(gd.End()).Offset])
			}
		}
		for _, d := range file.Decls {
			start := d.Pos()
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Doc != nil {
				start = fd.Doc.Pos()
			}
			decl := string(src[fset.Position(start).Offset:fset.Position(d.End()).Offset])
			f.Add("package p\n\n" + imports + "\n\n" + decl + "\n")
		}
	}
	imp := importer.Default()
	f.Fuzz(func(t *testing.T, src string) {
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, "fuzz.go", src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return
		}
		info := &types.Info{
			Types:      map[ast.Expr]types.TypeAndValue{},
			Defs:       map[*ast.Ident]types.Object{},
			Uses:       map[*ast.Ident]types.Object{},
			Selections: map[*ast.SelectorExpr]*types.Selection{},
		}
		conf := types.Config{Importer: imp, Error: func(error) {}}
		pkg, _ := conf.Check("fuzz", fset, []*ast.File{file}, info)
		files := []*ast.File{file}

		c := newChecker(fset, files, pkg, info)
		for fn := range c.decls {
			if tm, est, ok := c.funcCost(fn).worst(); ok {
				_ = message(tm.steps, est, 0)
			}
		}
		tf := fset.File(file.Pos())
		for _, fd := range check(fset, files, pkg, info) {
			if !fd.pos.IsValid() || int(fd.pos) < tf.Base() || int(fd.pos) > tf.Base()+tf.Size() {
				t.Errorf("finding %q at %v, outside the file", fd.msg, fd.pos)
			}
			if !strings.Contains(fd.msg, "above the declared") || !fd.est.exceeds(fd.declared) {
				t.Errorf("finding %q: estimate %v, declared %v", fd.msg, fd.est, fd.declared)
			}
		}
	})
}
