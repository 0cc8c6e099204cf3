package perfsql

import (
	"context"
	"database/sql/driver"
	"errors"
)

// connBase is what every wrapped connection implements; connCombos adds the
// optional interfaces the wrapped connection has.
type connBase interface {
	driver.Conn
	wrapper
}

// conn wraps a driver.Conn. database/sql uses a connection from one
// goroutine at a time (under its driverConn lock), so tx needs no lock.
type conn struct {
	ci  driver.Conn
	cfg *config

	// The optional interfaces of ci, nil when it lacks them.
	beginTx   driver.ConnBeginTx
	prepCtx   driver.ConnPrepareContext
	execCtx   driver.ExecerContext
	exec      driver.Execer
	queryCtx  driver.QueryerContext
	query     driver.Queryer
	pinger    driver.Pinger
	resetter  driver.SessionResetter
	validator driver.Validator
	checker   driver.NamedValueChecker

	// tx is the scope of the transaction in progress when it began with a
	// scoped context: its statements count there even when they run
	// without a context (tx.Exec rather than tx.ExecContext).
	tx *Scope
}

func wrapConn(ci driver.Conn, cfg *config) driver.Conn {
	c := &conn{ci: ci, cfg: cfg}
	mask := 0
	if v, ok := ci.(driver.ConnBeginTx); ok {
		c.beginTx, mask = v, mask|connBeginTx
	}
	if v, ok := ci.(driver.ConnPrepareContext); ok {
		c.prepCtx, mask = v, mask|connPrepareContext
	}
	if v, ok := ci.(driver.ExecerContext); ok {
		c.execCtx, mask = v, mask|connExecer
	} else if v, ok := ci.(driver.Execer); ok {
		c.exec, mask = v, mask|connExecer
	}
	if v, ok := ci.(driver.QueryerContext); ok {
		c.queryCtx, mask = v, mask|connQueryer
	} else if v, ok := ci.(driver.Queryer); ok {
		c.query, mask = v, mask|connQueryer
	}
	if v, ok := ci.(driver.Pinger); ok {
		c.pinger, mask = v, mask|connPinger
	}
	if v, ok := ci.(driver.SessionResetter); ok {
		c.resetter, mask = v, mask|connSessionResetter
	}
	if v, ok := ci.(driver.Validator); ok {
		c.validator, mask = v, mask|connValidator
	}
	if v, ok := ci.(driver.NamedValueChecker); ok {
		c.checker, mask = v, mask|connNamedValueChecker
	}
	return connCombos[mask](c)
}

func (c *conn) perfsqlConfig() *config { return c.cfg }
func (c *conn) perfsqlUnwrap() any     { return c.ci }

func (c *conn) Prepare(query string) (driver.Stmt, error) {
	si, err := c.ci.Prepare(query)
	if err != nil {
		return nil, err
	}
	return wrapStmt(si, c, query), nil
}

func (c *conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	si, err := c.prepCtx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	return wrapStmt(si, c, query), nil
}

func (c *conn) Close() error { return c.ci.Close() }

func (c *conn) Begin() (driver.Tx, error) {
	return c.ci.Begin()
}

func (c *conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	t, err := c.beginTx.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	s := scopeFrom(ctx)
	if s == nil {
		return t, nil
	}
	c.tx = s
	return &tx{t: t, c: c}, nil
}

func (c *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	fp := c.cfg.fingerprint.get(query)
	if c.execCtx == nil {
		// database/sql's ctxDriverExec, so that the statement keeps its
		// context for counting.
		dargs, err := namedValueToValue(args)
		if err != nil {
			return nil, err
		}
		select {
		default:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		t := c.cfg.begin(ctx, c.tx, fp, query)
		r, err := c.exec.Exec(query, dargs)
		c.cfg.end(t, err)
		return r, err
	}
	t := c.cfg.begin(ctx, c.tx, fp, query)
	r, err := c.execCtx.ExecContext(ctx, query, args)
	c.cfg.end(t, err)
	return r, err
}

func (c *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	fp := c.cfg.fingerprint.get(query)
	if c.queryCtx == nil {
		// database/sql's ctxDriverQuery.
		dargs, err := namedValueToValue(args)
		if err != nil {
			return nil, err
		}
		select {
		default:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		t := c.cfg.begin(ctx, c.tx, fp, query)
		r, err := c.query.Query(query, dargs)
		c.cfg.end(t, err)
		return r, err
	}
	t := c.cfg.begin(ctx, c.tx, fp, query)
	r, err := c.queryCtx.QueryContext(ctx, query, args)
	c.cfg.end(t, err)
	return r, err
}

func (c *conn) Ping(ctx context.Context) error              { return c.pinger.Ping(ctx) }
func (c *conn) ResetSession(ctx context.Context) error      { return c.resetter.ResetSession(ctx) }
func (c *conn) IsValid() bool                               { return c.validator.IsValid() }
func (c *conn) CheckNamedValue(nv *driver.NamedValue) error { return c.checker.CheckNamedValue(nv) }

// stmtBase is what every wrapped statement implements; stmtCombos adds the
// optional interfaces the wrapped statement has.
type stmtBase interface {
	driver.Stmt
	driver.StmtExecContext
	driver.StmtQueryContext
	wrapper
}

// stmt wraps a driver.Stmt. Its fingerprint is looked up once, at Prepare;
// executions are counted, Prepare is not.
type stmt struct {
	si    driver.Stmt
	c     *conn
	fp    *fingerprint
	query string

	execCtx   driver.StmtExecContext
	queryCtx  driver.StmtQueryContext
	checker   driver.NamedValueChecker
	converter driver.ColumnConverter
}

func wrapStmt(si driver.Stmt, c *conn, query string) driver.Stmt {
	s := &stmt{si: si, c: c, fp: c.cfg.fingerprint.get(query), query: query}
	s.execCtx, _ = si.(driver.StmtExecContext)
	s.queryCtx, _ = si.(driver.StmtQueryContext)
	mask := 0
	if v, ok := si.(driver.NamedValueChecker); ok {
		s.checker, mask = v, mask|stmtNamedValueChecker
	}
	if v, ok := si.(driver.ColumnConverter); ok {
		s.converter, mask = v, mask|stmtColumnConverter
	}
	return stmtCombos[mask](s)
}

func (s *stmt) perfsqlConfig() *config { return s.c.cfg }
func (s *stmt) perfsqlUnwrap() any     { return s.si }

func (s *stmt) Close() error  { return s.si.Close() }
func (s *stmt) NumInput() int { return s.si.NumInput() }

func (s *stmt) Exec(args []driver.Value) (driver.Result, error) {
	t := s.c.cfg.begin(nil, s.c.tx, s.fp, s.query)
	r, err := s.si.Exec(args)
	s.c.cfg.end(t, err)
	return r, err
}

func (s *stmt) Query(args []driver.Value) (driver.Rows, error) {
	t := s.c.cfg.begin(nil, s.c.tx, s.fp, s.query)
	r, err := s.si.Query(args)
	s.c.cfg.end(t, err)
	return r, err
}

func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	if s.execCtx == nil {
		// database/sql's ctxDriverStmtExec.
		dargs, err := namedValueToValue(args)
		if err != nil {
			return nil, err
		}
		select {
		default:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		t := s.c.cfg.begin(ctx, s.c.tx, s.fp, s.query)
		r, err := s.si.Exec(dargs)
		s.c.cfg.end(t, err)
		return r, err
	}
	t := s.c.cfg.begin(ctx, s.c.tx, s.fp, s.query)
	r, err := s.execCtx.ExecContext(ctx, args)
	s.c.cfg.end(t, err)
	return r, err
}

func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	if s.queryCtx == nil {
		// database/sql's ctxDriverStmtQuery.
		dargs, err := namedValueToValue(args)
		if err != nil {
			return nil, err
		}
		select {
		default:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		t := s.c.cfg.begin(ctx, s.c.tx, s.fp, s.query)
		r, err := s.si.Query(dargs)
		s.c.cfg.end(t, err)
		return r, err
	}
	t := s.c.cfg.begin(ctx, s.c.tx, s.fp, s.query)
	r, err := s.queryCtx.QueryContext(ctx, args)
	s.c.cfg.end(t, err)
	return r, err
}

func (s *stmt) CheckNamedValue(nv *driver.NamedValue) error { return s.checker.CheckNamedValue(nv) }
func (s *stmt) ColumnConverter(idx int) driver.ValueConverter {
	return s.converter.ColumnConverter(idx)
}

// tx wraps a transaction that began in a scope, to end the scope's hold on
// the connection when it ends.
type tx struct {
	t driver.Tx
	c *conn
}

func (t *tx) Commit() error {
	t.c.tx = nil
	return t.t.Commit()
}

func (t *tx) Rollback() error {
	t.c.tx = nil
	return t.t.Rollback()
}

func (t *tx) perfsqlConfig() *config { return t.c.cfg }
func (t *tx) perfsqlUnwrap() any     { return t.t }

// namedValueToValue is database/sql's, with its error text, so that the
// adapted legacy interfaces fail exactly as database/sql would.
func namedValueToValue(named []driver.NamedValue) ([]driver.Value, error) {
	dargs := make([]driver.Value, len(named))
	for n, param := range named {
		if len(param.Name) > 0 {
			return nil, errors.New("sql: driver does not support the use of Named Parameters")
		}
		dargs[n] = param.Value
	}
	return dargs, nil
}

// token remembers what begin counted, so that end can take it back.
type token struct {
	scope   *Scope
	key     groupKey
	counted bool
}

// begin counts a statement about to run, in the whole-database Stats and in
// the scope of ctx (or of the transaction), before the driver runs it: a
// driver that panics has still been asked to run it, and the count is not
// lost. Transaction control is not counted.
func (cfg *config) begin(ctx context.Context, tx *Scope, fp *fingerprint, query string) token {
	if fp.kind == kindControl {
		return token{}
	}
	cfg.stats.queries.Add(1)
	s := tx
	if ctx != nil {
		if cs := scopeFrom(ctx); cs != nil {
			s = cs
		}
	}
	if s == nil {
		return token{counted: true}
	}
	var pcs [maxDepth]uintptr
	n, h := callers(pcs[:])
	key := groupKey{fp: fp.hash, stack: h}
	for sc := s; sc != nil; sc = sc.parent {
		sc.add(key, fp, pcs[:n], query, cfg)
	}
	return token{scope: s, key: key, counted: true}
}

// end takes back the count of a statement the driver declined to run:
// driver.ErrSkip (database/sql then prepares and executes it, which
// counts) or driver.ErrBadConn (database/sql retries it on another
// connection). Other errors leave the count: the statement was sent.
func (cfg *config) end(t token, err error) {
	if err == nil || !t.counted {
		return
	}
	if err != driver.ErrSkip && !errors.Is(err, driver.ErrBadConn) {
		return
	}
	cfg.stats.queries.Add(-1)
	for sc := t.scope; sc != nil; sc = sc.parent {
		sc.remove(t.key)
	}
}

// columnConverter is driver.ColumnConverter under another name: embedded
// under its own name, the field ColumnConverter would hide the method
// ColumnConverter.
type columnConverter interface {
	driver.ColumnConverter
}
