// Package postgres is the history store on a PostgreSQL server (through
// github.com/jackc/pgx/v5/stdlib), for teams whose CI runners share one
// history. Importing it registers the postgres:// and postgresql:// schemes
// with history.Open.
//
// The schema lives in the connection's current schema (the first of its
// search_path: add ?search_path=choragen to the URL to keep it apart from
// other tables). The SQL stays portable to PostgreSQL-compatible
// distributed databases: identity columns, no advisory locks, one bounded
// transaction per run, serialization failures retried.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/choragen/choragen/internal/history"
	"github.com/choragen/choragen/internal/history/internal/sqlstore"
)

func init() {
	open := func(ctx context.Context, dsn string) (history.Store, error) { return Open(ctx, dsn) }
	history.Register("postgres", open)
	history.Register("postgresql", open)
}

//go:embed migrations/*.sql
var migrations embed.FS

// ConnectTimeout bounds connecting to the server when the URL sets no
// connect_timeout, so that an unreachable server is an error in seconds.
const ConnectTimeout = 5 * time.Second

var dialect = func() *sqlstore.Dialect {
	ms, err := sqlstore.LoadMigrations(migrations, "migrations")
	if err != nil {
		panic(err)
	}
	return &sqlstore.Dialect{
		Migrations: ms,
		Inspect:    inspect,
		Retryable:  retryable,
		Raced:      raced,
		MaxParams:  65535, // the protocol's limit
	}
}()

// Open connects to the PostgreSQL server at dsn (a postgres:// URL) and
// brings the schema up to date. Its errors name the server without the
// password.
func Open(ctx context.Context, dsn string) (*sqlstore.Store, error) {
	name := history.Redact(dsn)
	s, err := open(ctx, dsn, name)
	if err != nil {
		return nil, history.Wrap(name, err)
	}
	return s, nil
}

func open(ctx context.Context, dsn, name string) (*sqlstore.Store, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, errors.New(redactErr(err.Error(), dsn))
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = ConnectTimeout
	}
	db := stdlib.OpenDB(*cfg)
	// CI runners are many and the server is shared: keep few connections.
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(2)
	db.SetConnMaxIdleTime(time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect: %s", redactErr(err.Error(), dsn))
	}
	return sqlstore.Open(ctx, db, name, dialect)
}

// redactErr removes the password, should a driver message quote it.
func redactErr(msg, dsn string) string {
	cfg, err := pgconn.ParseConfig(dsn)
	if err != nil || cfg.Password == "" {
		return msg
	}
	return strings.ReplaceAll(msg, cfg.Password, "xxxxx")
}

// ourTables are the schema's tables, for telling another program's apart.
var ourTables = []string{"schema_version", "runs", "benchmarks", "samples", "attachments", "baseline_pins"}

func inspect(ctx context.Context, q sqlstore.Querier) (sqlstore.State, error) {
	var st sqlstore.State
	var schema sql.NullString
	if err := q.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return st, err
	}
	if !schema.Valid {
		return st, fmt.Errorf("no schema to create tables in: the search_path names none that exists (create it, or fix search_path)")
	}
	rows, err := q.QueryContext(ctx, `SELECT table_name FROM information_schema.tables WHERE table_schema = $1`, schema.String)
	if err != nil {
		return st, err
	}
	var found []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return st, err
		}
		if slices.Contains(ourTables, name) {
			found = append(found, name)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return st, err
	}
	slices.Sort(found)
	switch {
	case len(found) == 0:
		return st, nil // fresh
	case !slices.Contains(found, "schema_version"):
		st.Foreign = fmt.Sprintf("schema %q has tables %s but no schema_version: they are another program's; use a dedicated database or ?search_path=",
			schema.String, strings.Join(found, ", "))
		return st, nil
	}
	st.Applied, err = sqlstore.ReadVersions(ctx, q)
	if err != nil {
		st.Foreign = fmt.Sprintf("schema %q has a schema_version table that is not choragen's (%v)", schema.String, err)
	}
	return st, nil
}

// raced: two processes created the same table or version row at once
// (PostgreSQL reports a duplicate catalog entry), or any retryable error.
func raced(err error) bool {
	var e *pgconn.PgError
	if errors.As(err, &e) && (e.Code == "23505" || e.Code == "42P07" || e.Code == "42710") {
		return true
	}
	return retryable(err)
}

// retryable: a serialization failure or a deadlock; distributed databases
// (CockroachDB) ask clients to retry the former.
func retryable(err error) bool {
	var e *pgconn.PgError
	if !errors.As(err, &e) {
		return false
	}
	return e.Code == "40001" || e.Code == "40P01"
}
