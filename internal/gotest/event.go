package gotest

import "time"

// Actions of the events in a `go test -json` stream. The first group comes
// from test2json (TestEvent), the second from the go command's build output
// (BuildEvent, Go 1.24 and later), which is interleaved with test events and
// told apart by its Action.
const (
	ActionStart  = "start"  // the test binary is about to be executed
	ActionRun    = "run"    // a test or benchmark has started
	ActionPause  = "pause"  // a test has been paused
	ActionCont   = "cont"   // a test has continued running
	ActionPass   = "pass"   // a test or the package passed
	ActionBench  = "bench"  // a benchmark printed log output but did not fail
	ActionFail   = "fail"   // a test, benchmark or the package failed
	ActionOutput = "output" // the test printed output
	ActionSkip   = "skip"   // a test was skipped, or the package has no tests

	ActionBuildOutput = "build-output" // the toolchain printed output (ImportPath set)
	ActionBuildFail   = "build-fail"   // the build of ImportPath failed
)

// Event is one line of a `go test -json` stream: a test2json TestEvent or a
// go command BuildEvent (see `go doc cmd/test2json` and `go help buildjson`).
type Event struct {
	// Time is when the event happened; zero for cached results and for
	// build events.
	Time time.Time `json:",omitzero"`
	// Action says what happened; see the Action constants.
	Action string
	// Package is the import path of the package under test. Events for the
	// package as a whole have no Test.
	Package string `json:",omitempty"`
	// Test names the test, example or benchmark, sub-tests included
	// ("BenchmarkSort/n=100"). Only the first -count repetition of a
	// benchmark's result line carries it; later ones have no Test.
	Test string `json:",omitempty"`
	// Elapsed is set on pass and fail events, in seconds.
	Elapsed float64 `json:",omitempty"`
	// Output is a piece of the output (Action output or build-output).
	// Pieces are not aligned to lines: a benchmark result line may arrive
	// in two events.
	Output string `json:",omitempty"`
	// FailedBuild is set on a package's fail event when it failed because
	// a build failed; it is the package ID of the build that failed
	// ("example.com/m/a [example.com/m/a.test]" for a test variant), which
	// matches ImportPath of that build's events.
	FailedBuild string `json:",omitempty"`
	// ImportPath is the package ID of a build event.
	ImportPath string `json:",omitempty"`

	file string
	line int
}

// Pos returns the stream name and 1-based line the event was read from.
func (e *Event) Pos() (name string, line int) { return e.file, e.line }

// Record is one record read from a `go test -json` stream: an *Event or a
// *SyntaxError for a line that is not an event.
type Record interface {
	// Pos returns the stream name and 1-based line of the record.
	Pos() (name string, line int)
}
