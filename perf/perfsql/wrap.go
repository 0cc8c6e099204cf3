package perfsql

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
)

//go:generate go run gen.go

// wrapper is implemented by every value perfsql wraps a driver value in.
type wrapper interface {
	perfsqlConfig() *config
	perfsqlUnwrap() any
}

// Wrap returns a connector that opens connections through c and counts the
// statements they execute, for sql.OpenDB:
//
//	db := sql.OpenDB(perfsql.Wrap(connector))
//
// The connections, statements and transactions it returns implement
// exactly the optional driver interfaces that c's do. Wrap panics if an
// option is invalid, as sql.Register panics on a programming error.
func Wrap(c driver.Connector, opts ...Option) driver.Connector {
	cfg, err := newConfig(c, opts)
	if err != nil {
		panic(err)
	}
	return wrapConnector(c, cfg)
}

// WrapDriver returns a driver that opens connections through d and counts
// the statements they execute, for sql.Register. Like Wrap, it keeps d's
// optional interfaces (driver.DriverContext included) and panics if an
// option is invalid.
func WrapDriver(d driver.Driver, opts ...Option) driver.Driver {
	cfg, err := newConfig(d, opts)
	if err != nil {
		panic(err)
	}
	return wrapDriver(d, cfg)
}

// Register makes WrapDriver(d, opts...) available under name, for
// sql.Open(name, dsn). Like sql.Register it panics if name is taken, d is
// nil or an option is invalid. Every database opened under name shares one
// Stats.
func Register(name string, d driver.Driver, opts ...Option) {
	if d == nil {
		panic("perfsql: Register driver is nil")
	}
	sql.Register(name, WrapDriver(d, opts...))
}

// Open opens a database through the driver registered as driverName (by
// its own package's import: "sqlite", "pgx", "mysql", …) and counts its
// statements. It uses the driver's connector when the driver has one, as
// sql.Open does.
func Open(driverName, dataSourceName string, opts ...Option) (*sql.DB, error) {
	probe, err := sql.Open(driverName, dataSourceName)
	if err != nil {
		return nil, fmt.Errorf("perfsql: open %s: %w", driverName, err)
	}
	d := probe.Driver()
	// sql.Open connects lazily: closing the probe closes no connection.
	_ = probe.Close()
	var c driver.Connector
	if dc, ok := d.(driver.DriverContext); ok {
		if c, err = dc.OpenConnector(dataSourceName); err != nil {
			return nil, fmt.Errorf("perfsql: open %s: %w", driverName, err)
		}
	} else {
		c = dsnConnector{dsn: dataSourceName, d: d}
	}
	cfg, err := newConfig(c, opts)
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(wrapConnector(c, cfg)), nil
}

// Unwrap returns the driver value that a perfsql wrapper wraps, and v
// itself when it is not a wrapper. Use it where code reaches the driver's
// own connection, as in
//
//	conn.Raw(func(dc any) error { pc := perfsql.Unwrap(dc).(*stdlib.Conn); … })
func Unwrap(v any) any {
	for {
		w, ok := v.(wrapper)
		if !ok {
			return v
		}
		v = w.perfsqlUnwrap()
	}
}

// dsnConnector is database/sql's own connector for drivers without
// driver.DriverContext, so that Open can wrap them as a connector.
type dsnConnector struct {
	dsn string
	d   driver.Driver
}

func (c dsnConnector) Connect(context.Context) (driver.Conn, error) { return c.d.Open(c.dsn) }
func (c dsnConnector) Driver() driver.Driver                        { return c.d }

// driverOf returns the driver a connector reports, or nil.
func driverOf(v any) driver.Driver {
	if c, ok := v.(driver.Connector); ok {
		return c.Driver()
	}
	return nil
}

// drv wraps a driver.Driver.
type drv struct {
	d   driver.Driver
	cfg *config
}

func wrapDriver(d driver.Driver, cfg *config) driver.Driver {
	w := &drv{d: d, cfg: cfg}
	if dc, ok := d.(driver.DriverContext); ok {
		return struct {
			*drv
			driver.DriverContext
		}{w, drvContext{dc, cfg}}
	}
	return w
}

var errNoDriver = errors.New("perfsql: the wrapped connector reports no driver")

func (d *drv) Open(name string) (driver.Conn, error) {
	if d.d == nil {
		return nil, errNoDriver
	}
	c, err := d.d.Open(name)
	if err != nil {
		return nil, err
	}
	return wrapConn(c, d.cfg), nil
}

func (d *drv) perfsqlConfig() *config { return d.cfg }
func (d *drv) perfsqlUnwrap() any     { return d.d }

type drvContext struct {
	dc  driver.DriverContext
	cfg *config
}

func (d drvContext) OpenConnector(name string) (driver.Connector, error) {
	c, err := d.dc.OpenConnector(name)
	if err != nil {
		return nil, err
	}
	return wrapConnector(c, d.cfg), nil
}

// connector wraps a driver.Connector; io.Closer is passed through when the
// wrapped connector has it (sql.DB.Close calls it).
type connector struct {
	c   driver.Connector
	cfg *config
	d   driver.Driver
}

func wrapConnector(c driver.Connector, cfg *config) driver.Connector {
	w := &connector{c: c, cfg: cfg, d: wrapDriver(c.Driver(), cfg)}
	if cl, ok := c.(io.Closer); ok {
		return struct {
			*connector
			io.Closer
		}{w, cl}
	}
	return w
}

func (c *connector) Connect(ctx context.Context) (driver.Conn, error) {
	ci, err := c.c.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return wrapConn(ci, c.cfg), nil
}

func (c *connector) Driver() driver.Driver  { return c.d }
func (c *connector) perfsqlConfig() *config { return c.cfg }
func (c *connector) perfsqlUnwrap() any     { return c.c }
