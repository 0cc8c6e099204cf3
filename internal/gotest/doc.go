// Package gotest runs `go test` and reads what it prints: benchmark
// results in the Go benchmark format, per-package pass or fail, the output
// of failed tests and benchmarks, and build errors.
//
// # The flow
//
//  1. Bench runs `go test -json -run '^$' -bench <regexp> [-count N]
//     [-benchtime T] [-benchmem] <packages>` in Options.Dir; Test runs
//     `go test -json` for plain tests (with CHORAGEN_PERF_OUT in
//     Options.Env, so that test binaries using perf record violations).
//  2. A Reader reads the JSON stream line by line while go test runs.
//  3. The events are gathered per package (progress lines are written as
//     benchmark result lines complete), and when a package ends its
//     rejoined text is read with golang.org/x/perf/benchfmt.
//  4. The Output holds, per package, its status, its text, its benchmark
//     results (benchfmt.Result values, cloned) and its failures; unit
//     metadata lines are merged into Output.Units.
//
// ReadBench and ReadTest do steps 2–4 on a recorded stream.
//
// # The stream, as this package reads it
//
// `go test -json` writes one JSON object per line: test2json's TestEvent
// ({Time, Action, Package, Test, Elapsed, Output, FailedBuild}) for the test
// binaries, interleaved since Go 1.24 with the go command's BuildEvent
// ({ImportPath, Action, Output}, Action "build-output" or "build-fail")
// for the builds. Event holds both. A line that is not such an object is a
// *SyntaxError record positioned as "name:line"; reading goes on.
//
// Benchmark text is rebuilt by appending the Output of every "output"
// event of a package in arrival order, whatever its Test, because:
//
//   - output events are not line-aligned: a result line may arrive as
//     "BenchmarkJoin-2 \t" and then "  20000\t 69.12 ns/op\n";
//   - only the first -count repetition of a benchmark carries Test; later
//     repetitions' result lines have none;
//   - benchfmt skips what is not benchmark data ("=== RUN", bare
//     benchmark names, PASS, ok) and reads "goos:", "pkg:", "cpu:" as
//     configuration and "Unit x assume=exact" lines as unit metadata.
//
// A benchmark prints no "pass" event. A failing one ends with a "fail"
// event (Test set) after its "--- FAIL" output. A panic ends the binary:
// the package fails without the testing package's own PASS/FAIL line, and
// the culprit is the last benchmark that started and printed no result.
//
// A package whose test binary did not build fails with FailedBuild set to
// the package ID of the build that failed; that build's "build-output"
// events hold the compiler's (or vet's) messages. This is a *BuildError,
// whose ExitCode is 2. Note: in a benchmark run over several packages, go
// test makes the first benchmark binary wait for every build, so the first
// package also fails with the broken package's build error.
//
// # Per-call samples
//
// A percentile contract needs the time of single calls, not the mean of
// b.N calls. PerCall mode gets them from any ordinary benchmark, with no
// change to its code: it runs `-benchtime=1x -count S`. The testing package
// (processBench in testing/benchmark.go) first calls the benchmark
// function once with b.N = 1 (run1) and reruns run1 for each repetition
// after the first; with -benchtime=1x it runs nothing more, so that single
// call is the repetition's result. (A b.Loop
// benchmark loops once, and its timer starts at the first b.Loop call, so
// its setup is not timed.) S repetitions thus give S samples of one call
// each, in the Go benchmark format, with B/op and allocs/op of that call
// when Benchmem is set.
//
// Limits, which the engine and the docs must respect:
//
//   - Timer resolution and overhead: each sample is one reading of the
//     monotonic clock around one call, so calls shorter than about a
//     microsecond are dominated by the timer and goroutine start; judge
//     such functions by the mean, or have the benchmark report percentiles
//     itself (perftest's p99-ns/op).
//   - Setup is repeated per sample: a b.N-style benchmark runs its whole
//     body, setup included, for each sample, and times the setup unless it
//     calls b.ResetTimer; a b.Loop benchmark does not time it.
//   - Each call is a first call: caches and branch predictors are colder
//     than in a loop, and the testing package runs a full GC before each
//     repetition, which also makes S samples cost S garbage collections.
//   - Samples are independent runs of the same process, in order; state
//     the benchmark keeps between calls (a warm cache, a growing map)
//     carries over, as it would in production.
//
// How many samples: a percentile p is only as good as the samples above
// it. Take S so that at least k samples lie above the p-th percentile,
// S ≥ k / (1 − p/100): with k = 10, 200 samples for p95 and 1,000 for p99.
// The distribution-free confidence interval of the percentile is finite
// only when the sample holds order statistics on both sides of it (at 95%
// confidence: 90 samples for p95, 441 for p99). stats.SamplesForPercentile
// computes S from both rules, and stats.Percentile reports the interval,
// infinite when S is too small, so that too few samples read as
// unmeasured, never as passed.
//
// # Cancellation
//
// The go command runs in a process group of its own (on Unix). When the
// context ends, the group is interrupted (go removes its temporary files
// and stops the test binaries), then killed after a grace period; a test
// binary never outlives Bench or Test.
package gotest
