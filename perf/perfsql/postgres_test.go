package perfsql_test

import (
	"database/sql"
	"strconv"
	"testing"

	"github.com/choragen/choragen/internal/testenv"
	"github.com/choragen/choragen/perf/perfsql"
	_ "github.com/jackc/pgx/v5/stdlib"
)

// postgresDSN creates a schema of its own for the test on the shared server
// and returns a DSN whose connections use it; the schema is dropped when
// the test ends.
func postgresDSN(t testing.TB) string {
	t.Helper()
	return testenv.PostgresSchema(t, "perfsql")
}

// openPostgres opens a fresh schema through perfsql and pgx's stdlib driver.
func openPostgres(t testing.TB, opts ...perfsql.Option) *sql.DB {
	t.Helper()
	db, err := perfsql.Open("pgx", postgresDSN(t), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestPostgres(t *testing.T) {
	runSuite(t, func(t *testing.T) backend {
		b := backend{name: "postgres", db: openPostgres(t), ph: func(i int) string { return "$" + strconv.Itoa(i) }}
		b.createSchema(t)
		return b
	})
}
