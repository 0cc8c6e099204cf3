package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/choragen/choragen/internal/history"

	"github.com/choragen/choragen/internal/history/storetest"
	"github.com/choragen/choragen/internal/testenv"
)

// freshSchema creates an empty schema on the test server and returns a URL
// whose search_path selects it; the schema is dropped at cleanup.
func freshSchema(t testing.TB) string {
	t.Helper()
	return testenv.PostgresSchema(t, "choragen_test")
}

func TestConformance(t *testing.T) {
	storetest.Run(t, freshSchema)
}

// checkOneLine checks that err names the store without its password, reads
// as one line, says want and carries exit code 2.
func checkOneLine(t testing.TB, err error, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want one saying %q", want)
	}
	msg := err.Error()
	t.Log(msg)
	if !strings.HasPrefix(msg, "history store postgres") || strings.ContainsAny(msg, "\r\n") || !strings.Contains(msg, want) {
		t.Errorf("error = %q\nwant one line naming the store and saying %q", msg, want)
	}
	if strings.Contains(msg, "s3cret") {
		t.Errorf("error %q shows the password", msg)
	}
	var ec interface{ ExitCode() int }
	if !errors.As(err, &ec) || ec.ExitCode() != 2 {
		t.Errorf("error %q has no exit code 2", msg)
	}
}

// TestUnreachable needs no server: a closed port, and a port that accepts
// connections but never answers, must both fail in seconds.
func TestUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	l.Close()

	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	go func() {
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			defer c.Close() // hold it open, say nothing
		}
	}()

	for _, tc := range []struct {
		name, dsn, want string
	}{
		{"closed port", "postgres://ci:s3cret@" + closed + "/perf?sslmode=disable", "connect: "},
		{"silent server", "postgresql://ci:s3cret@" + silent.Addr().String() + "/perf?sslmode=disable&connect_timeout=1", "connect: "},
		{"bad URL", "postgres://ci:s3cret@127.0.0.1:notaport/perf", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			s, err := history.Open(context.Background(), tc.dsn)
			if err == nil {
				s.Close()
			}
			checkOneLine(t, err, tc.want)
			if !strings.Contains(err.Error(), "ci:xxxxx@") && tc.want != "" {
				t.Errorf("error %q does not name the store with the password masked", err)
			}
			// Generous: the point is seconds, not the TCP timeout's minutes.
			if d := time.Since(start); d > 30*time.Second {
				t.Errorf("Open took %v", d)
			}
		})
	}
}

// TestForeign opens schemas that hold someone else's tables, or a newer
// choragen's: each is refused, and nothing in the schema changes.
func TestForeign(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		setup string
		want  string
	}{
		{"a table named runs", `CREATE TABLE runs (id INT PRIMARY KEY, started TEXT)`,
			`has tables runs but no schema_version: they are another program's`},
		{"another schema_version", `CREATE TABLE schema_version (id INT)`,
			`has a schema_version table that is not choragen's`},
		{"newer schema", ``, `written by a newer choragen: schema version 2, this build knows up to 1; upgrade choragen`},
		{"renamed migration", ``, `schema version 1 is "0001_other", not "0001_init"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dsn := freshSchema(t)
			db := rawDB(t, dsn)
			switch tc.name {
			case "newer schema", "renamed migration":
				s, err := Open(ctx, dsn)
				if err != nil {
					t.Fatal(err)
				}
				s.Close()
				tc.setup = `INSERT INTO schema_version VALUES (2, '0002_future', now())`
				if tc.name == "renamed migration" {
					tc.setup = `UPDATE schema_version SET name = '0001_other'`
				}
			}
			if _, err := db.ExecContext(ctx, tc.setup); err != nil {
				t.Fatal(err)
			}
			before := describe(t, db)
			s, err := history.Open(ctx, withPassword(t, dsn))
			if err == nil {
				s.Close()
			}
			checkOneLine(t, err, tc.want)
			if after := describe(t, db); after != before {
				t.Errorf("Open changed the schema:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

func TestNoSchema(t *testing.T) {
	dsn := withPassword(t, freshSchema(t))
	u, _ := url.Parse(dsn)
	q := u.Query()
	q.Set("search_path", "choragen_no_such_schema")
	u.RawQuery = q.Encode()
	_, err := history.Open(context.Background(), u.String())
	checkOneLine(t, err, "the search_path names none that exists")
}

// withPassword adds a password to dsn, which the trust-authenticated test
// server ignores, so that errors can be checked for it.
func withPassword(t testing.TB, dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword(u.User.Username(), "s3cret")
	return u.String()
}

func rawDB(t testing.TB, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1) // one session: the search_path stays
	t.Cleanup(func() { db.Close() })
	return db
}

// describe lists the current schema's tables with their row counts, and
// schema_version's rows.
func describe(t testing.TB, db *sql.DB) string {
	t.Helper()
	ctx := context.Background()
	rows, err := db.QueryContext(ctx, `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		rows.Scan(&name)
		tables = append(tables, name)
	}
	rows.Close()
	var b strings.Builder
	for _, name := range tables {
		var n int
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM `+pgx.Identifier{name}.Sanitize()).Scan(&n); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s:%d ", name, n)
	}
	var versions string
	if db.QueryRowContext(ctx, `SELECT string_agg(version || '=' || name, ',') FROM schema_version`).Scan(&versions) == nil {
		b.WriteString(versions)
	}
	return b.String()
}

// BenchmarkSave writes a run of 200 benchmarks × 3 units × 10 samples.
func BenchmarkSave(b *testing.B) {
	s, err := Open(context.Background(), freshSchema(b))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	r := storetest.NewRun(200, 3, 10)
	ctx := context.Background()
	for b.Loop() {
		if _, err := s.Save(ctx, r); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*200*3*10)/b.Elapsed().Seconds(), "samples/s")
}
