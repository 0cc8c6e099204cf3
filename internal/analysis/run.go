package analysis

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"go/token"
	"os"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/choragen/choragen/internal/metric"
)

// loadErrors joins the packages' errors, as "file:line:col: message"
// where they have a position. When type errors have positions, go list's
// build failure that repeats them without one is left out.
func loadErrors(pkgs []*packages.Package) error {
	var all []packages.Error
	positioned := false
	for _, p := range pkgs {
		for _, e := range p.Errors {
			all = append(all, e)
			positioned = positioned || e.Pos != "" && e.Pos != "-"
		}
	}
	var errs []error
	seen := map[string]bool{}
	for _, e := range all {
		var msg string
		switch {
		case e.Pos != "" && e.Pos != "-":
			msg = e.Pos + ": " + e.Msg
		case positioned:
			continue
		default:
			msg = e.Msg
		}
		if !seen[msg] && len(errs) < 10 {
			seen[msg] = true
			errs = append(errs, errors.New(msg))
		}
	}
	return errors.Join(errs...)
}

// A Finding is a function whose structure suggests more than its declared
// complexity bound: a hint for the report, never a verdict.
type Finding struct {
	// Pos is the outermost offending loop (or call, or recursive call).
	Pos token.Position
	// Target is the function's pprof-style name, as its contract's:
	// "example.com/shop/catalog.Duplicates".
	Target string
	// Estimated is the growth the structure suggests; Estimated.Class()
	// rounds it to a metric.Class, Estimated.String() writes it
	// ("O(n^2)", "O(n^2 log n)").
	Estimated Estimate
	// Declared is the bound of the function's //perf:complexity.
	Declared metric.Class
	// Message says why: "nested loops over products (depth 2) suggest
	// O(n^2), above the declared O(n)".
	Message string
}

// String returns "file:line:col: message", as go vet prints it.
func (f Finding) String() string {
	return fmt.Sprintf("%s: %s", f.Pos, f.Message)
}

// loadMode is what the analysis needs: syntax and types of the packages
// matched, types (from export data) of their dependencies.
const loadMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo | packages.NeedTypesSizes

// Run loads the packages matched by patterns (default ./...) in dir, as
// go build would see them (test files aside: directives belong on the
// code under test), and returns the findings of Analyzer, ordered by
// position. A package that does not load or type-check is an error: the
// analysis needs its types.
func Run(ctx context.Context, dir string, patterns []string) ([]Finding, error) {
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	if dir != "" {
		if _, err := os.Stat(dir); err != nil {
			return nil, fmt.Errorf("load packages: %w", err)
		}
	}
	cfg := &packages.Config{Context: ctx, Dir: dir, Mode: loadMode}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, fmt.Errorf("load packages: %w", err)
	}
	if len(pkgs) == 0 {
		return nil, fmt.Errorf("load packages: no packages match %s in %s", strings.Join(patterns, " "), dir)
	}
	if err := loadErrors(pkgs); err != nil {
		return nil, fmt.Errorf("load packages: %w", err)
	}
	var out []Finding
	for _, p := range pkgs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for _, f := range check(p.Fset, p.Syntax, p.Types, p.TypesInfo) {
			out = append(out, Finding{
				Pos:       p.Fset.Position(f.pos),
				Target:    f.target,
				Estimated: f.est,
				Declared:  f.declared,
				Message:   f.msg,
			})
		}
	}
	slices.SortFunc(out, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.Pos.Filename, b.Pos.Filename), cmp.Compare(a.Pos.Line, b.Pos.Line), cmp.Compare(a.Pos.Column, b.Pos.Column))
	})
	return out, nil
}
