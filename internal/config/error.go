package config

import (
	"fmt"
	"slices"
)

// Pos is a position in a configuration file. Line and Col count from 1;
// Col counts characters, not bytes.
type Pos struct {
	File string
	Line int
	Col  int
}

// String returns "file:line:col", or "file:line" when the column is
// unknown (Col 0).
func (p Pos) String() string {
	if p.Col > 0 {
		return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
	}
	return fmt.Sprintf("%s:%d", p.File, p.Line)
}

// Error is a problem in a configuration file, at the key or value that
// causes it. Msg names the key by its path in the file
// ("contracts.latency.default.unit").
type Error struct {
	File string
	Line int
	// Col is 0 only for YAML syntax errors, for which yaml.v3 reports a
	// line and no column.
	Col int
	Msg string
}

// Error returns "file:line:col: msg".
func (e *Error) Error() string {
	return Pos{e.File, e.Line, e.Col}.String() + ": " + e.Msg
}

// ExitCode is 2: a bad configuration means the tool cannot do its job
// (DESIGN.md, "The command line").
func (e *Error) ExitCode() int { return 2 }

// ErrorList is every problem found in one file, in the order of their
// positions. Parse, Load, Validate and Save return one when the file is
// invalid; errors.As(err, new(*Error)) gives the first.
type ErrorList []*Error

// Error returns the first error, and how many more there are, on one line.
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0], len(l)-1)
}

// Unwrap returns the errors, for errors.As and errors.Is.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// ExitCode is 2, as for Error.
func (l ErrorList) ExitCode() int { return 2 }

func (l ErrorList) sort() {
	slices.SortStableFunc(l, func(a, b *Error) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Col - b.Col
	})
}
