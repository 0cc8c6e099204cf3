// Package sqlite is the history store in an embedded SQLite file
// (modernc.org/sqlite: pure Go, no cgo), what a laptop uses with nothing
// installed. Importing it registers the backend for plain paths with
// history.Open.
//
// The file is opened in WAL mode with a busy timeout, foreign keys on and
// every write transaction started IMMEDIATE, so that several processes can
// write one file at once: they take turns, and none loses a run. A file
// that is not a SQLite database, another program's database, or one
// written by a newer choragen is refused before anything is written to it.
package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/choragen/choragen/internal/history"
	"github.com/choragen/choragen/internal/history/internal/sqlstore"
)

func init() {
	history.Register(history.SQLite, func(ctx context.Context, dsn string) (history.Store, error) {
		return Open(ctx, dsn)
	})
}

//go:embed migrations/*.sql
var migrations embed.FS

// applicationID marks a SQLite file as choragen's history ("chor"); the
// first migration sets it.
const applicationID = 0x63686f72

// BusyTimeout is how long a statement waits for another process's write
// lock before it fails.
const BusyTimeout = 15 * time.Second

var dialect = func() *sqlstore.Dialect {
	ms, err := sqlstore.LoadMigrations(migrations, "migrations")
	if err != nil {
		panic(err)
	}
	return &sqlstore.Dialect{
		Migrations: ms,
		Inspect:    inspect,
		Retryable:  busy,
		Raced:      busy,
		MaxParams:  32766, // SQLITE_MAX_VARIABLE_NUMBER's default
		Anonymous:  true,
	}
}()

// Open opens (creating it and its directories as needed) the history store
// in the SQLite file at path and brings its schema up to date.
func Open(ctx context.Context, path string) (*sqlstore.Store, error) {
	s, err := open(ctx, path)
	if err != nil {
		err = history.Wrap(path, err)
		var e *history.Error
		if damaged(err) && errors.As(err, &e) {
			e.Err = fmt.Errorf("damaged, or not a SQLite database: %w", e.Err)
		}
		return nil, err
	}
	return s, nil
}

func open(ctx context.Context, path string) (*sqlstore.Store, error) {
	if path == "" {
		return nil, fmt.Errorf("no path given")
	}
	fresh, err := check(path)
	if err != nil {
		return nil, err
	}
	if fresh {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, err
		}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", BusyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)") // durable in WAL mode except on power loss
	q.Set("_txlock", "immediate")           // writers queue on the busy timeout instead of failing to upgrade a read lock
	q.Set("_time_format", "sqlite")
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: q.Encode()}
	if !strings.HasPrefix(u.Path, "/") { // a Windows drive letter
		u.Path = "/" + u.Path
	}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return nil, err
	}
	// Writers queue on the file's lock anyway; more connections only cost
	// page caches.
	db.SetMaxOpenConns(8)
	// A fresh file cannot be anyone else's: switch it to WAL before the
	// schema is created, so that concurrent openers already share the WAL.
	// An existing file is switched only once it proved to be ours.
	if fresh {
		if err := wal(ctx, db); err != nil {
			db.Close()
			return nil, err
		}
	}
	s, err := sqlstore.Open(ctx, db, path, dialect)
	if err != nil {
		return nil, err
	}
	if !fresh {
		if err := wal(ctx, s.DB()); err != nil {
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// check tells a missing or empty file (fresh) from a SQLite database, and
// refuses anything else without writing to it.
func check(path string) (fresh bool, err error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return false, err
	}
	if fi.IsDir() {
		return false, fmt.Errorf("is a directory, not a SQLite file")
	}
	if fi.Size() == 0 {
		return true, nil
	}
	head := make([]byte, 16)
	if _, err := io.ReadFull(f, head); err != nil || !bytes.Equal(head, []byte("SQLite format 3\x00")) {
		return false, fmt.Errorf("not a SQLite database (the file does not start with the SQLite header)")
	}
	return false, nil
}

// wal switches the database to WAL mode (persistent in the file).
func wal(ctx context.Context, db *sql.DB) error {
	var mode string
	var err error
	for attempt := 1; attempt <= 5; attempt++ {
		err = db.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode)
		if err == nil || !busy(err) {
			break
		}
		time.Sleep(time.Duration(attempt) * 50 * time.Millisecond)
	}
	if err != nil {
		return fmt.Errorf("set WAL mode: %w", err)
	}
	if !strings.EqualFold(mode, "wal") {
		return fmt.Errorf("set WAL mode: the file stays in %q mode", mode)
	}
	return nil
}

func inspect(ctx context.Context, q sqlstore.Querier) (sqlstore.State, error) {
	var st sqlstore.State
	var appID int64
	if err := q.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return st, err
	}
	rows, err := q.QueryContext(ctx, `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`)
	if err != nil {
		return st, err
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return st, err
		}
		tables = append(tables, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return st, err
	}
	switch {
	case appID != 0 && appID != applicationID:
		st.Foreign = fmt.Sprintf("its application id is %#08x, not choragen's %#08x", appID, applicationID)
		return st, nil
	case len(tables) == 0:
		return st, nil // fresh
	case appID == 0 || !slices.Contains(tables, "schema_version"):
		st.Foreign = "it has tables " + list(tables) + " that choragen did not create"
		return st, nil
	}
	st.Applied, err = sqlstore.ReadVersions(ctx, q)
	if err != nil {
		st.Foreign = "its schema_version table is unreadable: " + err.Error()
	}
	return st, nil
}

func list(names []string) string {
	const most = 5
	if len(names) > most {
		return strings.Join(names[:most], ", ") + fmt.Sprintf(" (and %d more)", len(names)-most)
	}
	return strings.Join(names, ", ")
}

// damaged reports whether err is SQLite's "file is not a database" or
// "database disk image is malformed".
func damaged(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Code() & 0xff {
	case sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT:
		return true
	}
	return false
}

// busy reports whether err is SQLite's "database is locked" or "busy":
// another process holds the lock beyond the busy timeout.
func busy(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Code() & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return true
	}
	return false
}
