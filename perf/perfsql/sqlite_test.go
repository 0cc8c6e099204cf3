package perfsql_test

import (
	"database/sql"
	"testing"

	"github.com/choragen/choragen/perf/perfsql"
	_ "modernc.org/sqlite"
)

// openSQLite opens a fresh in-memory SQLite database through perfsql.
// In-memory databases live per connection, so the pool keeps one.
func openSQLite(t testing.TB, opts ...perfsql.Option) *sql.DB {
	t.Helper()
	db, err := perfsql.Open("sqlite", ":memory:", opts...)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

func TestSQLite(t *testing.T) {
	runSuite(t, func(t *testing.T) backend {
		b := backend{name: "sqlite", db: openSQLite(t), ph: func(int) string { return "?" }}
		b.createSchema(t)
		return b
	})
}
