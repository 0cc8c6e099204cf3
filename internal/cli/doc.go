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
// stores the run, compares its benchmarks with the baseline's, scores the
// run and applies the pass-or-fail rule:
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
// # choragen perf:bench
//
// Runs the module's benchmarks (all, --bench matches, or the packages
// given), discards the warm-up repetitions, prints each benchmark metric's
// median with its 95% confidence interval in units people read (outliers
// counted, never dropped), and stores the run: every sample, the summaries,
// the machine, commit, branch and dirty flag (changes under .choragen/ do
// not count).
//
//	$ choragen perf:bench --dir examples/shop
//	$ choragen perf bench --dir examples/shop --bench Catalog --count 10 --store postgres://ci@db/perf
//
// # choragen perf:compare
//
// Compares a head with a base per benchmark and metric, as benchstat does,
// and gates on it: a regression is a change in the worse direction that is
// both statistically significant (Mann-Whitney U, alpha 0.05) and larger
// than benchmarks.regressionThreshold percent (or --threshold). --base and
// --head each name a file in the Go benchmark format, a stored run id, or a
// branch (its latest run), tried in that order; by default the head is the
// latest run and the base its baseline. --base-ref and --head-ref measure two
// git commits now, their repetitions interleaved.
//
//	$ choragen perf:compare --base old.txt --head new.txt
//	$ choragen perf:compare --dir examples/shop --base main --format markdown
//	$ choragen perf:compare --base-ref main --head-ref HEAD --bench Quote
//
// # choragen perf:baseline and perf:history
//
// The baseline is the run a comparison uses: a pinned run; else the latest
// clean run of benchmarks.baselineBranch on a comparable machine (same
// GOOS, GOARCH, CPU model and GOMAXPROCS); on the baseline branch itself,
// its previous run. perf:history shows a benchmark's (or, without one, the
// score's) last runs, oldest first.
//
//	$ choragen perf:baseline --dir examples/shop
//	$ choragen perf:baseline --dir examples/shop --pin 42
//	$ choragen perf:history --dir examples/shop BenchmarkCatalog_Search/n=65536 -n 10
//	$ choragen perf:history --dir examples/shop --format json
//
// # History
//
// Runs are stored in --store (a SQLite path or a postgres:// URL), else
// $CHORAGEN_STORE, else the configuration's benchmarks.store, else
// .choragen/history.db next to the configuration: an embedded SQLite
// database that needs nothing installed. --branch names the branch (default:
// git's, else the CI's variables for a detached HEAD). A run is written in
// one transaction; concurrent writers lose nothing.
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
