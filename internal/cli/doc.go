// Package cli is choragen's command line. Its documentation is the manual;
// TestDoc checks that every "$ choragen" line in it names a real command
// with flags it accepts, and that its command table lists every command.
//
// # Usage
//
//	choragen <command> [flags] [packages]
//
// Packages are go list patterns relative to --dir (default ./... under it).
// Every "perf:x" command is also spelled "perf x".
//
// # Commands
//
//	perf           everything: contracts, tests, score, pass or fail
//	perf:check     measure and judge the contracts; store nothing
//	perf:bench     run the benchmark suite, print centre ± interval; store the run
//	perf:compare   compare two runs, files or commits benchmark by benchmark
//	perf:baseline  show the baseline a comparison would use; pin or unpin one
//	perf:history   a benchmark's or the score's last runs
//	perf:lint      static complexity hints; run nothing
//	version        print choragen's version
//
// # choragen perf
//
// Discovers the contracts under --dir (//perf: directives on functions, and
// the defaults and overrides of .choragen/performance.yaml), runs the
// benchmarks bound to them and the packages' tests, judges every contract,
// scores the run and applies the pass-or-fail rule:
//
//	$ choragen perf --dir examples/shop
//
// A contract is measured by its function's benchmark: BenchmarkF for a
// function F, BenchmarkT_M for a method M of type T, or the one named with
// bench=. Each bound benchmark runs benchmarks.count times after
// benchmarks.warmup discarded repetitions of benchmarks.benchtime each; a
// percentile contract (p=) is judged on per-call samples, either the
// pN-ns/op metrics the benchmark reports itself (perftest) or one call per
// repetition (-benchtime 1x), never on a mean. The tests run with
// CHORAGEN_PERF_OUT set: violations that the perf package records in them
// join the report.
//
// # choragen perf:check
//
// The same measurements and verdicts without the tests (unless --tests):
//
//	$ choragen perf:check --dir examples/shop
//	$ choragen perf check --dir examples/shop ./catalog/... --count 6 --benchtime 50ms
//	$ choragen perf:check --format github --strict
//
// # choragen perf:lint
//
// Static hints before anything runs: functions whose loops over their input
// (nested, or calling same-package functions that loop) or obvious
// recursion suggest more than their //perf:complexity bound, at the loop's
// file:line:col. Exit 1 when there are hints, as go vet does; the measured
// verdict of perf and perf:check decides a contract.
//
//	$ choragen perf:lint --dir examples/shop
//	$ choragen perf lint ./catalog/... --format json
//
// The same analyzer runs under go vet:
//
//	go build -o choragen-vet ./cmd/choragen-vet
//	go vet -vettool=$(pwd)/choragen-vet ./...
//
// # Flags
//
// The measuring commands take:
//
//	--dir dir          the packages under dir (default .)
//	--config file      the configuration (default: the nearest
//	                   .choragen/performance.yaml from --dir up to the module root)
//	--format f         text (default; colour on a terminal), json, markdown,
//	                   junit, github (workflow annotations)
//	--count n          repetitions kept, at least 6 (default: benchmarks.count, 10)
//	--warmup n         repetitions discarded first (default: benchmarks.warmup, 1)
//	--benchtime t      -benchtime of each repetition: 100ms, 50x (default: benchmarks.benchtime)
//	--strict           fail on unmeasured and inconclusive contracts too
//	-v, --verbose      progress on stderr; details of passed contracts
//
// For example, a JSON report for another tool, and the annotations of a
// GitHub Actions step:
//
//	$ choragen perf:check --dir examples/shop --format json --count 6
//	$ choragen perf --format github -v
//
// # Verdicts
//
// A contract is passed, failed, unmeasured (no benchmark bound, the
// benchmark failed or does not report the metric, too few samples) or
// inconclusive (a complexity fit that the data cannot decide). Unmeasured
// and inconclusive contracts are never counted as passed; --strict fails on
// them. The run fails when more contracts failed than
// thresholds.maxViolations, when the score is under thresholds.minScore, or
// when a benchmark regressed against its baseline.
//
// # Exit codes
//
//	0  every verdict passed
//	1  a contract, a gate or a regression failed (the reasons on stderr, one line)
//	2  the tool could not do its job: bad flags, configuration or directives,
//	   a package that does not compile, a store it cannot use (one line on
//	   stderr naming what and where: file:line:col for directives and YAML)
//
// When the exit code is 2 no report is printed, so nothing can be read as
// passed.
package cli
