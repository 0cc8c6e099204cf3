package perfsql_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"reflect"
	"testing"

	"github.com/choragen/choragen/perf/perfsql"
)

// optionalInterfaces lists the optional driver.Conn interfaces v has.
func optionalInterfaces(v any) []string {
	var out []string
	for _, i := range []struct {
		name string
		t    reflect.Type
	}{
		{"ConnBeginTx", reflect.TypeFor[driver.ConnBeginTx]()},
		{"ConnPrepareContext", reflect.TypeFor[driver.ConnPrepareContext]()},
		{"ExecerContext", reflect.TypeFor[driver.ExecerContext]()},
		{"QueryerContext", reflect.TypeFor[driver.QueryerContext]()},
		{"Pinger", reflect.TypeFor[driver.Pinger]()},
		{"SessionResetter", reflect.TypeFor[driver.SessionResetter]()},
		{"Validator", reflect.TypeFor[driver.Validator]()},
		{"NamedValueChecker", reflect.TypeFor[driver.NamedValueChecker]()},
	} {
		if reflect.TypeOf(v).Implements(i.t) {
			out = append(out, i.name)
		}
	}
	return out
}

// TestRealDriversKeepTheirInterfaces compares the wrapped connection of each
// real driver with the connection it wraps.
func TestRealDriversKeepTheirInterfaces(t *testing.T) {
	for _, tc := range []struct {
		name string
		open func(testing.TB, ...perfsql.Option) *sql.DB
	}{
		{"sqlite", openSQLite},
		{"pgx", openPostgres},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := tc.open(t)
			conn, err := db.Conn(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			err = conn.Raw(func(dc any) error {
				inner := perfsql.Unwrap(dc)
				if inner == dc {
					t.Fatal("the connection is not wrapped")
				}
				if got, want := optionalInterfaces(dc), optionalInterfaces(inner); !reflect.DeepEqual(got, want) {
					t.Errorf("wrapped connection has %v, the driver's %v", got, want)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestPgxNamedValueChecker runs what only pgx's own NamedValueChecker
// accepts: a Go slice as an array parameter. A wrapper that hid the
// connection's checker (the otelsql and sentry bugs) fails it with
// "unsupported type []int64".
func TestPgxNamedValueChecker(t *testing.T) {
	db := openPostgres(t)
	s := perfsql.NewScope(context.Background())
	var n int
	if err := db.QueryRowContext(s.Context(), "SELECT cardinality($1::bigint[])", []int64{1, 2, 3}).Scan(&n); err != nil {
		t.Fatal(err)
	}
	stmt, err := db.PrepareContext(s.Context(), "SELECT cardinality($1::bigint[])")
	if err != nil {
		t.Fatal(err)
	}
	defer stmt.Close()
	if err := stmt.QueryRowContext(s.Context(), []int64{1, 2}).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 2 || s.Queries() != 2 {
		t.Errorf("cardinality %d, statements %d; want 2 and 2", n, s.Queries())
	}
}
