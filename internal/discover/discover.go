package discover

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/choragen/choragen/internal/directive"
)

// ErrNoPackages is returned (wrapped) by Load when a pattern matches no
// packages.
var ErrNoPackages = errors.New("matched no packages")

// Options says what Load looks at.
type Options struct {
	// Dir is the directory go list runs in; relative patterns are
	// relative to it. Default: the current directory.
	Dir string
	// Patterns are go list package patterns. Default: ./...
	Patterns []string
	// Tags are build tags, as go build -tags takes them.
	Tags []string
	// Root is the project root directory: relative names are relative to
	// its import path. Default: the root of the module that contains Dir.
	// A relative Root is relative to the current directory, as Dir is.
	Root string
}

// Result is what Load found.
type Result struct {
	// Module is the main module that contains Dir.
	Module Module `json:"module"`
	// Root is the import path of the project root, which relative names
	// are relative to.
	Root string `json:"root"`
	// Packages are the packages matched, sorted by import path.
	Packages []*Package `json:"packages"`
	// Errors are the malformed and misplaced directives, and the bench=
	// names with no such benchmark, sorted by position.
	Errors []*directive.SyntaxError `json:"errors,omitempty"`
}

// Err returns the directive errors joined (errors.As finds each
// *directive.SyntaxError, and its ExitCode), or nil when there are none.
func (r *Result) Err() error {
	errs := make([]error, len(r.Errors))
	for i, e := range r.Errors {
		errs[i] = e
	}
	return errors.Join(errs...)
}

// Module is a Go module.
type Module struct {
	Path string `json:"path"`
	Dir  string `json:"dir"`
}

// Package is one package, its benchmarks, and its functions with
// contracts or benchmarks.
type Package struct {
	ImportPath string `json:"importPath"`
	Name       string `json:"name"`
	Dir        string `json:"dir"`
	// Error is the package's error as go list reports it (a syntax error
	// in an import, an import cycle, all files excluded by build
	// constraints), or the first Go syntax error of its files; nil when
	// none. Such a package will not build: the runner reports why.
	Error *PackageError `json:"error,omitempty"`
	// Funcs are the functions with directives or with a benchmark bound to
	// them, in source order (files sorted by name).
	Funcs []*Func `json:"funcs,omitempty"`
	// Benchmarks are every top-level benchmark of the package's test
	// files (internal and external), sorted by name.
	Benchmarks []*Benchmark `json:"benchmarks,omitempty"`
}

// PackageError is a package that go list or go/parser found broken.
type PackageError struct {
	Pos string `json:"pos,omitempty"` // "file:line:col", when known
	Err string `json:"err"`
}

func (e *PackageError) Error() string {
	if e.Pos == "" {
		return e.Err
	}
	return e.Pos + ": " + e.Err
}

// Func is a function or method with directives or a bound benchmark.
type Func struct {
	// Name is the function's name within its package as pprof prints it:
	// "FetchUser", "(*DB).Get", "DB.Len", "(*List[...]).Push", "Map[...]".
	Name string `json:"name"`
	// Target is its pprof-style full name:
	// "example.com/shop/store.(*DB).Get".
	Target string `json:"target"`
	// Relative is Target relative to the project root: "store.(*DB).Get";
	// "Get" in the root package itself; Target outside the root.
	Relative string `json:"relative"`
	// Pos is the position of the function's name.
	Pos token.Position `json:"pos"`
	// Bench is the benchmark bound to the function: bench= if a directive
	// names one, else BenchmarkF (function F) or BenchmarkT_M (method M of
	// T) if the package's test files have it, else "".
	Bench string `json:"bench,omitempty"`
	// Specs are the contracts of its directives, in source order.
	Specs []directive.Spec `json:"specs,omitempty"`
}

// Benchmark is one top-level benchmark function of a package's tests.
type Benchmark struct {
	Name string         `json:"name"`
	Pos  token.Position `json:"pos"`
	// Targets are the functions bound to it (Func.Bench == Name), sorted;
	// usually one, none when the benchmark follows no function's name.
	Targets []string `json:"targets,omitempty"`
}

// Load lists the packages matched by opts, reads the directives of their
// Go files and the benchmarks of their test files, and binds each function
// to its benchmark.
//
// It fails when go list fails (not in a module, a bad pattern) or when a
// pattern matches no packages (errors.Is(err, ErrNoPackages)). Malformed
// directives are not failures: they are in Result.Errors.
func Load(ctx context.Context, opts Options) (*Result, error) {
	dir, err := filepath.Abs(cmp.Or(opts.Dir, "."))
	if err != nil {
		return nil, fmt.Errorf("discover: %w", err)
	}
	patterns := opts.Patterns
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	listed, err := goList(ctx, dir, opts.Tags, patterns)
	if err != nil {
		return nil, fmt.Errorf("discover %s: %w", dir, err)
	}
	res := &Result{Module: mainModule(listed, dir)}
	if res.Root, err = rootPath(listed, res.Module, opts.Root); err != nil {
		return nil, fmt.Errorf("discover %s: %w", dir, err)
	}

	files := parseAll(ctx, listed)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for i, lp := range listed {
		p, errs := bind(lp, res.Root, files[i])
		res.Packages = append(res.Packages, p)
		res.Errors = append(res.Errors, errs...)
	}
	slices.SortFunc(res.Packages, func(a, b *Package) int { return strings.Compare(a.ImportPath, b.ImportPath) })
	slices.SortFunc(res.Errors, func(a, b *directive.SyntaxError) int {
		return cmp.Or(strings.Compare(a.Pos.Filename, b.Pos.Filename), cmp.Compare(a.Pos.Line, b.Pos.Line), cmp.Compare(a.Pos.Column, b.Pos.Column))
	})
	return res, nil
}

// mainModule returns the main module that contains dir; or else the first
// main module listed.
func mainModule(listed []*listedPackage, dir string) Module {
	var found Module
	for _, p := range listed {
		m := p.Module
		if m == nil || !m.Main {
			continue
		}
		if within(dir, m.Dir) && len(m.Dir) > len(found.Dir) {
			found = Module{Path: m.Path, Dir: m.Dir}
		}
	}
	if found.Path == "" {
		for _, p := range listed {
			if m := p.Module; m != nil && m.Main {
				return Module{Path: m.Path, Dir: m.Dir}
			}
		}
	}
	return found
}

// rootPath returns the import path of the project root directory root
// (default: the module's root).
func rootPath(listed []*listedPackage, mod Module, root string) (string, error) {
	if root == "" {
		return mod.Path, nil
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return "", err
	}
	if fi, err := os.Stat(abs); err != nil || !fi.IsDir() {
		return "", fmt.Errorf("project root %s: not a directory", root)
	}
	for _, p := range listed {
		if p.Dir == abs && p.Error == nil {
			return p.ImportPath, nil
		}
	}
	rel, err := filepath.Rel(mod.Dir, abs)
	if err == nil && !filepath.IsLocal(rel) && rel != "." {
		// go list reports directories with symbolic links resolved.
		modDir, err1 := filepath.EvalSymlinks(mod.Dir)
		realAbs, err2 := filepath.EvalSymlinks(abs)
		if err1 == nil && err2 == nil {
			rel, err = filepath.Rel(modDir, realAbs)
		}
	}
	if mod.Path == "" || err != nil || !filepath.IsLocal(rel) && rel != "." {
		return "", fmt.Errorf("project root %s is outside module %s (%s)", root, mod.Path, mod.Dir)
	}
	if rel == "." {
		return mod.Path, nil
	}
	return mod.Path + "/" + filepath.ToSlash(rel), nil
}

// within reports whether path is dir or inside it.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && (rel == "." || filepath.IsLocal(rel))
}
