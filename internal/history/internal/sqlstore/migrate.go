package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// A Migration is one schema version: SQL run in one transaction, after
// which a row (Version, Name) is added to schema_version.
type Migration struct {
	Version int
	Name    string // the file name without ".sql": "0001_init"
	SQL     string
}

// LoadMigrations reads dir/NNNN_name.sql files from fsys, in version order.
// Versions must run from 1 without gaps.
func LoadMigrations(fsys fs.FS, dir string) ([]Migration, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.sql"))
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var ms []Migration
	for _, n := range names {
		base := strings.TrimSuffix(path.Base(n), ".sql")
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must be NNNN_name.sql", n)
		}
		if v != len(ms)+1 {
			return nil, fmt.Errorf("migration %s: version %d, want %d", n, v, len(ms)+1)
		}
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: base, SQL: string(b)})
	}
	if len(ms) == 0 {
		return nil, fmt.Errorf("no migrations in %s", dir)
	}
	return ms, nil
}

// State is what Inspect finds in a database.
type State struct {
	// Foreign, when set, says why the database is not a choragen history
	// ("it has tables users, orders"): nothing may be written to it.
	Foreign string
	// Applied maps each applied schema version to its migration's name;
	// empty for a fresh database.
	Applied map[int]string
}

// ErrNewer is the error of a database written by a newer choragen.
var ErrNewer = errors.New("written by a newer choragen")

// pending returns the migrations st lacks, or why none may run.
func (s *Store) pending(st State) ([]Migration, error) {
	if st.Foreign != "" {
		return nil, fmt.Errorf("not a choragen history database: %s", st.Foreign)
	}
	known := s.d.Migrations
	latest := 0
	for v := range st.Applied {
		latest = max(latest, v)
	}
	if latest > len(known) {
		return nil, fmt.Errorf("%w: schema version %d, this build knows up to %d; upgrade choragen", ErrNewer, latest, len(known))
	}
	var todo []Migration
	for _, m := range known {
		name, ok := st.Applied[m.Version]
		switch {
		case !ok:
			todo = append(todo, m)
		case name != m.Name:
			return nil, fmt.Errorf("not a choragen history database: schema version %d is %q, not %q", m.Version, name, m.Name)
		}
	}
	return todo, nil
}

// migrate applies the pending migrations, one transaction each. Several
// processes may migrate one database at once: each transaction inspects
// the schema again, and one that loses a race (a duplicate table or
// version row) is rolled back and retried, which then finds the work done.
// Nothing is written to a foreign or newer database.
func (s *Store) migrate(ctx context.Context) error {
	var last error
	for failures := 0; failures < 2*retries; {
		st, err := s.d.Inspect(ctx, s.db)
		if err != nil {
			return err
		}
		todo, err := s.pending(st)
		if err != nil || len(todo) == 0 {
			return err
		}
		err = s.apply(ctx, todo[0])
		var p permanent
		if errors.As(err, &p) {
			return p.err
		}
		if err == nil {
			continue
		}
		last = err
		failures++
		if ctx.Err() != nil || !s.d.Raced(err) {
			break
		}
		backoff(ctx, failures)
	}
	return fmt.Errorf("migrate schema: %w", last)
}

// permanent marks an error that retrying cannot cure.
type permanent struct{ err error }

func (p permanent) Error() string { return p.err.Error() }

// apply runs m unless the transaction finds it applied already.
func (s *Store) apply(ctx context.Context, m Migration) (err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() // a no-op after Commit
	st, err := s.d.Inspect(ctx, tx)
	if err != nil {
		return err
	}
	todo, err := s.pending(st)
	if err != nil {
		return permanent{err}
	}
	if len(todo) == 0 || todo[0].Version != m.Version {
		return nil // another process got there first
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return fmt.Errorf("%s: %w", m.Name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, $3)`,
		int64(m.Version), m.Name, s.now().UTC().Truncate(time.Microsecond)); err != nil {
		return fmt.Errorf("%s: %w", m.Name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: commit: %w", m.Name, err)
	}
	return nil
}

// ReadVersions reads schema_version through q.
func ReadVersions(ctx context.Context, q Querier) (map[int]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT version, name FROM schema_version`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	applied := map[int]string{}
	for rows.Next() {
		var v int64
		var name string
		if err := rows.Scan(&v, &name); err != nil {
			return nil, err
		}
		applied[int(v)] = name
	}
	return applied, rows.Err()
}
