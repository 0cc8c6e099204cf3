package gotest

import (
	"time"

	"golang.org/x/perf/benchfmt"
)

// Status is how a package's test binary ended.
type Status string

// The statuses of a package.
const (
	// Passed: the binary ran and every test and benchmark passed.
	Passed Status = "pass"
	// Failed: the binary ran and something failed or crashed, or it was
	// never run because a build failed (then Package.Build is set).
	Failed Status = "fail"
	// Skipped: the package has no test files (or every test skipped).
	Skipped Status = "skip"
	// Unfinished: the stream ended before the package did (the run was
	// cancelled or the go command died).
	Unfinished Status = "unfinished"
)

// Output is what a benchmark run produced, package by package.
type Output struct {
	// Packages are in the order the go command first reported them.
	Packages []*Package
	// Units is the unit metadata (`Unit queries/op assume=exact`) that any
	// package printed, merged; benchfmt keys it by tidied unit.
	Units benchfmt.UnitMetadataMap
	// Errors are the lines that could not be read: *SyntaxError for lines
	// of the stream that are not events, *benchfmt.SyntaxError for
	// malformed benchmark lines (positioned in the package's Text).
	Errors []error
}

// Results returns every benchmark result of every package, in run order.
func (o *Output) Results() []*benchfmt.Result {
	var all []*benchfmt.Result
	for _, p := range o.Packages {
		all = append(all, p.Results...)
	}
	return all
}

// Failures returns every failed benchmark or test of every package.
func (o *Output) Failures() []*Failure {
	var all []*Failure
	for _, p := range o.Packages {
		all = append(all, p.Failures...)
	}
	return all
}

// Package returns the package with the import path, or nil.
func (o *Output) Package(importPath string) *Package {
	for _, p := range o.Packages {
		if p.ImportPath == importPath {
			return p
		}
	}
	return nil
}

// BuildError returns the first package's build error, or nil when every
// package built.
func (o *Output) BuildError() *BuildError { return firstBuildError(o.Packages) }

// TestOutput is what a plain test run produced, package by package.
type TestOutput struct {
	// Packages are in the order the go command first reported them.
	// Their Results are empty.
	Packages []*Package
	// Errors are the lines of the stream that are not events.
	Errors []error
}

// Failures returns every failed test of every package.
func (o *TestOutput) Failures() []*Failure {
	var all []*Failure
	for _, p := range o.Packages {
		all = append(all, p.Failures...)
	}
	return all
}

// BuildError returns the first package's build error, or nil.
func (o *TestOutput) BuildError() *BuildError { return firstBuildError(o.Packages) }

func firstBuildError(pkgs []*Package) *BuildError {
	for _, p := range pkgs {
		if p.Build != nil {
			return p.Build
		}
	}
	return nil
}

// Package is one package's part of a run.
type Package struct {
	// ImportPath is the package as go test names it.
	ImportPath string
	Status     Status
	// Elapsed is the run time go test reported for the package.
	Elapsed time.Duration
	// Text is everything the package's test binary printed, rejoined from
	// the output events in arrival order: for a benchmark run, the text in
	// the Go benchmark format that Results were read from.
	Text []byte
	// Results are the benchmark results read from Text with benchfmt
	// (each one cloned, so they may be kept), in run order. Their
	// positions name the package and the line in Text.
	Results []*benchfmt.Result
	// Failures are the benchmarks or tests that failed or crashed, in
	// the order they ended.
	Failures []*Failure
	// Skipped names the benchmarks or tests that called Skip, in order.
	Skipped []string
	// Build is set when the package was not run because a build failed.
	// It usually names this package, or a dependency of it. Note: in a
	// benchmark run over several packages, go test waits for every build
	// before the first benchmark binary runs, so when any package does
	// not build, the first package also fails with that package's
	// BuildError, although its own code is fine.
	Build *BuildError
}

// Failure is a benchmark or test that failed: it called b.Fatal or
// b.Error, or panicked, or the binary died (timeout, os.Exit) while it ran.
// A failure is a finding about the code under test, not an error of the
// run: the other benchmarks' results stand.
type Failure struct {
	Package string
	// Name is the benchmark or test as go test names it, sub-benchmarks
	// included and without the -GOMAXPROCS suffix ("BenchmarkSort/n=10").
	// It is empty when the binary died outside any test.
	Name string
	// Crashed is set when the test binary exited while this benchmark or
	// test ran (a panic, a timeout, os.Exit), so no later one ran.
	Crashed bool
	// Reason is the line that says what went wrong: "panic: ..." for a
	// crash, otherwise the last line it logged ("x_test.go:12: boom").
	Reason string
	// Output is what it printed, including the "--- FAIL" line and, for
	// a crash, the stack.
	Output string
}

func (f *Failure) String() string {
	name := f.Name
	if name == "" {
		name = "(package)"
	}
	verb := "failed"
	if f.Crashed {
		verb = "crashed"
	}
	s := f.Package + " " + name + " " + verb
	if f.Reason != "" {
		s += ": " + f.Reason
	}
	return s
}
