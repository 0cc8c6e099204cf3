package perfsql

import (
	"bytes"
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// fakeConn and fakeStmt implement every optional interface; the generated
// fakeConnCombos and fakeStmtCombos expose exactly the subset a test asks
// for. They exist only to check the wrapper's method sets; behaviour is
// tested against real databases.
type fakeConn struct{}

var errFake = errors.New("fake")

func (*fakeConn) Prepare(string) (driver.Stmt, error) { return &fakeStmt{}, nil }
func (*fakeConn) Close() error                        { return nil }
func (*fakeConn) Begin() (driver.Tx, error)           { return nil, errFake }
func (*fakeConn) BeginTx(context.Context, driver.TxOptions) (driver.Tx, error) {
	return nil, errFake
}
func (*fakeConn) PrepareContext(context.Context, string) (driver.Stmt, error) {
	return &fakeStmt{}, nil
}
func (*fakeConn) Exec(string, []driver.Value) (driver.Result, error) { return nil, errFake }
func (*fakeConn) ExecContext(context.Context, string, []driver.NamedValue) (driver.Result, error) {
	return nil, errFake
}
func (*fakeConn) Query(string, []driver.Value) (driver.Rows, error) { return nil, errFake }
func (*fakeConn) QueryContext(context.Context, string, []driver.NamedValue) (driver.Rows, error) {
	return nil, errFake
}
func (*fakeConn) Ping(context.Context) error               { return nil }
func (*fakeConn) ResetSession(context.Context) error       { return nil }
func (*fakeConn) IsValid() bool                            { return true }
func (*fakeConn) CheckNamedValue(*driver.NamedValue) error { return nil }

type fakeStmt struct{}

func (*fakeStmt) Close() error                               { return nil }
func (*fakeStmt) NumInput() int                              { return -1 }
func (*fakeStmt) Exec([]driver.Value) (driver.Result, error) { return nil, errFake }
func (*fakeStmt) Query([]driver.Value) (driver.Rows, error)  { return nil, errFake }
func (*fakeStmt) CheckNamedValue(*driver.NamedValue) error   { return nil }
func (*fakeStmt) ColumnConverter(int) driver.ValueConverter  { return driver.DefaultParameterConverter }
func (*fakeStmt) ExecContext(context.Context, []driver.NamedValue) (driver.Result, error) {
	return nil, errFake
}
func (*fakeStmt) QueryContext(context.Context, []driver.NamedValue) (driver.Rows, error) {
	return nil, errFake
}

// connInterfaces returns the optional-interface mask of a Conn as the
// wrapper reports it (connXxx bits), and whether it has the legacy forms.
func connInterfaces(c driver.Conn) (mask int, legacy bool) {
	if _, ok := c.(driver.ConnBeginTx); ok {
		mask |= connBeginTx
	}
	if _, ok := c.(driver.ConnPrepareContext); ok {
		mask |= connPrepareContext
	}
	if _, ok := c.(driver.ExecerContext); ok {
		mask |= connExecer
	}
	if _, ok := c.(driver.QueryerContext); ok {
		mask |= connQueryer
	}
	if _, ok := c.(driver.Pinger); ok {
		mask |= connPinger
	}
	if _, ok := c.(driver.SessionResetter); ok {
		mask |= connSessionResetter
	}
	if _, ok := c.(driver.Validator); ok {
		mask |= connValidator
	}
	if _, ok := c.(driver.NamedValueChecker); ok {
		mask |= connNamedValueChecker
	}
	_, e := c.(driver.Execer)
	_, q := c.(driver.Queryer)
	return mask, e || q
}

func TestConnInterfaces(t *testing.T) {
	cfg, err := newConfig(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for mask := range len(fakeConnCombos) {
		inner := fakeConnCombos[mask](&fakeConn{})
		want := mask &^ (fakeLegacyExecer | fakeLegacyQueryer)
		// The legacy forms are offered as their context forms.
		if mask&fakeLegacyExecer != 0 {
			want |= connExecer
		}
		if mask&fakeLegacyQueryer != 0 {
			want |= connQueryer
		}
		got, legacy := connInterfaces(wrapConn(inner, cfg))
		if got != want || legacy {
			t.Errorf("mask %#x: wrapped conn has %#x (legacy %v), want %#x", mask, got, legacy, want)
		}
		if Unwrap(wrapConn(inner, cfg)) != inner {
			t.Errorf("mask %#x: Unwrap does not return the wrapped conn", mask)
		}
	}
}

func TestStmtInterfaces(t *testing.T) {
	cfg, err := newConfig(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &conn{ci: &fakeConn{}, cfg: cfg}
	for mask := range len(fakeStmtCombos) {
		w := wrapStmt(fakeStmtCombos[mask](&fakeStmt{}), c, "SELECT 1")
		got := 0
		if _, ok := w.(driver.NamedValueChecker); ok {
			got |= stmtNamedValueChecker
		}
		if _, ok := w.(driver.ColumnConverter); ok {
			got |= stmtColumnConverter
		}
		if want := mask & (stmtNamedValueChecker | stmtColumnConverter); got != want {
			t.Errorf("mask %#x: wrapped stmt has %#x, want %#x", mask, got, want)
		}
		// The context forms are always there, adapted as database/sql would.
		_, e := w.(driver.StmtExecContext)
		_, q := w.(driver.StmtQueryContext)
		if !e || !q {
			t.Errorf("mask %#x: wrapped stmt lacks StmtExecContext or StmtQueryContext", mask)
		}
	}
}

type fakeDriver struct{}

func (fakeDriver) Open(string) (driver.Conn, error) { return &fakeConn{}, nil }

type fakeDriverContext struct{ fakeDriver }

func (fakeDriverContext) OpenConnector(string) (driver.Connector, error) {
	return fakeConnector{}, nil
}

type fakeConnector struct{}

func (fakeConnector) Connect(context.Context) (driver.Conn, error) { return &fakeConn{}, nil }
func (fakeConnector) Driver() driver.Driver                        { return fakeDriver{} }

type fakeClosingConnector struct{ fakeConnector }

func (fakeClosingConnector) Close() error { return nil }

func TestDriverAndConnectorInterfaces(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    driver.Driver
		ctx  bool
	}{
		{"Driver", fakeDriver{}, false},
		{"DriverContext", fakeDriverContext{}, true},
	} {
		w := WrapDriver(tc.d)
		if _, ok := w.(driver.DriverContext); ok != tc.ctx {
			t.Errorf("%s: wrapped driver implements DriverContext: %v, want %v", tc.name, ok, tc.ctx)
		}
		if tc.ctx {
			c, err := w.(driver.DriverContext).OpenConnector("")
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := c.(wrapper); !ok {
				t.Errorf("%s: OpenConnector returned an unwrapped connector", tc.name)
			}
		}
	}
	for _, tc := range []struct {
		name   string
		c      driver.Connector
		closer bool
	}{
		{"Connector", fakeConnector{}, false},
		{"Connector+Closer", fakeClosingConnector{}, true},
	} {
		w := Wrap(tc.c)
		if _, ok := w.(io.Closer); ok != tc.closer {
			t.Errorf("%s: wrapped connector implements io.Closer: %v, want %v", tc.name, ok, tc.closer)
		}
		if _, ok := w.Driver().(wrapper); !ok {
			t.Errorf("%s: Driver() is not wrapped", tc.name)
		}
	}
}

// TestGeneratedCodeIsCurrent regenerates combos.go and combos_test.go into
// a temporary directory and compares them with the committed files.
func TestGeneratedCodeIsCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	dir := t.TempDir()
	out, err := exec.Command(goTool, "run", "gen.go", "-dir", dir).CombinedOutput()
	if err != nil {
		t.Fatalf("go run gen.go: %v\n%s", err, out)
	}
	for _, name := range []string{"combos.go", "combos_test.go"} {
		want, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale: run go generate", name)
		}
	}
}
