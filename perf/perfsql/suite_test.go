package perfsql_test

import (
	"context"
	"database/sql"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/choragen/choragen/perf/perfsql"
)

// backend is a real database opened through perfsql, with the schema of the
// scenarios: users and their posts.
type backend struct {
	name string
	db   *sql.DB
	ph   func(i int) string // the i-th bind parameter, from 1
}

func (b backend) q(query string) string {
	// Queries are written with ?; PostgreSQL numbers its parameters.
	if b.ph(1) == "?" {
		return query
	}
	var out strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			out.WriteString(b.ph(n))
			continue
		}
		out.WriteRune(r)
	}
	return out.String()
}

func (b backend) createSchema(t testing.TB) {
	t.Helper()
	for _, q := range []string{
		"CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
		"CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), title TEXT NOT NULL)",
	} {
		if _, err := b.db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// seed replaces the data with n users of two posts each.
func (b backend) seed(ctx context.Context, n int) error {
	for _, q := range []string{"DELETE FROM posts", "DELETE FROM users"} {
		if _, err := b.db.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	for i := 1; i <= n; i++ {
		if _, err := b.db.ExecContext(ctx, b.q("INSERT INTO users (id, name) VALUES (?, ?)"), i, "user"+strconv.Itoa(i)); err != nil {
			return err
		}
		for j := 0; j < 2; j++ {
			id := 2*i + j
			if _, err := b.db.ExecContext(ctx, b.q("INSERT INTO posts (id, user_id, title) VALUES (?, ?, ?)"), id, i, "post"+strconv.Itoa(id)); err != nil {
				return err
			}
		}
	}
	return nil
}

// The code under test: ways to load every user's post titles.

func (b backend) userIDs(ctx context.Context) ([]int64, error) {
	return collect[int64](b.db.QueryContext(ctx, "SELECT id FROM users ORDER BY id"))
}

// postsPerUser is the N+1: one query for the users, then one per user.
func (b backend) postsPerUser(ctx context.Context) (map[int64][]string, error) {
	ids, err := b.userIDs(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[int64][]string)
	for _, id := range ids {
		titles, err := collect[string](b.db.QueryContext(ctx, b.q("SELECT title FROM posts WHERE user_id = ? ORDER BY id"), id)) // the N+1
		if err != nil {
			return nil, err
		}
		out[id] = titles
	}
	return out, nil
}

// postsJoin loads everything in one JOIN.
func (b backend) postsJoin(ctx context.Context) (map[int64][]string, error) {
	rows, err := b.db.QueryContext(ctx, "SELECT u.id, p.title FROM users u JOIN posts p ON p.user_id = u.id ORDER BY p.id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[int64][]string)
	for rows.Next() {
		var id int64
		var title string
		if err := rows.Scan(&id, &title); err != nil {
			return nil, err
		}
		out[id] = append(out[id], title)
	}
	return out, rows.Err()
}

// postsBatch loads the users, then all their posts in one IN (…) batch.
func (b backend) postsBatch(ctx context.Context) (map[int64][]string, error) {
	ids, err := b.userIDs(ctx)
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	q := b.q("SELECT user_id, title FROM posts WHERE user_id IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ") + ") ORDER BY id")
	rows, err := b.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[int64][]string)
	for rows.Next() {
		var id int64
		var title string
		if err := rows.Scan(&id, &title); err != nil {
			return nil, err
		}
		out[id] = append(out[id], title)
	}
	return out, rows.Err()
}

// userName is a single lookup.
func (b backend) userName(ctx context.Context, id int64) (string, error) {
	var name string
	err := b.db.QueryRowContext(ctx, b.q("SELECT name FROM users WHERE id = ?"), id).Scan(&name)
	return name, err
}

// twoLookups looks a user up twice, from two call sites: the same
// fingerprint twice, but not a loop.
func (b backend) twoLookups(ctx context.Context) error {
	if _, err := b.userName(ctx, 1); err != nil {
		return err
	}
	_, err := b.userName(ctx, 1)
	return err
}

func collect[T any](rows *sql.Rows, err error) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// markerLine returns the line of file that holds marker.
func markerLine(t testing.TB, file, marker string) int {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(data), "\n") {
		if strings.Contains(l, marker) {
			return i + 1
		}
	}
	t.Fatalf("%s has no line with %q", file, marker)
	return 0
}

type loader func(backend, context.Context) error

func ignore[T any](f func(backend, context.Context) (T, error)) loader {
	return func(b backend, ctx context.Context) error { _, err := f(b, ctx); return err }
}

var loaders = []struct {
	name    string
	load    loader
	queries func(n int) int // statements run with n users
	nPlus1  bool
}{
	{"per-row loop", ignore(backend.postsPerUser), func(n int) int { return 1 + n }, true},
	{"JOIN", ignore(backend.postsJoin), func(int) int { return 1 }, false},
	{"IN batch", ignore(backend.postsBatch), func(int) int { return 2 }, false},
	{"single lookup", func(b backend, ctx context.Context) error { _, err := b.userName(ctx, 1); return err }, func(int) int { return 1 }, false},
	{"two call sites", backend.twoLookups, func(int) int { return 2 }, false},
}

// runSuite runs the scenarios against a backend; fresh opens an empty
// database with the schema.
func runSuite(t *testing.T, fresh func(t *testing.T) backend) {
	t.Run("counts", func(t *testing.T) {
		b := fresh(t)
		ctx := context.Background()
		const n = 3
		if err := b.seed(ctx, n); err != nil {
			t.Fatal(err)
		}
		stats := perfsql.StatsFor(b.db)
		for _, l := range loaders {
			stats.Reset()
			s := perfsql.NewScope(ctx)
			if err := l.load(b, s.Context()); err != nil {
				t.Fatalf("%s: %v", l.name, err)
			}
			if got, want := s.Queries(), l.queries(n); got != want {
				t.Errorf("%s: scope counted %d statements, want %d", l.name, got, want)
			}
			if got, want := stats.Queries(), int64(l.queries(n)); got != want {
				t.Errorf("%s: Stats counted %d statements, want %d", l.name, got, want)
			}
		}
		// Without the scope's context, statements count only in Stats.
		s := perfsql.NewScope(ctx)
		stats.Reset()
		if _, err := b.postsPerUser(ctx); err != nil {
			t.Fatal(err)
		}
		if s.Queries() != 0 || stats.Queries() != 1+n {
			t.Errorf("unscoped run: scope %d, Stats %d; want 0 and %d", s.Queries(), stats.Queries(), 1+n)
		}
	})

	t.Run("repeated rule", func(t *testing.T) {
		b := fresh(t)
		ctx := context.Background()
		const n = 4
		if err := b.seed(ctx, n); err != nil {
			t.Fatal(err)
		}
		line := markerLine(t, "suite_test.go", "// the N+1")
		for _, l := range loaders {
			s := perfsql.NewScope(ctx)
			if err := l.load(b, s.Context()); err != nil {
				t.Fatal(err)
			}
			fs := s.NPlusOne()
			if !l.nPlus1 {
				if len(fs) != 0 {
					t.Errorf("%s: flagged as N+1: %v", l.name, fs)
				}
				continue
			}
			if len(fs) != 1 {
				t.Fatalf("%s: %d findings, want 1: %v", l.name, len(fs), fs)
			}
			f := fs[0]
			if got, want := f.Fingerprint, "SELECT title FROM posts WHERE user_id = ? ORDER BY id"; got != want {
				t.Errorf("fingerprint %q, want %q", got, want)
			}
			if f.Count != n || f.Signal != perfsql.SignalRepeated {
				t.Errorf("count %d signal %s, want %d %s", f.Count, f.Signal, n, perfsql.SignalRepeated)
			}
			if !strings.HasSuffix(f.Site.Function, "perfsql_test.backend.postsPerUser") || !strings.HasSuffix(f.Site.File, "/suite_test.go") || f.Site.Line != line {
				t.Errorf("call site %s, want suite_test.go:%d (backend.postsPerUser)", f.Site, line)
			}
			if len(f.Stack) < 2 || f.Stack[0] != f.Site {
				t.Errorf("stack %v does not start at the call site and go on to its callers", f.Stack)
			}
			for _, want := range []string{"suite_test.go:" + strconv.Itoa(line), "ran 4×", "SELECT title FROM posts WHERE user_id = ?"} {
				if !strings.Contains(f.String(), want) {
					t.Errorf("finding %q does not mention %q", f, want)
				}
			}
		}
		// A higher threshold lets the loop pass.
		s := perfsql.NewScope(ctx)
		if _, err := b.postsPerUser(s.Context()); err != nil {
			t.Fatal(err)
		}
		if fs := s.NPlusOneWith(perfsql.Rule{MinRepeats: n + 1}); len(fs) != 0 {
			t.Errorf("MinRepeats %d: %v", n+1, fs)
		}
	})

	t.Run("scaling finds a loop over one row", func(t *testing.T) {
		b := fresh(t)
		ctx := context.Background()
		for _, l := range loaders {
			// With one user, the loop runs once: invisible to the repeated rule.
			if err := b.seed(ctx, 1); err != nil {
				t.Fatal(err)
			}
			s := perfsql.NewScope(ctx)
			if err := l.load(b, s.Context()); err != nil {
				t.Fatal(err)
			}
			if fs := s.NPlusOne(); len(fs) != 0 {
				t.Errorf("%s over one row: repeated rule flagged %v", l.name, fs)
			}
			res, err := perfsql.Scaling(ctx, 1, b.seed, func(ctx context.Context) error { return l.load(b, ctx) })
			if err != nil {
				t.Fatal(err)
			}
			if res.Queries != l.queries(1) || res.Queries2N != l.queries(2) {
				t.Errorf("%s: %d statements at n=1 and %d at n=2, want %d and %d", l.name, res.Queries, res.Queries2N, l.queries(1), l.queries(2))
			}
			if !l.nPlus1 {
				if res.Scales() {
					t.Errorf("%s: flagged as scaling: %v", l.name, res.Findings)
				}
				continue
			}
			if len(res.Findings) != 1 {
				t.Fatalf("%s: %d scaling findings, want 1: %v", l.name, len(res.Findings), res.Findings)
			}
			f := res.Findings[0]
			if f.Signal != perfsql.SignalScaling || f.N != 1 || f.CountAtN != 1 || f.Count != 2 ||
				!strings.HasSuffix(f.Site.Function, "backend.postsPerUser") {
				t.Errorf("finding %+v, want the posts query at postsPerUser, 1× at n=1 and 2× at n=2", f)
			}
			if want := "ran 1× at n=1 and 2× at n=2"; !strings.Contains(f.String(), want) {
				t.Errorf("%q does not say %q", f, want)
			}
		}
		// Nothing counted: a warning, not a pass in silence.
		res, err := perfsql.Scaling(ctx, 1, b.seed, func(context.Context) error {
			_, err := b.postsPerUser(context.Background())
			return err
		})
		if err != nil || len(res.Warnings) == 0 {
			t.Errorf("unscoped run: err %v, warnings %v; want a warning", err, res.Warnings)
		}
	})

	t.Run("transactions", func(t *testing.T) {
		b := fresh(t)
		ctx := context.Background()
		if err := b.seed(ctx, 2); err != nil {
			t.Fatal(err)
		}
		stats := perfsql.StatsFor(b.db)
		stats.Reset()
		s := perfsql.NewScope(ctx)
		tx, err := b.db.BeginTx(s.Context(), nil)
		if err != nil {
			t.Fatal(err)
		}
		mustExec := func(ctx context.Context, q string, args ...any) {
			t.Helper()
			if _, err := tx.ExecContext(ctx, b.q(q), args...); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		mustExec(s.Context(), "UPDATE users SET name = ? WHERE id = ?", "ann", 1)
		mustExec(s.Context(), "SAVEPOINT sp1")
		mustExec(s.Context(), "UPDATE users SET name = ? WHERE id = ?", "bob", 2)
		mustExec(s.Context(), "ROLLBACK TO SAVEPOINT sp1")
		mustExec(s.Context(), "RELEASE SAVEPOINT sp1")
		// Without a context, inside the scope's transaction: counted there.
		var name string
		if err := tx.QueryRow(b.q("SELECT name FROM users WHERE id = ?"), 1).Scan(&name); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		// After the transaction, a statement without the context is not.
		if _, err := b.db.Exec(b.q("UPDATE users SET name = ? WHERE id = ?"), "cy", 2); err != nil {
			t.Fatal(err)
		}
		if got, want := s.Queries(), 3; got != want {
			t.Errorf("scope counted %d statements in the transaction, want %d (two updates and a select; no BEGIN, SAVEPOINT, ROLLBACK TO, RELEASE, COMMIT): %v", got, want, s.Fingerprints())
		}
		if got, want := stats.Queries(), int64(4); got != want {
			t.Errorf("Stats counted %d, want %d", got, want)
		}
		if name != "ann" {
			t.Errorf("the transaction read %q, want ann", name)
		}
		// A rolled-back transaction's statements count too; control does not.
		s2 := perfsql.NewScope(ctx)
		tx, err = b.db.BeginTx(s2.Context(), nil)
		if err != nil {
			t.Fatal(err)
		}
		mustExec(s2.Context(), "DELETE FROM posts WHERE user_id = ?", 1)
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
		if got := s2.Queries(); got != 1 {
			t.Errorf("rolled-back transaction: %d statements, want 1", got)
		}
	})

	t.Run("prepared statements", func(t *testing.T) {
		b := fresh(t)
		ctx := context.Background()
		if err := b.seed(ctx, 3); err != nil {
			t.Fatal(err)
		}
		s := perfsql.NewScope(ctx)
		stmt, err := b.db.PrepareContext(s.Context(), b.q("SELECT name FROM users WHERE id = ?"))
		if err != nil {
			t.Fatal(err)
		}
		defer stmt.Close()
		if got := s.Queries(); got != 0 {
			t.Errorf("Prepare counted %d statements, want 0", got)
		}
		for id := 1; id <= 3; id++ {
			var name string
			if err := stmt.QueryRowContext(s.Context(), id).Scan(&name); err != nil { // the prepared N+1
				t.Fatal(err)
			}
		}
		if got := s.Queries(); got != 3 {
			t.Errorf("three executions counted as %d", got)
		}
		fs := s.NPlusOne()
		if len(fs) != 1 || fs[0].Count != 3 || fs[0].Site.Line != markerLine(t, "suite_test.go", "// the prepared N+1") {
			t.Errorf("findings %v, want the prepared statement's loop, 3×", fs)
		}
		// The statement inside a transaction begun in another scope.
		update := mustPrepare(t, b, "UPDATE users SET name = ? WHERE id = ?")
		s2 := perfsql.NewScope(ctx)
		tx, err := b.db.BeginTx(s2.Context(), nil)
		if err != nil {
			t.Fatal(err)
		}
		txStmt := tx.StmtContext(s2.Context(), stmt)
		var name string
		if err := txStmt.QueryRow(2).Scan(&name); err != nil {
			t.Fatal(err)
		}
		if _, err := tx.StmtContext(s2.Context(), update).Exec("x", 2); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if got := s2.Queries(); got != 2 {
			t.Errorf("prepared statements in a transaction: %d, want 2", got)
		}
		if got := s.Queries(); got != 3 {
			t.Errorf("the first scope changed to %d", got)
		}
	})

	t.Run("control statements and pings", func(t *testing.T) {
		b := fresh(t)
		ctx := context.Background()
		s := perfsql.NewScope(ctx)
		conn, err := b.db.Conn(s.Context())
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"BEGIN", "SELECT 1", "COMMIT"} {
			if _, err := conn.ExecContext(s.Context(), q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		if err := conn.PingContext(s.Context()); err != nil {
			t.Fatal(err)
		}
		conn.Close() // SQLite's test database has one connection
		if err := b.db.PingContext(s.Context()); err != nil {
			t.Fatal(err)
		}
		if got := s.Queries(); got != 1 {
			t.Errorf("counted %d statements, want 1 (SELECT 1): %v", got, s.Fingerprints())
		}
	})

	t.Run("nested scopes", func(t *testing.T) {
		b := fresh(t)
		ctx := context.Background()
		if err := b.seed(ctx, 2); err != nil {
			t.Fatal(err)
		}
		outer := perfsql.NewScope(ctx)
		if _, err := b.userName(outer.Context(), 1); err != nil {
			t.Fatal(err)
		}
		inner := perfsql.NewScope(outer.Context())
		if _, err := b.postsPerUser(inner.Context()); err != nil {
			t.Fatal(err)
		}
		if perfsql.ScopeFrom(inner.Context()) != inner || perfsql.ScopeFrom(outer.Context()) != outer {
			t.Error("ScopeFrom does not return the innermost scope")
		}
		if outer.Queries() != 4 || inner.Queries() != 3 {
			t.Errorf("outer %d, inner %d; want 4 and 3", outer.Queries(), inner.Queries())
		}
		inner.Reset()
		if inner.Queries() != 0 || len(inner.Fingerprints()) != 0 || outer.Queries() != 4 {
			t.Errorf("after Reset: inner %d, outer %d", inner.Queries(), outer.Queries())
		}
		ctx2 := perfsql.WithScope(ctx)
		if _, err := b.userName(ctx2, 1); err != nil {
			t.Fatal(err)
		}
		if got := perfsql.ScopeFrom(ctx2).Queries(); got != 1 {
			t.Errorf("WithScope: %d", got)
		}
	})

	t.Run("concurrent statements in one scope", func(t *testing.T) {
		b := fresh(t)
		ctx := context.Background()
		if err := b.seed(ctx, 2); err != nil {
			t.Fatal(err)
		}
		s := perfsql.NewScope(ctx)
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for range 8 {
			wg.Go(func() {
				for range 5 {
					if _, err := b.userName(s.Context(), 1); err != nil {
						errs <- err
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		if got := s.Queries(); got != 40 {
			t.Errorf("counted %d, want 40", got)
		}
		fp := s.Fingerprints()
		if len(fp) != 1 || fp[0].Count != 40 {
			t.Errorf("fingerprints %v, want one with 40", fp)
		}
	})
}

func mustPrepare(t *testing.T, b backend, q string) *sql.Stmt {
	t.Helper()
	stmt, err := b.db.Prepare(b.q(q))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stmt.Close() })
	return stmt
}
