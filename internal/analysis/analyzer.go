package analysis

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/choragen/choragen/internal/directive"
	"github.com/choragen/choragen/internal/metric"
)

// Analyzer reports functions whose //perf:complexity directive declares a
// bound lower than their structure suggests. See the package doc for what
// it counts and what it does not.
var Analyzer = &analysis.Analyzer{
	Name: "perfcomplexity",
	Doc: `report functions whose loops suggest more than their //perf:complexity bound

For each function with a //perf:complexity max=O(...) directive, estimate the
polynomial degree of its structure (loops over its input, nested; calls to
functions of the same package; obvious recursion) and report the outermost
loop of a nest whose degree is above the declared class. A hint, not a
verdict: choragen's runtime fit decides when both exist.`,
	URL: "https://pkg.go.dev/github.com/choragen/choragen/internal/analysis",
	Run: run,
}

func run(pass *analysis.Pass) (any, error) {
	for _, f := range check(pass.Fset, pass.Files, pass.Pkg, pass.TypesInfo) {
		pass.Report(analysis.Diagnostic{Pos: f.pos, Category: "complexity", Message: f.msg})
	}
	return nil, nil
}

// A finding is a function above its bound, before positions are resolved.
type finding struct {
	pos      token.Pos
	target   string
	est      Estimate
	declared metric.Class
	msg      string
}

// check estimates every function of a package that declares a
// complexity bound, and returns those whose estimate is above it.
func check(fset *token.FileSet, files []*ast.File, pkg *types.Package, info *types.Info) []finding {
	var c *checker
	var out []finding
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || fd.Doc == nil {
				continue
			}
			declared, ok := declaredClass(fset, fd.Doc)
			if !ok {
				continue
			}
			fn, ok := info.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			if c == nil {
				c = newChecker(fset, files, pkg, info)
			}
			t, est, ok := c.funcCost(fn).worst()
			if !ok || !est.exceeds(declared) {
				continue
			}
			pos := t.anchor
			if !pos.IsValid() {
				pos = fd.Name.Pos()
			}
			path := ""
			if pkg != nil {
				path = pkg.Path()
			}
			out = append(out, finding{
				pos:      pos,
				target:   target(path, fd),
				est:      est,
				declared: declared,
				msg:      message(t.steps, est, declared),
			})
		}
	}
	return out
}

// declaredClass is the bound of the //perf:complexity directive in doc.
// A malformed directive is skipped: reporting it is the CLI's job
// (package discover), and a vet run should not fail twice for it.
func declaredClass(fset *token.FileSet, doc *ast.CommentGroup) (metric.Class, bool) {
	for _, cm := range doc.List {
		if !strings.HasPrefix(cm.Text, "//perf:complexity") {
			continue
		}
		d, err := directive.Parse(fset.Position(cm.Slash), cm.Text)
		if err != nil || d == nil {
			continue
		}
		for _, s := range d.Specs {
			if s.Metric == metric.Complexity {
				return s.Class, true
			}
		}
	}
	return 0, false
}
