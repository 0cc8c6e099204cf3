package perfsql_test

import (
	"context"
	"database/sql"
	"runtime"
	"testing"

	"github.com/choragen/choragen/internal/race"
	"github.com/choragen/choragen/perf/perfsql"
)

// pointQuery is the workload of the overhead goal: a prepared point query
// on an in-memory SQLite database of 100 rows.
type pointQuery struct {
	db   *sql.DB
	stmt *sql.Stmt
	ctx  context.Context
}

const pointSQL = "SELECT name FROM users WHERE id = ?"

// newPointQuery opens the database raw (through modernc.org/sqlite alone),
// wrapped (perfsql, no scope) or scoped (perfsql, one scope for the run).
func newPointQuery(tb testing.TB, impl string) *pointQuery {
	tb.Helper()
	var db *sql.DB
	var err error
	if impl == "raw" {
		db, err = sql.Open("sqlite", ":memory:")
	} else {
		db, err = perfsql.Open("sqlite", ":memory:")
	}
	if err != nil {
		tb.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	tb.Cleanup(func() { db.Close() })
	if _, err := db.Exec("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL)"); err != nil {
		tb.Fatal(err)
	}
	for i := range 100 {
		if _, err := db.Exec("INSERT INTO users (id, name) VALUES (?, ?)", i, "user"); err != nil {
			tb.Fatal(err)
		}
	}
	stmt, err := db.Prepare(pointSQL)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { stmt.Close() })
	ctx := context.Background()
	if impl == "scoped" {
		ctx = perfsql.WithScope(ctx)
	}
	return &pointQuery{db: db, stmt: stmt, ctx: ctx}
}

func (p *pointQuery) run(tb testing.TB, i int) {
	var name string
	if err := p.stmt.QueryRowContext(p.ctx, i%100).Scan(&name); err != nil {
		tb.Fatal(err)
	}
}

func (p *pointQuery) runUnprepared(tb testing.TB, i int) {
	var name string
	if err := p.db.QueryRowContext(p.ctx, pointSQL, i%100).Scan(&name); err != nil {
		tb.Fatal(err)
	}
}

var impls = []string{"raw", "wrapped", "scoped"}

// BenchmarkPointQuery compares the wrapper with the raw driver, side by
// side: benchstat -col /impl. Besides sec/op it reports cpu-ns/op, the
// thread CPU time per query, which the waits of a shared machine leave out.
func BenchmarkPointQuery(b *testing.B) {
	for _, impl := range impls {
		b.Run("impl="+impl, func(b *testing.B) {
			p := newPointQuery(b, impl)
			benchCPU(b, func(i int) { p.run(b, i) })
		})
	}
}

// BenchmarkPointQueryUnprepared is the same query through db.QueryRow,
// where the wrapper looks the statement's fingerprint up each time.
func BenchmarkPointQueryUnprepared(b *testing.B) {
	for _, impl := range impls {
		b.Run("impl="+impl, func(b *testing.B) {
			p := newPointQuery(b, impl)
			benchCPU(b, func(i int) { p.runUnprepared(b, i) })
		})
	}
}

// benchCPU runs f b.N times on a locked thread, reporting allocations and
// the thread CPU time per call.
func benchCPU(b *testing.B, f func(i int)) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ReportAllocs()
	start, ok := threadCPU()
	n := 0
	for ; b.Loop(); n++ {
		f(n)
	}
	if end, _ := threadCPU(); ok && n > 0 {
		b.ReportMetric(float64(end-start)/float64(n), "cpu-ns/op")
	}
}

// TestWrapperZeroExtraAllocs checks that the wrapper adds no allocation to
// a point query, prepared or not, with or without a scope.
func TestWrapperZeroExtraAllocs(t *testing.T) {
	if race.Enabled {
		t.Skip("allocation counts change under -race")
	}
	for _, tc := range []struct {
		name string
		run  func(*pointQuery, testing.TB, int)
	}{
		{"prepared", (*pointQuery).run},
		{"unprepared", (*pointQuery).runUnprepared},
	} {
		allocs := make(map[string]float64)
		for _, impl := range impls {
			p := newPointQuery(t, impl)
			for i := range 10 { // warm: the scope's group and caches exist
				tc.run(p, t, i)
			}
			i := 0
			allocs[impl] = testing.AllocsPerRun(2000, func() { tc.run(p, t, i); i++ })
		}
		for _, impl := range impls[1:] {
			if allocs[impl] > allocs["raw"] {
				t.Errorf("%s %s: %.0f allocations per query, raw driver %.0f", tc.name, impl, allocs[impl], allocs["raw"])
			}
		}
	}
}
