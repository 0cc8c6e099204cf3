package perfsql_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"log"
	"path/filepath"
	"slices"
	"strings"

	"github.com/choragen/choragen/perf"
	"github.com/choragen/choragen/perf/perfsql"
	"modernc.org/sqlite"
)

// shop is a tiny data layer over an in-memory SQLite database: users and
// their orders.
type shop struct{ db *sql.DB }

func openShop() shop {
	db, err := perfsql.Open("sqlite", ":memory:")
	if err != nil {
		log.Fatal(err)
	}
	db.SetMaxOpenConns(1) // an in-memory database lives in its connection
	for _, q := range []string{
		"CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)",
		"CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER, total INTEGER)",
	} {
		if _, err := db.Exec(q); err != nil {
			log.Fatal(err)
		}
	}
	return shop{db}
}

// fill replaces the data with n users of one order each.
func (s shop) fill(ctx context.Context, n int) error {
	if _, err := s.db.ExecContext(ctx, "DELETE FROM orders; DELETE FROM users"); err != nil {
		return err
	}
	for i := 1; i <= n; i++ {
		if _, err := s.db.ExecContext(ctx, "INSERT INTO users VALUES (?, ?)", i, fmt.Sprint("user", i)); err != nil {
			return err
		}
		if _, err := s.db.ExecContext(ctx, "INSERT INTO orders VALUES (?, ?, ?)", i, i, 10*i); err != nil {
			return err
		}
	}
	return nil
}

// totalsPerUser is an N+1: the users, then each user's orders.
func (s shop) totalsPerUser(ctx context.Context) (map[int]int, error) {
	ids, err := collect[int](s.db.QueryContext(ctx, "SELECT id FROM users"))
	if err != nil {
		return nil, err
	}
	totals := make(map[int]int)
	for _, id := range ids {
		var total int
		if err := s.db.QueryRowContext(ctx, "SELECT sum(total) FROM orders WHERE user_id = ?", id).Scan(&total); err != nil {
			return nil, err
		}
		totals[id] = total
	}
	return totals, nil
}

// totalsJoined is the same in one statement.
func (s shop) totalsJoined(ctx context.Context) (map[int]int, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT u.id, sum(o.total) FROM users u JOIN orders o ON o.user_id = u.id GROUP BY u.id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	totals := make(map[int]int)
	for rows.Next() {
		var id, total int
		if err := rows.Scan(&id, &total); err != nil {
			return nil, err
		}
		totals[id] = total
	}
	return totals, rows.Err()
}

// Example counts the statements of two ways to load the same data and
// finds the N+1, also when the data has a single row.
func Example() {
	s := openShop()
	defer s.db.Close()
	ctx := context.Background()
	if err := s.fill(ctx, 3); err != nil {
		log.Fatal(err)
	}

	for _, load := range []struct {
		name string
		f    func(shop, context.Context) (map[int]int, error)
	}{
		{"per user", shop.totalsPerUser},
		{"joined", shop.totalsJoined},
	} {
		scope := perfsql.NewScope(ctx)
		if _, err := load.f(s, scope.Context()); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s: %d statements, %d N+1\n", load.name, scope.Queries(), len(scope.NPlusOne()))
	}

	// With one user the loop runs once; running at 1 and 2 users shows it.
	res, err := perfsql.Scaling(ctx, 1, s.fill, func(ctx context.Context) error {
		_, err := s.totalsPerUser(ctx)
		return err
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range res.Findings {
		fmt.Printf("grows with the data: %s, %d× at n=1, %d× at n=2\n", f.Fingerprint, f.CountAtN, f.Count)
	}
	// Output:
	// per user: 4 statements, 1 N+1
	// joined: 1 statements, 0 N+1
	// grows with the data: SELECT sum ( total ) FROM orders WHERE user_id = ?, 1× at n=1, 2× at n=2
}

// Counting the statements of one request: a scope counts what runs with its
// context, and transaction control does not count.
func ExampleNewScope() {
	s := openShop()
	defer s.db.Close()
	scope := perfsql.NewScope(context.Background())
	ctx := scope.Context() // pass it on, as a request's context

	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO users VALUES (?, ?)", 1, "ann"); err != nil {
		log.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO orders VALUES (?, ?, ?)", 1, 1, 30); err != nil {
		log.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		log.Fatal(err)
	}
	fmt.Println(scope.Queries(), "statements")
	for _, fc := range scope.Fingerprints() {
		fmt.Println(fc.Count, fc.Fingerprint)
	}
	// Output:
	// 2 statements
	// 1 INSERT INTO orders VALUES ( ? )
	// 1 INSERT INTO users VALUES ( ? )
}

// An N+1 finding names the statement's fingerprint, the call site in the
// caller's code, and the count.
func ExampleScope_NPlusOne() {
	s := openShop()
	defer s.db.Close()
	ctx := context.Background()
	if err := s.fill(ctx, 5); err != nil {
		log.Fatal(err)
	}
	scope := perfsql.NewScope(ctx)
	if _, err := s.totalsPerUser(scope.Context()); err != nil {
		log.Fatal(err)
	}
	for _, f := range scope.NPlusOne() {
		fmt.Println(f.Fingerprint)
		fmt.Println(f.Count, "times from", filepath.Base(f.Site.File), strings.TrimPrefix(f.Site.Function, "github.com/choragen/choragen/perf/"))
	}
	// Output:
	// SELECT sum ( total ) FROM orders WHERE user_id = ?
	// 5 times from example_test.go perfsql_test.shop.totalsPerUser
}

// Scaling closes the one-row blind spot: a loop over a fixture of one row
// runs its statement once, which no repetition rule can see.
func ExampleScaling() {
	s := openShop()
	defer s.db.Close()
	ctx := context.Background()
	for _, load := range []func(shop, context.Context) (map[int]int, error){shop.totalsPerUser, shop.totalsJoined} {
		res, err := perfsql.Scaling(ctx, 1, s.fill, func(ctx context.Context) error {
			_, err := load(s, ctx)
			return err
		})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%d → %d statements, scales: %v\n", res.Queries, res.Queries2N, res.Scales())
	}
	// Output:
	// 2 → 3 statements, scales: true
	// 1 → 1 statements, scales: false
}

// A benchmark reports queries/op from the whole-database count, whatever
// context the code passes.
func ExampleStatsFor() {
	s := openShop()
	defer s.db.Close()
	if err := s.fill(context.Background(), 4); err != nil {
		log.Fatal(err)
	}
	stats := perfsql.StatsFor(s.db)
	stats.Reset()  // as b.ResetTimer
	const ops = 10 // b.N
	for range ops {
		if _, err := s.totalsPerUser(context.Background()); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Printf("%.0f queries/op\n", float64(stats.Queries())/ops) // b.ReportMetric(…, "queries/op")
	// Output:
	// 5 queries/op
}

func ExampleFingerprint() {
	fmt.Println(perfsql.Fingerprint("select * from posts where user_id in (1, 2, 3) and draft = false"))
	fmt.Println(perfsql.Fingerprint("INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y')"))
	// Output:
	// SELECT * FROM posts WHERE user_id IN ( ? ) AND draft = ?
	// INSERT INTO t ( a, b ) VALUES ( ? )
}

// memConnector opens in-memory SQLite connections. Drivers such as pgx
// provide connectors of their own (stdlib.GetConnector).
type memConnector struct{}

func (memConnector) Connect(context.Context) (driver.Conn, error) {
	return (&sqlite.Driver{}).Open(":memory:")
}
func (memConnector) Driver() driver.Driver { return &sqlite.Driver{} }

func ExampleWrap() {
	db := sql.OpenDB(perfsql.Wrap(memConnector{}))
	defer db.Close()
	var one int
	if err := db.QueryRow("SELECT 1").Scan(&one); err != nil {
		log.Fatal(err)
	}
	fmt.Println(perfsql.StatsFor(db).Queries(), "statement")
	// Output:
	// 1 statement
}

func ExampleRegister() {
	// Once per process, as in an init function.
	if !slices.Contains(sql.Drivers(), "sqlite+perfsql") {
		perfsql.Register("sqlite+perfsql", &sqlite.Driver{})
	}
	db, err := sql.Open("sqlite+perfsql", ":memory:")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	stats := perfsql.StatsFor(db) // shared by every database opened under the name
	stats.Reset()
	if _, err := db.Exec("CREATE TABLE t (a)"); err != nil {
		log.Fatal(err)
	}
	fmt.Println(stats.Queries(), "statement")
	// Output:
	// 1 statement
}

// loop stands for *testing.B in the examples: its Loop runs 10 times.
type loop struct{ i int }

func (l *loop) Loop() bool                          { l.i++; return l.i <= 10 }
func (l *loop) ReportMetric(v float64, unit string) { fmt.Println(v, unit) }
func (l *loop) Helper()                             {}
func (l *loop) Name() string                        { return "BenchmarkTotalsPerUser" }
func (l *loop) Logf(string, ...any)                 {}
func (l *loop) Fatalf(format string, args ...any)   { log.Fatalf(format, args...) }

// BenchQueries reports queries/op from a benchmark, the metric choragen
// judges //perf:queries max= on, and records the N+1 it finds for the
// report. Here a fake b stands for *testing.B (with a real one, the first
// report also prints the unit's metadata line, "Unit queries/op
// assume=exact better=lower"), and the findings go to a collector of
// their own rather than perf.Default.
func ExampleBenchQueries() {
	s := openShop()
	defer s.db.Close()
	if err := s.fill(context.Background(), 3); err != nil {
		log.Fatal(err)
	}
	found := perf.NewCollector(perf.CollectorOpts{})
	var b perfsql.Looper = &loop{} // func BenchmarkTotalsPerUser(b *testing.B) { ... }
	perfsql.BenchQueries(b, s.db, func(ctx context.Context) error {
		_, err := s.totalsPerUser(ctx)
		return err
	}, perfsql.RecordTo(found), perfsql.Target("example.com/shop.TotalsPerUser"))
	for _, v := range found.Violations() {
		fmt.Println(v.ContractID, v.Context["fingerprint"], v.Context["count"])
	}
	// Output:
	// 4 queries/op
	// queries:example.com/shop.TotalsPerUser SELECT sum ( total ) FROM orders WHERE user_id = ? 3
}

// Record turns N+1 findings into violations of a function's queries
// contract, which perftest.Main (or perf.Flush) writes for choragen's
// report.
func ExampleRecord() {
	s := openShop()
	defer s.db.Close()
	ctx := context.Background()
	if err := s.fill(ctx, 2); err != nil {
		log.Fatal(err)
	}
	scope := perfsql.NewScope(ctx)
	if _, err := s.totalsPerUser(scope.Context()); err != nil {
		log.Fatal(err)
	}
	c := perf.NewCollector(perf.CollectorOpts{}) // nil: perf.Default
	perfsql.Record(c, "example.com/shop.TotalsPerUser", scope.NPlusOne())
	for _, v := range c.Violations() {
		fmt.Println(v)
		fmt.Println(v.Context["fingerprint"])
	}
	// Output:
	// queries:example.com/shop.TotalsPerUser: measured 2 queries, threshold 1 queries
	// SELECT sum ( total ) FROM orders WHERE user_id = ?
}

// printT stands for *testing.T in the example: it prints the failures,
// without the call site's file and line.
type printT struct{}

func (printT) Helper()      {}
func (printT) Name() string { return "TestTotals" }
func (printT) Errorf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if at, what, ok := strings.Cut(msg, "): "); ok {
		msg = at[:strings.Index(at, " at ")] + ": " + what
	}
	fmt.Println("FAIL:", msg)
}
func (printT) Logf(string, ...any) {}

// AssertQueries fails a test on a statement count over its limit and,
// apart, on each N+1, whatever the count.
func ExampleAssertQueries() {
	s := openShop()
	defer s.db.Close()
	if err := s.fill(context.Background(), 3); err != nil {
		log.Fatal(err)
	}
	found := perf.NewCollector(perf.CollectorOpts{}) // by default, perf.Default
	for _, load := range []func(shop, context.Context) (map[int]int, error){shop.totalsJoined, shop.totalsPerUser} {
		ok := perfsql.AssertQueries(printT{}, 5, func(ctx context.Context) error {
			_, err := load(s, ctx)
			return err
		}, perfsql.RecordTo(found), perfsql.Target("example.com/shop.Totals"))
		fmt.Println("passed:", ok)
	}
	fmt.Println(len(found.Violations()), "violation recorded for choragen")
	// Output:
	// passed: true
	// FAIL: perfsql: N+1: "SELECT sum ( total ) FROM orders WHERE user_id = ?" ran 3× from the same call stack
	// passed: false
	// 1 violation recorded for choragen
}
