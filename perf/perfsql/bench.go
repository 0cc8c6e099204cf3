package perfsql

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/choragen/choragen/perf"
)

// A Looper is the part of *testing.B that BenchQueries uses.
type Looper interface {
	Helper()
	Loop() bool
	ReportMetric(n float64, unit string)
	Name() string
	Logf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// QueriesUnit is the benchmark metric of statements per operation, an
// exact count, which choragen judges //perf:queries max= contracts on.
const QueriesUnit = "queries/op"

// BenchQueries runs f once per iteration of b.Loop and reports the
// statements db executed during the loop, per iteration, as queries/op.
// Then, outside the benchmark's timer, it runs f once more in a Scope and
// records each N+1 found there (Scope.NPlusOne) as a violation of the
// queries contract of the function f calls (Finding.Violation), for
// choragen's report: the repeated fingerprint, its call site and its count
// appear beside the contract's verdict.
//
//	func BenchmarkStore_RecentOrders(b *testing.B) {
//		db, _ := perfsql.Open("sqlite", dsn)
//		s := fixture(b, db) // 50 orders
//		perfsql.BenchQueries(b, db, func(ctx context.Context) error {
//			_, err := s.RecentOrders(ctx, 1, 20)
//			return err
//		})
//	}
//
// f must pass ctx on to the database (the Scope counts the statements run
// with its context); an error from f fails the benchmark. db must be
// opened with perfsql (Open, Wrap, WrapDriver). The count is of the whole
// database (StatsFor), so statements that other goroutines run meanwhile
// count too.
//
// The check for N+1s runs after every loop (the testing package calls a
// benchmark function once per repetition) and records each finding once
// per process, with the benchmark's name in its context ("benchmark"). The contract's target is the function that f called,
// found on the call stack (the last frame before f's, in the test file);
// Target names it when that cannot work. Findings go to perf.Default, and,
// when choragen runs the benchmark ($CHORAGEN_PERF_OUT set), are written
// there at once, so no TestMain is needed.
//
// A fixture with one row hides an N+1 from the repeated rule: the loop
// runs once. WithScaling checks with the scaling signal instead.
//
// Both metrics are exact counts: the first time BenchQueries reports from
// a benchmark in a process, it prints the unit metadata line
// "Unit queries/op assume=exact better=lower" to standard output, where
// benchstat and choragen read it.
func BenchQueries(b Looper, db *sql.DB, f func(ctx context.Context) error, opts ...BenchOption) {
	b.Helper()
	var s benchSettings
	for _, o := range opts {
		if o != nil {
			o.applyBench(&s)
		}
	}
	stats := StatsFor(db)
	if stats == nil {
		b.Fatalf("perfsql: BenchQueries: the database is not opened with perfsql (Open, Wrap or WrapDriver)")
		return
	}
	if s.err != nil {
		b.Fatalf("%v", s.err)
		return
	}
	ctx := context.Background()
	before := stats.Queries()
	ops := 0
	for b.Loop() {
		if err := f(ctx); err != nil {
			b.Fatalf("%v", err)
			return
		}
		ops++
	}
	reportQueries(b, stats.Queries()-before, ops, &stdoutUnit)
	findings, err := s.check(ctx, f)
	if err != nil {
		b.Fatalf("%v", err)
		return
	}
	c := s.collector
	if c == nil {
		c = perf.Default
	}
	recorded := false
	for _, fd := range findings {
		target := s.target
		if target == "" {
			target = calledBy(fd)
		}
		v := fd.Violation(target)
		v.Context["benchmark"] = b.Name()
		if has(c, v) {
			continue
		}
		c.Record(v)
		recorded = true
		b.Logf("perfsql: %s", fd)
	}
	if dir := os.Getenv(perf.OutEnv); recorded && dir != "" && s.collector == nil {
		// perftest.Main writes the same file again as the process ends,
		// with whatever else was recorded by then.
		if _, err := perf.Default.WriteViolations(dir); err != nil {
			b.Fatalf("perfsql: %v", err)
		}
	}
}

// has reports whether c holds a violation of the same contract, from the
// same benchmark, fingerprint and call site as v: the testing package calls
// a benchmark function once per repetition, and each finds the N+1 again.
func has(c *perf.Collector, v perf.Violation) bool {
	for _, o := range c.Violations() {
		if o.ContractID == v.ContractID && o.Context["benchmark"] == v.Context["benchmark"] &&
			o.Context["fingerprint"] == v.Context["fingerprint"] && o.Context["site"] == v.Context["site"] {
			return true
		}
	}
	return false
}

// check runs f once in a scope, or at n and 2n rows with the scaling
// signal, and returns the N+1s found.
func (s *benchSettings) check(ctx context.Context, f func(ctx context.Context) error) ([]Finding, error) {
	if s.setup == nil {
		scope := NewScope(ctx)
		if err := f(scope.Context()); err != nil {
			return nil, err
		}
		return scope.NPlusOne(), nil
	}
	res, err := Scaling(ctx, s.n, s.setup, f)
	if err != nil {
		return nil, err
	}
	// Leave the data as the benchmark had it, for a fixture that outlives
	// this call of the benchmark function.
	if err := s.setup(ctx, s.n); err != nil {
		return nil, fmt.Errorf("perfsql: setup n=%d: %w", s.n, err)
	}
	return res.Findings, nil
}

// calledBy returns the function that the benchmark's f called, on the way
// to f's N+1: the outermost frame of the finding's stack before the first
// frame in a test file or in perfsql (BenchQueries), not counting the
// wrappers the compiler makes (a method value's -fm). When the stack does
// not reach so far (it keeps 8 frames), the call site's function.
func calledBy(f Finding) string {
	last := ""
	for _, s := range f.Stack {
		switch {
		case strings.HasSuffix(s.File, "_test.go"), inPackage(s.Function, self):
			if last != "" {
				return last
			}
			return f.Site.Function
		case s.File == "<autogenerated>" || strings.HasSuffix(s.Function, "-fm"):
			continue
		}
		last = s.Function
	}
	return f.Site.Function
}

// A BenchOption changes how BenchQueries checks for N+1s after the loop.
type BenchOption interface {
	applyBench(*benchSettings)
}

type benchSettings struct {
	target    string
	collector *perf.Collector
	n         int
	setup     func(ctx context.Context, n int) error
	err       error
}

type benchOptionFunc func(*benchSettings)

func (o benchOptionFunc) applyBench(s *benchSettings) { o(s) }

// Target names the function whose queries contract the N+1s found count
// against (its pprof-style name, "example.com/shop/store.(*Store).Orders"),
// for when f does not call it directly.
func Target(name string) BenchOption {
	return benchOptionFunc(func(s *benchSettings) { s.target = name })
}

// RecordTo records the N+1s in c instead of perf.Default (and writes no
// file for choragen: that is perf.Default's).
func RecordTo(c *perf.Collector) BenchOption {
	return benchOptionFunc(func(s *benchSettings) { s.collector = c })
}

// WithScaling checks for N+1s with the scaling signal (Scaling): after the
// loop, setup(ctx, n) and setup(ctx, 2n) make the data n and 2n rows large,
// f runs at each size in a scope of its own, and the statements that ran
// more often at 2n are N+1s. Then setup(ctx, n) leaves the data at n rows
// again. This finds the per-row loop of a benchmark whose fixture has one
// row (n = 1), where the loop runs once and the repeated rule sees nothing:
//
//	perfsql.BenchQueries(b, db, func(ctx context.Context) error {
//		_, err := s.RecentOrders(ctx, 1, 20)
//		return err
//	}, perfsql.WithScaling(1, func(ctx context.Context, n int) error {
//		return fixture.Orders(ctx, db, 1, n) // customer 1 has n orders
//	}))
//
// setup's own statements are not counted in the check. The benchmark's
// loop runs on the data as the benchmark function made it.
func WithScaling(n int, setup func(ctx context.Context, n int) error) BenchOption {
	return benchOptionFunc(func(s *benchSettings) {
		if setup == nil {
			s.err = fmt.Errorf("perfsql: WithScaling(%d, nil): no setup", n)
		}
		s.n, s.setup = max(n, 1), setup
	})
}

// reportQueries reports queries over ops operations as queries/op.
func reportQueries(b Looper, queries int64, ops int, u *unitLine) {
	if ops <= 0 {
		return
	}
	if isBenchmark(b) {
		u.print()
	}
	b.ReportMetric(float64(queries)/float64(ops), QueriesUnit)
}

// isBenchmark reports whether b is a *testing.B, told by methods that
// only it has among the types that satisfy Looper in practice: the unit
// line belongs in a benchmark's output, not in an example's or a fake's.
// (perfsql does not import package testing.)
func isBenchmark(b Looper) bool {
	_, ok := b.(interface {
		ReportAllocs()
		Elapsed() time.Duration
	})
	return ok
}

// A unitLine prints the unit metadata line of queries/op once.
type unitLine struct {
	once sync.Once
	w    io.Writer // nil: os.Stdout
}

var stdoutUnit unitLine

// Note: the testing package offers no way to write unit metadata. The
// testing package first runs every benchmark once with b.N = 1 before it
// prints the benchmark's name, so the line lands between result lines,
// not inside one; go test -json passes it on as output, which choragen
// rejoins before reading.
func (u *unitLine) print() {
	u.once.Do(func() {
		w := u.w
		if w == nil {
			w = os.Stdout
		}
		fmt.Fprintf(w, "Unit %s assume=exact better=lower\n", QueriesUnit)
	})
}
