package perfsql_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/choragen/choragen/perf/perfsql"
	"modernc.org/sqlite"
)

// faultConnector opens real SQLite connections that misbehave on demand: a
// statement containing /* fault:KIND */ makes the driver panic (panic),
// fail (error), decline with driver.ErrSkip on the connection's fast path
// (skip: database/sql then prepares and executes it) or report a broken
// connection once (badconn: database/sql retries on another connection).
type faultConnector struct {
	dsn     string
	badConn *atomic.Bool // whether badconn has fired
}

var errInjected = errors.New("injected failure")

func (c faultConnector) Connect(context.Context) (driver.Conn, error) {
	ci, err := (&sqlite.Driver{}).Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return &faultConn{Conn: ci, badConn: c.badConn}, nil
}

func (c faultConnector) Driver() driver.Driver { return &sqlite.Driver{} }

type faultConn struct {
	driver.Conn
	badConn *atomic.Bool
}

// fault applies the fault a statement asks for, if any, on the
// connection's fast path.
func (c *faultConn) fault(query string) error {
	switch {
	case strings.Contains(query, "/* fault:panic */"):
		panic("injected panic")
	case strings.Contains(query, "/* fault:error */"):
		return errInjected
	case strings.Contains(query, "/* fault:skip */"):
		return driver.ErrSkip
	case strings.Contains(query, "/* fault:badconn */") && c.badConn.CompareAndSwap(false, true):
		return driver.ErrBadConn
	}
	return nil
}

func (c *faultConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if err := c.fault(query); err != nil {
		return nil, err
	}
	return c.Conn.(driver.ExecerContext).ExecContext(ctx, query, args)
}

func (c *faultConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if err := c.fault(query); err != nil {
		return nil, err
	}
	return c.Conn.(driver.QueryerContext).QueryContext(ctx, query, args)
}

func (c *faultConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	si, err := c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	return &faultStmt{Stmt: si, query: query}, nil
}

// faultStmt panics on execution when its statement asks for
// /* fault:stmtpanic */.
type faultStmt struct {
	driver.Stmt
	query string
}

func (s *faultStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	if strings.Contains(s.query, "/* fault:stmtpanic */") {
		panic("injected statement panic")
	}
	return s.Stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
}

func (s *faultStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	return s.Stmt.(driver.StmtExecContext).ExecContext(ctx, args)
}

func openFaulty(t *testing.T) *sql.DB {
	t.Helper()
	db := sql.OpenDB(perfsql.Wrap(faultConnector{
		dsn:     filepath.Join(t.TempDir(), "fault.db"),
		badConn: new(atomic.Bool),
	}))
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	return db
}

// query runs a statement in ctx, reporting a panic as an error.
func query(ctx context.Context, db *sql.DB, q string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errors.New("panic: " + r.(string))
		}
	}()
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	return rows.Close()
}

func TestFaultyDriverKeepsCounts(t *testing.T) {
	for _, tc := range []struct {
		fault   string
		wantErr string // "" when the statement succeeds in the end
		count   int
	}{
		{"panic", "panic: injected panic", 1},
		{"error", "injected failure", 1},
		{"skip", "", 1},    // declined, then prepared and executed: once
		{"badconn", "", 1}, // declined, then retried on a new connection: once
		{"stmtpanic", "panic: injected statement panic", 1},
	} {
		t.Run(tc.fault, func(t *testing.T) {
			db := openFaulty(t)
			stats := perfsql.StatsFor(db)
			stats.Reset()
			s := perfsql.NewScope(context.Background())
			q := "SELECT id FROM t /* fault:" + tc.fault + " */"
			if tc.fault == "stmtpanic" {
				q = "SELECT id FROM t /* fault:skip */ /* fault:stmtpanic */"
			}
			err := query(s.Context(), db, q)
			if got := errString(err); got != tc.wantErr {
				t.Fatalf("error %q, want %q", got, tc.wantErr)
			}
			if got := s.Queries(); got != tc.count {
				t.Errorf("scope counted %d, want %d", got, tc.count)
			}
			if got := stats.Queries(); got != int64(tc.count) {
				t.Errorf("Stats counted %d, want %d", got, tc.count)
			}
			// The database and the scope still work, and count on.
			for range 2 {
				if err := query(s.Context(), db, "SELECT id FROM t"); err != nil {
					t.Fatal(err)
				}
			}
			if got := s.Queries(); got != tc.count+2 {
				t.Errorf("after the fault: %d, want %d", got, tc.count+2)
			}
			if fs := s.NPlusOne(); len(fs) != 1 || fs[0].Count != 2 {
				t.Errorf("after the fault: findings %v, want the two reads from one site", fs)
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
