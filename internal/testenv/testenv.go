// Package testenv finds the external programs that some tests need (a
// PostgreSQL server, a Chromium binary) and decides what a test does when
// one is missing: skip with a message saying how to run it on a laptop, fail
// in CI (CI=true), where .ci/run is expected to have provided it.
package testenv

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"os/exec"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

// Environment variables that name the external programs tests use.
const (
	PostgresEnv = "CHORAGEN_TEST_POSTGRES" // a PostgreSQL DSN
	ChromiumEnv = "CHORAGEN_TEST_CHROMIUM" // a path to a Chromium binary
)

// InCI reports whether the tests run in CI, where nothing may be skipped for
// want of an external program.
func InCI() bool { return os.Getenv("CI") == "true" }

// Postgres returns the DSN of the PostgreSQL server tests may use. Without
// one it skips the test, or fails it in CI.
func Postgres(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(PostgresEnv)
	if dsn == "" {
		missing(t, PostgresEnv+" is not set: run `bash .ci/run` (it starts a throwaway PostgreSQL), or set it to a DSN such as postgres://postgres@127.0.0.1:55432/postgres?sslmode=disable")
	}
	return dsn
}

// Chromium returns the path of the Chromium binary tests may drive. Without
// one it skips the test, or fails it in CI.
func Chromium(t testing.TB) string {
	t.Helper()
	path := os.Getenv(ChromiumEnv)
	if path == "" {
		missing(t, ChromiumEnv+" is not set: run `bash .ci/run` (it installs Debian's chromium), or set it to a Chromium binary such as /usr/bin/chromium")
	}
	if _, err := exec.LookPath(path); err != nil {
		missing(t, ChromiumEnv+"="+path+": "+err.Error())
	}
	return path
}

func missing(t testing.TB, msg string) {
	t.Helper()
	if InCI() {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// PostgresSchema returns the DSN of a fresh schema on the test server,
// named prefix and a random suffix, as the search_path: each test its own
// tables on the shared server. The schema is dropped when the test ends.
// Without a server it skips the test, or fails it in CI.
func PostgresSchema(t testing.TB, prefix string) string {
	t.Helper()
	base := Postgres(t)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := prefix + "_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("create schema %s: %v", schema, err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", PostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
