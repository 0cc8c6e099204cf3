package perfsql_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/choragen/choragen/perf/perfsql"
)

func TestInvalidOptions(t *testing.T) {
	for _, opt := range []perfsql.Option{perfsql.WithStats(nil), perfsql.WithSkipPackages("example.com/a", " ")} {
		if _, err := perfsql.Open("sqlite", ":memory:", opt); err == nil {
			t.Errorf("Open accepted an invalid option %v", opt)
		}
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Wrap accepted an invalid option %v", opt)
				}
			}()
			perfsql.Wrap(memConnector{}, opt)
		}()
	}
	if _, err := perfsql.Open("no-such-driver", ""); err == nil || !strings.Contains(err.Error(), "no-such-driver") {
		t.Errorf("Open of an unknown driver: %v", err)
	}
}

func TestWithStatsSharesCounts(t *testing.T) {
	stats := new(perfsql.Stats)
	a, b := openSQLite(t, perfsql.WithStats(stats)), openSQLite(t, perfsql.WithStats(stats))
	for _, db := range []*sql.DB{a, b} {
		if _, err := db.Exec("SELECT 1"); err != nil {
			t.Fatal(err)
		}
	}
	if perfsql.StatsFor(a) != stats || stats.Queries() != 2 {
		t.Errorf("shared Stats counted %d, want 2", stats.Queries())
	}
	raw, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if perfsql.StatsFor(raw) != nil {
		t.Error("StatsFor of an unwrapped database is not nil")
	}
}

func TestWithDialect(t *testing.T) {
	// MySQL reads "x" as a string, SQLite as a name.
	const q = `SELECT "name" FROM users WHERE id = 1`
	for _, tc := range []struct {
		opts []perfsql.Option
		want string
	}{
		{nil, "SELECT name FROM users WHERE id = ?"},
		{[]perfsql.Option{perfsql.WithDialect(perfsql.MySQL)}, "SELECT ? FROM users WHERE id = ?"},
	} {
		db := openSQLite(t, tc.opts...)
		s := perfsql.NewScope(context.Background())
		if _, err := db.ExecContext(s.Context(), `CREATE TABLE users (id INTEGER, name TEXT)`); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(s.Context(), q); err != nil {
			t.Fatal(err)
		}
		if fps := s.Fingerprints(); len(fps) != 2 || !hasFingerprint(fps, tc.want) {
			t.Errorf("%v: fingerprints %v, want %q among them", tc.opts, fps, tc.want)
		}
	}
}

func hasFingerprint(fps []perfsql.FingerprintCount, want string) bool {
	for _, f := range fps {
		if f.Fingerprint == want {
			return true
		}
	}
	return false
}

// lookup is a data-access helper.
func lookup(ctx context.Context, db *sql.DB, id int) error {
	var n int
	return db.QueryRowContext(ctx, "SELECT ?", id).Scan(&n)
}

func TestWithSkipPackagesMovesTheCallSite(t *testing.T) {
	const pkg = "github.com/choragen/choragen/perf/perfsql_test"
	for _, tc := range []struct {
		skip string
		want string // the call site's function
	}{
		{"", pkg + ".lookup"},
		// A helper named as library code: the call site is its caller.
		{pkg + ".lookup", pkg + ".TestWithSkipPackagesMovesTheCallSite"},
	} {
		var opts []perfsql.Option
		if tc.skip != "" {
			opts = append(opts, perfsql.WithSkipPackages(tc.skip))
		}
		db := openSQLite(t, opts...)
		s := perfsql.NewScope(context.Background())
		for i := range 3 {
			if err := lookup(s.Context(), db, i); err != nil {
				t.Fatal(err)
			}
		}
		fs := s.NPlusOne()
		if len(fs) != 1 || fs[0].Site.Function != tc.want {
			t.Errorf("skip %q: findings %v, want one at %s", tc.skip, fs, tc.want)
		}
	}
}
