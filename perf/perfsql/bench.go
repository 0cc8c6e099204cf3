package perfsql

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
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
// per process, with the benchmark's name in its context ("benchmark").
// The contract's target is the function that f called, found on the call
// stack (the last frame before f's, in the test file); Target names it
// when that cannot work. Findings go to perf.Default and, when choragen
// runs the benchmark ($CHORAGEN_PERF_OUT set), are written there at once,
// so no TestMain is needed.
//
// A fixture with one row hides an N+1 from the repeated rule: the loop
// runs once. WithScaling adds the scaling signal, which sees it.
//
// queries/op is an exact count: the first time BenchQueries reports from
// a benchmark in a process, it prints the unit metadata line
// "Unit queries/op assume=exact better=lower" to standard output, where
// benchstat and choragen read it.
func BenchQueries(b Looper, db *sql.DB, f func(ctx context.Context) error, opts ...CheckOption) {
	b.Helper()
	s := newCheckSettings(opts)
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
	res, err := s.check(ctx, f)
	if err != nil {
		b.Fatalf("%v", err)
		return
	}
	var vs []perf.Violation
	for _, fd := range res.findings {
		v := fd.Violation(s.targetOf(fd))
		v.Context["benchmark"] = b.Name()
		vs = append(vs, v)
	}
	recorded := false
	for i, ok := range s.record(vs) {
		if ok {
			recorded = true
			b.Logf("perfsql: %s", res.findings[i])
		}
	}
	if !recorded {
		return
	}
	if err := s.flush(); err != nil {
		b.Fatalf("perfsql: %v", err)
	}
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
