package discover

import (
	"fmt"
	"slices"
	"strings"

	"github.com/choragen/choragen/internal/directive"
)

// bind assembles a package from its parsed files: it binds each function
// to its benchmark and names it. root is the import path of the project
// root.
func bind(lp *listedPackage, root string, files []*parsedFile) (*Package, []*directive.SyntaxError) {
	p := &Package{ImportPath: lp.ImportPath, Name: lp.Name, Dir: lp.Dir}
	if lp.Error != nil {
		p.Error = &PackageError{Pos: lp.Error.Pos, Err: lp.Error.Err}
	}
	var errs []*directive.SyntaxError
	benches := make(map[string]*Benchmark)
	for _, f := range files {
		if f.err != nil && p.Error == nil {
			p.Error = f.err
		}
		errs = append(errs, f.errs...)
		for _, b := range f.benches {
			if _, dup := benches[b.Name]; !dup { // a duplicate is the compiler's to report
				benches[b.Name] = b
				p.Benchmarks = append(p.Benchmarks, b)
			}
		}
	}
	for _, f := range files {
		for _, fn := range f.funcs {
			bound := ""
			if fn.dir != nil && fn.dir.Bench != "" {
				if benches[fn.dir.Bench] != nil {
					bound = fn.dir.Bench
				} else {
					errs = append(errs, &directive.SyntaxError{Pos: fn.dir.BenchPos, Msg: fmt.Sprintf(
						"bench=%s: no such benchmark in the test files of %s", fn.dir.Bench, lp.ImportPath)})
				}
			} else if benches[fn.bench] != nil {
				bound = fn.bench
			}
			if fn.dir == nil && bound == "" {
				continue
			}
			target, rel := names(lp.ImportPath, root, fn.sym)
			out := &Func{Name: fn.sym, Target: target, Relative: rel, Pos: fn.pos, Bench: bound}
			if fn.dir != nil {
				out.Specs = fn.dir.Specs
			}
			if bound != "" {
				benches[bound].Targets = append(benches[bound].Targets, target)
			}
			p.Funcs = append(p.Funcs, out)
		}
	}
	slices.SortFunc(p.Benchmarks, func(a, b *Benchmark) int { return strings.Compare(a.Name, b.Name) })
	for _, b := range p.Benchmarks {
		slices.Sort(b.Targets)
	}
	return p, errs
}
