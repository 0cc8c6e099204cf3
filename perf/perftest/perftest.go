// Package perftest holds performance contracts to account in `go test`:
// it asserts a contract over many calls in a test, reports per-call
// percentiles from a benchmark in the standard benchmark format, and writes
// the violations a test binary saw for the choragen command.
//
// # In tests
//
// AssertContract calls a function many times and fails the test when it
// breaks one of a perf.Contract's limits, saying what was measured against
// what threshold:
//
//	func TestFetchUserContract(t *testing.T) {
//		perftest.AssertContract(t, fetchUserContract, func() { FetchUser(ctx, "42") })
//	}
//
// AssertLatency, AssertAllocs and AssertBytes assert one limit without a
// contract. Latency is judged on the quietest of several rounds of calls,
// because noise on a shared machine only ever adds time; allocations on the
// fewest of several rounds, because other goroutines only ever add
// allocations to the process-wide counters. Allocation counts change under
// the race detector, so there the memory assertions only log (advisory).
//
// AssertComplexity measures a function over a list of input sizes (its
// time, allocations or a count it keeps) and fails the test when its cost
// grows faster than a declared class such as "O(n)", with the fit that
// judges //perf:complexity directives; an inconclusive fit skips the test.
//
// # In benchmarks
//
// Percentiles times every call and reports p50-ns/op, p95-ns/op and
// p99-ns/op beside ns/op, which is how choragen judges percentile contracts
// from `go test -bench`:
//
//	func BenchmarkFetchUser(b *testing.B) {
//		perftest.Percentiles(b, func() { FetchUser(ctx, "42") })
//	}
//
// ReportIterations, ReportDepth, ReportCounter and ReportCount report
// exact counts per operation (iterations/op, depth/op, queries/op, ...)
// with their unit metadata; ReportUsage reports CPU time and read/write
// system calls per operation (cpu-ns/op, syscalls/op, io-bytes/op);
// ReportPeakHeap the peak live heap of the run (peak-heap-B). Call them
// right before the loop (ReportCount after it). docs/perf.md says what each figure means and how
// far it can be off.
//
// # Leaks
//
// NoLeaks fails a test that leaves goroutines running (go.uber.org/goleak),
// and HeapGrowth one whose operation keeps more and more of the heap
// reachable over repeated calls. Both record a violation with the id
// "leak:<target>" for choragen's report.
//
// # At exit
//
// Main, called from TestMain, runs the tests and then writes the violations
// that perf.Default saw to $CHORAGEN_PERF_OUT (perf.Flush):
//
//	func TestMain(m *testing.M) { perftest.Main(m) }
package perftest

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/choragen/choragen/perf"
)

// TB is the part of testing.TB that perftest's assertions use.
type TB interface {
	Helper()
	Name() string
	Errorf(format string, args ...any)
	Logf(format string, args ...any)
}

var _ TB = testing.TB(nil)

// Main runs the tests of m, then flushes perf.Default (perf.Flush): it
// judges the open windows of its contracts and, when $CHORAGEN_PERF_OUT
// names a directory, writes their violations there. Then it exits with
// the tests' status, or 1 if the tests passed but the violations could not
// be written, so that a run that asked for them never silently lacks them.
func Main(m *testing.M) {
	code := m.Run()
	if err := perf.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "perftest:", err)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

// An Option changes how an assertion or measurement calls the function.
type Option interface {
	apply(*settings)
}

type settings struct {
	calls  int // per round; 0: the measurement's default
	rounds int // 0: DefaultRounds, or fewer for slow calls
	leakSettings
	fit fitSettings // what AssertComplexity fits (complexity.go)
}

type optionFunc func(*settings)

func (f optionFunc) apply(s *settings) { f(s) }

// DefaultRounds is how many rounds of calls a measurement makes unless
// Rounds says otherwise.
const DefaultRounds = 5

// Calls sets how many calls make one round. The defaults: 100 for a mean
// latency and for memory; for a percentile, enough calls that 10 lie above
// it (1000 for p99).
func Calls(n int) Option {
	return optionFunc(func(s *settings) { s.calls = n })
}

// Rounds sets how many rounds of calls a measurement makes; it keeps the
// best. By default it makes DefaultRounds, or fewer (at least one) when
// the warm-up call shows that they would take more than about 2 seconds.
func Rounds(n int) Option {
	return optionFunc(func(s *settings) { s.rounds = n })
}

// roundsBudget is how long the default rounds of a measurement aim to take.
const roundsBudget = 2 * time.Second

// newSettings applies opts and the defaults. warmup is how long one call
// took, for choosing how many rounds fit the budget.
func newSettings(opts []Option, defaultCalls int, warmup time.Duration) settings {
	s := settings{}
	for _, o := range opts {
		o.apply(&s)
	}
	if s.calls <= 0 {
		s.calls = defaultCalls
	}
	if s.rounds <= 0 {
		s.rounds = DefaultRounds
		if round := warmup * time.Duration(s.calls); round > 0 {
			s.rounds = int(max(1, min(DefaultRounds, roundsBudget/round)))
		}
	}
	return s
}
