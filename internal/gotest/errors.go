package gotest

import (
	"fmt"
	"strings"
)

// BuildError reports a package that did not compile (or did not pass the
// vet checks go test runs, or whose pattern matched nothing). The tool
// cannot measure code that does not build, so its exit code is 2.
type BuildError struct {
	// Package is the import path of the package that did not build,
	// without the test-variant suffix the go command adds.
	Package string
	// ID is the go command's package ID of the failed build
	// ("example.com/m/a [example.com/m/a.test]" for the test variant).
	ID string
	// Output is everything the toolchain printed for that build.
	Output string
	// First is the toolchain's first error line, as it printed it: for a
	// compile error "file:line:col: message", with file relative to the
	// directory go test ran in.
	First string
}

func (e *BuildError) Error() string {
	if e.First == "" {
		return "build " + e.Package + ": failed"
	}
	return "build " + e.Package + ": " + e.First
}

// ExitCode is 2: the tool could not do its job.
func (e *BuildError) ExitCode() int { return 2 }

func newBuildError(id, output string) *BuildError {
	pkg, _, _ := strings.Cut(id, " [")
	return &BuildError{Package: pkg, ID: id, Output: output, First: firstErrorLine(output)}
}

// firstErrorLine skips the "# pkg" headers the go command prints before a
// build's output and returns the first line that is left.
func firstErrorLine(output string) string {
	for line := range strings.Lines(output) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		return strings.TrimPrefix(line, "vet: ")
	}
	return ""
}

// GoError reports that the go command failed before or outside any
// package: a bad flag, no go.mod, a tool crash. Its exit code is 2.
type GoError struct {
	// Args are the go command's arguments.
	Args []string
	// ExitStatus is the go command's exit status (-1 if it did not start).
	ExitStatus int
	// Stderr is what the go command printed on standard error (at most
	// its last 64 KiB).
	Stderr string
	// Err is the underlying error, if any.
	Err error
}

func (e *GoError) Error() string {
	msg := firstLine(e.Stderr)
	switch {
	case msg != "":
	case e.Err != nil:
		msg = e.Err.Error()
	default:
		msg = fmt.Sprintf("exit status %d", e.ExitStatus)
	}
	return "go " + strings.Join(firstN(e.Args, 1), " ") + ": " + msg
}

func (e *GoError) Unwrap() error { return e.Err }

// ExitCode is 2: the tool could not do its job.
func (e *GoError) ExitCode() int { return 2 }

func firstLine(s string) string {
	for line := range strings.Lines(s) {
		if line = strings.TrimSpace(line); line != "" {
			return line
		}
	}
	return ""
}

func firstN(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
