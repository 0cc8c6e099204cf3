package perfsql

import (
	"errors"
	"reflect"
	"strings"
)

// An Option changes how a wrapped driver counts and names statements.
type Option interface {
	apply(*config)
	validate() error
}

// config is what every wrapper of one wrapped driver or connector shares.
type config struct {
	stats       *Stats
	dialect     Dialect
	dialectSet  bool
	fingerprint *fingerprinter
	skip        []string // package paths whose frames are library code
}

// newConfig applies opts, filling in the dialect from the wrapped driver's
// package when no option named one.
func newConfig(wrapped any, opts []Option) (*config, error) {
	cfg := &config{stats: new(Stats)}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o.validate(); err != nil {
			return nil, err
		}
		o.apply(cfg)
	}
	if !cfg.dialectSet {
		cfg.dialect = detectDialect(wrapped)
	}
	cfg.fingerprint = newFingerprinter(cfg.dialect)
	return cfg, nil
}

type optionFunc struct {
	f   func(*config)
	err error
}

func (o optionFunc) apply(c *config) { o.f(c) }
func (o optionFunc) validate() error { return o.err }

// WithStats makes the wrapper count into s, so that several databases (or
// a database opened again) add to one count. By default each Wrap,
// WrapDriver or Open has its own Stats, which StatsFor returns.
func WithStats(s *Stats) Option {
	var err error
	if s == nil {
		err = errors.New("perfsql: WithStats(nil)")
	}
	return optionFunc{f: func(c *config) { c.stats = s }, err: err}
}

// WithDialect names the SQL dialect of the wrapped driver. Without it the
// dialect is guessed from the driver's package path (pgx, pq: Postgres;
// mysql: MySQL; sqlite: SQLite; mssql: SQLServer; go-ora, godror: Oracle).
func WithDialect(d Dialect) Option {
	return optionFunc{f: func(c *config) { c.dialect, c.dialectSet = d, true }}
}

// WithSkipPackages adds import paths (a path covers the packages below it)
// or function names whose frames are library code: the call site named in a
// finding is the first frame outside them, outside database/sql, the
// runtime, perfsql and the drivers and ORMs perfsql knows (gorm.io, sqlx,
// bun, ent, pgx, …). Add your own data-access layer, such as sqlc's
// generated package, to name the code that calls it instead.
func WithSkipPackages(prefixes ...string) Option {
	var err error
	for _, p := range prefixes {
		if strings.TrimSpace(p) == "" {
			err = errors.New("perfsql: WithSkipPackages: empty package prefix")
		}
	}
	return optionFunc{f: func(c *config) { c.skip = append(c.skip, prefixes...) }, err: err}
}

// detectDialect guesses the dialect from the package path of the wrapped
// driver or connector (or the driver a connector reports).
func detectDialect(wrapped any) Dialect {
	for _, v := range []any{wrapped, driverOf(wrapped)} {
		if v == nil {
			continue
		}
		t := reflect.TypeOf(v)
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		p := strings.ToLower(t.PkgPath())
		switch {
		case strings.Contains(p, "pgx"), strings.HasSuffix(p, "/pq"), strings.Contains(p, "postgres"):
			return Postgres
		case strings.Contains(p, "mysql"):
			return MySQL
		case strings.Contains(p, "sqlite"):
			return SQLite
		case strings.Contains(p, "mssql"), strings.Contains(p, "sqlserver"):
			return SQLServer
		case strings.Contains(p, "go-ora"), strings.Contains(p, "godror"):
			return Oracle
		}
	}
	return Generic
}
