package engine

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/choragen/choragen/internal/directive"
	"github.com/choragen/choragen/internal/gotest"
)

// forDisplay rewrites the file names in err's positions relative to the
// working directory, as the go command prints them, so that a terminal or
// an editor can open them.
func forDisplay(err error, moduleDir string) error {
	var se *directive.SyntaxError
	if errors.As(err, &se) {
		// Result.Err joins every directive error; the first is shown.
		first := *se
		first.Pos.Filename = shortPath(se.Pos.Filename)
		return &directiveErrors{first: &first, all: err}
	}
	var be *gotest.BuildError
	if errors.As(err, &be) && be.First != "" && moduleDir != "" {
		if file, rest, ok := strings.Cut(be.First, ":"); ok && !filepath.IsAbs(file) {
			b := *be
			b.First = shortPath(filepath.Join(moduleDir, file)) + ":" + rest
			return &b
		}
	}
	return err
}

// directiveErrors shows the first of several directive errors and how many
// more there are; errors.As still finds each.
type directiveErrors struct {
	first *directive.SyntaxError
	all   error
}

func (e *directiveErrors) Error() string {
	n := 0
	if j, ok := e.all.(interface{ Unwrap() []error }); ok {
		n = len(j.Unwrap()) - 1
	}
	if n > 0 {
		return fmt.Sprintf("%s (and %d more directive errors)", e.first, n)
	}
	return e.first.Error()
}
func (e *directiveErrors) Unwrap() []error { return []error{e.first, e.all} }
func (e *directiveErrors) ExitCode() int   { return 2 }

// ShortPath returns path relative to the working directory when it lies
// under it, as the go command prints file names.
func ShortPath(path string) string { return shortPath(path) }

func shortPath(path string) string {
	if !filepath.IsAbs(path) {
		return path
	}
	wd, err := os.Getwd()
	if err != nil {
		return path
	}
	if rel, err := filepath.Rel(wd, path); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return path
}
