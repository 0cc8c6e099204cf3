package perfsql_test

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
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
	dsn := testenv.Postgres(t)
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "perfsql_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
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
