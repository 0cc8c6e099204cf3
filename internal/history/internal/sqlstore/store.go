// Package sqlstore implements history.Store over database/sql for the
// backends that share one schema and one SQL dialect subset (SQLite and
// PostgreSQL): the queries live here, the DDL (migrations), connection
// set-up and error classification in each backend.
//
// The SQL is kept portable on purpose: $N placeholders (SQLite reads them as
// ordinals), INSERT … RETURNING, INSERT … ON CONFLICT, no advisory locks, no
// sequences named in queries, one bounded transaction per run.
package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/choragen/choragen/internal/history"
	"github.com/choragen/choragen/internal/report"
)

// Dialect is what a backend tells the shared code.
type Dialect struct {
	// Migrations are the backend's schema versions, in order, from 1.
	Migrations []Migration
	// Inspect reads the schema state through q (the database, or a
	// migration's transaction).
	Inspect func(ctx context.Context, q Querier) (State, error)
	// Retryable reports whether a failed write transaction may be run
	// again (a busy database, a serialization failure).
	Retryable func(error) bool
	// Raced reports whether a failed migration may have lost a race with
	// another process creating the same tables; it is then retried.
	Raced func(error) bool
	// MaxParams is the most placeholders one statement may carry.
	MaxParams int
	// Anonymous makes the multi-row inserts use "?" placeholders rather
	// than "$N": SQLite looks numbered and named parameters up in a list,
	// which makes parsing a statement with thousands of them quadratic.
	Anonymous bool
}

// Querier is what *sql.DB and *sql.Tx have in common.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Store is a history.Store over a database/sql pool.
type Store struct {
	db   *sql.DB
	name string // the store's printable name (history.Redact)
	d    *Dialect
	now  func() time.Time
}

var _ history.Store = (*Store)(nil)

// Open wraps db as a store named name and migrates its schema. It closes
// db when it fails.
func Open(ctx context.Context, db *sql.DB, name string, d *Dialect) (*Store, error) {
	s := &Store{db: db, name: name, d: d, now: time.Now}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, s.wrap(err)
	}
	return s, nil
}

// DB returns the store's pool, for backend-specific tests.
func (s *Store) DB() *sql.DB { return s.db }

// Close closes the pool.
func (s *Store) Close() error { return s.wrap(s.db.Close()) }

func (s *Store) wrap(err error) error { return history.Wrap(s.name, err) }

type hookKey struct{}

// WithSaveHook returns a context that makes Save call hook inside its
// transaction, after every row is written and before the commit. Tests use
// it to kill a process mid-transaction; an error from hook aborts the Save.
func WithSaveHook(ctx context.Context, hook func(context.Context) error) context.Context {
	return context.WithValue(ctx, hookKey{}, hook)
}

// retries is how many times a retryable write transaction is attempted.
const retries = 5

// Save implements history.Store.
func (s *Store) Save(ctx context.Context, run *history.Run) (int64, error) {
	if err := run.Validate(); err != nil {
		return 0, s.wrap(fmt.Errorf("save run: %w", err))
	}
	var rep any // NULL unless there is a report
	if run.Report != nil {
		b, err := json.Marshal(run.Report)
		if err != nil {
			return 0, s.wrap(fmt.Errorf("save run: encode report: %w", err))
		}
		rep = string(b)
	}
	t := run.Time
	if t.IsZero() {
		t = s.now()
	}
	t = t.UTC().Truncate(time.Microsecond)
	var err error
	for attempt := 1; ; attempt++ {
		var id int64
		id, err = s.save(ctx, run, t, rep)
		if err == nil {
			return id, nil
		}
		if attempt == retries || ctx.Err() != nil || !s.d.Retryable(err) {
			break
		}
		backoff(ctx, attempt)
	}
	return 0, s.wrap(fmt.Errorf("save run: %w", err))
}

func backoff(ctx context.Context, attempt int) {
	t := time.NewTimer(time.Duration(attempt*attempt) * 20 * time.Millisecond)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

func (s *Store) save(ctx context.Context, run *history.Run, t time.Time, rep any) (id int64, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	var baseline any
	if run.BaselineID > 0 {
		baseline = run.BaselineID
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO runs
		(module, commit_hash, branch, dirty, ran_at, go_version, goos, goarch, cpu, gomaxprocs, command, score, baseline_id, report)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
		run.Module, run.Commit, run.Branch, run.Dirty, t, run.GoVersion,
		run.Machine.GOOS, run.Machine.GOARCH, run.Machine.CPU, int64(run.Machine.GOMAXPROCS),
		run.Command, nullFloat(run.Score), baseline, rep).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert run: %w", err)
	}

	bs := run.Benchmarks
	err = s.insertRows(ctx, tx,
		"INSERT INTO benchmarks (run_id, seq, package, name, unit, center, lo, hi, n, change, p_value, regression) VALUES ",
		12, len(bs), func(i int, a []any) []any {
			b := &bs[i]
			return append(a, id, int64(i), b.Package, b.Name, b.Unit,
				b.Summary.Center, b.Summary.Lo, b.Summary.Hi, int64(b.Summary.N),
				nullFloat(b.Change), nullFloat(b.PValue), b.Regression)
		})
	if err != nil {
		return 0, fmt.Errorf("insert benchmarks: %w", err)
	}

	type ref struct{ seq, rep int }
	refs := make([]ref, 0, 16*len(bs))
	for i := range bs {
		for j := range bs[i].Samples {
			refs = append(refs, ref{i, j})
		}
	}
	err = s.insertRows(ctx, tx,
		"INSERT INTO samples (run_id, seq, rep, value) VALUES ", 4, len(refs),
		func(i int, a []any) []any {
			r := refs[i]
			return append(a, id, int64(r.seq), int64(r.rep), bs[r.seq].Samples[r.rep])
		})
	if err != nil {
		return 0, fmt.Errorf("insert samples: %w", err)
	}

	for i, a := range run.Attachments {
		data := a.Data
		if data == nil {
			data = []byte{}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO attachments (run_id, name, seq, kind, media_type, size, data)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			id, a.Name, int64(i), a.Kind, a.MediaType, int64(len(data)), data)
		if err != nil {
			return 0, fmt.Errorf("insert attachment %q: %w", a.Name, err)
		}
	}

	if hook, ok := ctx.Value(hookKey{}).(func(context.Context) error); ok {
		if err = hook(ctx); err != nil {
			return 0, err
		}
	}
	if err = tx.Commit(); err != nil {
		return 0, fmt.Errorf("commit: %w", err)
	}
	return id, nil
}

// insertRows inserts n rows of width cols with multi-row INSERT statements
// (head followed by the VALUES lists), as few as the dialect's placeholder
// limit allows. The statement for a full batch is prepared once.
func (s *Store) insertRows(ctx context.Context, tx *sql.Tx, head string, cols, n int, row func(i int, a []any) []any) error {
	if n == 0 {
		return nil
	}
	per := max(1, min(s.d.MaxParams/cols, 500))
	args := make([]any, 0, per*cols)
	var full *sql.Stmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	for start := 0; start < n; start += per {
		k := min(per, n-start)
		args = args[:0]
		for i := start; i < start+k; i++ {
			args = row(i, args)
		}
		if k < per {
			if _, err := tx.ExecContext(ctx, values(head, cols, k, s.d.Anonymous), args...); err != nil {
				return err
			}
			continue
		}
		if full == nil {
			var err error
			if full, err = tx.PrepareContext(ctx, values(head, cols, per, s.d.Anonymous)); err != nil {
				return err
			}
		}
		if _, err := full.ExecContext(ctx, args...); err != nil {
			return err
		}
	}
	return nil
}

// values returns head followed by rows lists of cols placeholders, "?" if
// anonymous, else "$1", "$2", ...
func values(head string, cols, rows int, anonymous bool) string {
	var b strings.Builder
	b.Grow(len(head) + rows*cols*6)
	b.WriteString(head)
	p := 1
	for r := range rows {
		if r > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for c := range cols {
			if c > 0 {
				b.WriteByte(',')
			}
			if anonymous {
				b.WriteByte('?')
			} else {
				b.WriteByte('$')
				b.WriteString(strconv.Itoa(p))
			}
			p++
		}
		b.WriteByte(')')
	}
	return b.String()
}

func nullFloat(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func floatPtr(n sql.NullFloat64) *float64 {
	if !n.Valid {
		return nil
	}
	v := n.Float64
	return &v
}

const runColumns = `id, module, commit_hash, branch, dirty, ran_at, go_version, goos, goarch, cpu, gomaxprocs, command, score, baseline_id`

// scanInfo scans runColumns into ri; extra are scanned after them.
func scanInfo(sc interface{ Scan(...any) error }, ri *history.RunInfo, extra ...any) error {
	var score sql.NullFloat64
	var baseline sql.NullInt64
	var procs int64
	dst := append([]any{&ri.ID, &ri.Module, &ri.Commit, &ri.Branch, &ri.Dirty, &ri.Time, &ri.GoVersion,
		&ri.Machine.GOOS, &ri.Machine.GOARCH, &ri.Machine.CPU, &procs, &ri.Command, &score, &baseline}, extra...)
	if err := sc.Scan(dst...); err != nil {
		return err
	}
	ri.Time = ri.Time.UTC()
	ri.Machine.GOMAXPROCS = int(procs)
	ri.Score = floatPtr(score)
	ri.BaselineID = baseline.Int64
	return nil
}

// Run implements history.Store.
func (s *Store) Run(ctx context.Context, id int64) (*history.Run, error) {
	r, err := s.run(ctx, id)
	if err != nil {
		return nil, s.wrap(err)
	}
	return r, nil
}

func (s *Store) run(ctx context.Context, id int64) (*history.Run, error) {
	r := new(history.Run)
	var rep sql.NullString
	err := scanInfo(s.db.QueryRowContext(ctx, `SELECT `+runColumns+`, report FROM runs WHERE id = $1`, id), &r.RunInfo, &rep)
	if err == sql.ErrNoRows {
		return nil, fmt.Errorf("run %d: %w", id, history.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("read run %d: %w", id, err)
	}
	if rep.Valid {
		r.Report = new(report.Report)
		if err := json.Unmarshal([]byte(rep.String), r.Report); err != nil {
			return nil, fmt.Errorf("read run %d: decode report: %w", id, err)
		}
	}

	rows, err := s.db.QueryContext(ctx, `SELECT package, name, unit, center, lo, hi, n, change, p_value, regression
		FROM benchmarks WHERE run_id = $1 ORDER BY seq`, id)
	if err != nil {
		return nil, fmt.Errorf("read run %d: %w", id, err)
	}
	for rows.Next() {
		var b history.Benchmark
		var n int64
		var change, p sql.NullFloat64
		if err := rows.Scan(&b.Package, &b.Name, &b.Unit, &b.Summary.Center, &b.Summary.Lo, &b.Summary.Hi,
			&n, &change, &p, &b.Regression); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read run %d: %w", id, err)
		}
		b.Summary.N = int(n)
		b.Change, b.PValue = floatPtr(change), floatPtr(p)
		r.Benchmarks = append(r.Benchmarks, b)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read run %d: %w", id, err)
	}

	rows, err = s.db.QueryContext(ctx, `SELECT seq, rep, value FROM samples WHERE run_id = $1 ORDER BY seq, rep`, id)
	if err != nil {
		return nil, fmt.Errorf("read run %d: %w", id, err)
	}
	for rows.Next() {
		var seq, rep int64
		var v float64
		if err := rows.Scan(&seq, &rep, &v); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read run %d: %w", id, err)
		}
		if seq < 0 || seq >= int64(len(r.Benchmarks)) || rep != int64(len(r.Benchmarks[seq].Samples)) {
			rows.Close()
			return nil, fmt.Errorf("read run %d: sample (%d, %d) out of place", id, seq, rep)
		}
		r.Benchmarks[seq].Samples = append(r.Benchmarks[seq].Samples, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read run %d: %w", id, err)
	}

	rows, err = s.db.QueryContext(ctx, `SELECT name, kind, media_type, size FROM attachments WHERE run_id = $1 ORDER BY seq`, id)
	if err != nil {
		return nil, fmt.Errorf("read run %d: %w", id, err)
	}
	for rows.Next() {
		var a history.Attachment
		if err := rows.Scan(&a.Name, &a.Kind, &a.MediaType, &a.Size); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read run %d: %w", id, err)
		}
		r.Attachments = append(r.Attachments, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read run %d: %w", id, err)
	}
	return r, nil
}

// where accumulates AND-ed conditions and their arguments.
type where struct {
	conds []string
	args  []any
}

// add appends a condition; each "?" in cond becomes the next placeholder.
func (w *where) add(cond string, args ...any) {
	for _, a := range args {
		w.args = append(w.args, a)
		cond = strings.Replace(cond, "?", fmt.Sprintf("$%d", len(w.args)), 1)
	}
	w.conds = append(w.conds, cond)
}

func (w *where) machine(prefix string, m *history.Machine) {
	if m == nil {
		return
	}
	w.add(prefix+"goos = ? AND "+prefix+"goarch = ? AND "+prefix+"cpu = ? AND "+prefix+"gomaxprocs = ?",
		m.GOOS, m.GOARCH, m.CPU, int64(m.GOMAXPROCS))
}

func (w *where) commands(prefix string, cmds []string) {
	if len(cmds) == 0 {
		return
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(cmds)), ", ")
	args := make([]any, len(cmds))
	for i, c := range cmds {
		args[i] = c
	}
	w.add(prefix+"command IN ("+marks+")", args...)
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// limit returns a LIMIT clause for n, or nothing when n is not positive.
func (w *where) limit(n int) string {
	if n <= 0 {
		return ""
	}
	w.args = append(w.args, int64(n))
	return fmt.Sprintf(" LIMIT $%d", len(w.args))
}

// Runs implements history.Store.
func (s *Store) Runs(ctx context.Context, f history.Filter) ([]history.RunInfo, error) {
	var w where
	if f.Module != "" {
		w.add("module = ?", f.Module)
	}
	if f.Branch != "" {
		w.add("branch = ?", f.Branch)
	}
	w.machine("", f.Machine)
	w.commands("", f.Commands)
	if f.Before > 0 {
		w.add("id < ?", f.Before)
	}
	q := `SELECT ` + runColumns + ` FROM runs` + w.String() + ` ORDER BY id DESC`
	q += w.limit(f.Limit)
	infos, err := s.infos(ctx, q, w.args)
	if err != nil {
		return nil, s.wrap(fmt.Errorf("list runs: %w", err))
	}
	return infos, nil
}

func (s *Store) infos(ctx context.Context, q string, args []any) ([]history.RunInfo, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []history.RunInfo
	for rows.Next() {
		var ri history.RunInfo
		if err := scanInfo(rows, &ri); err != nil {
			return nil, err
		}
		out = append(out, ri)
	}
	return out, rows.Err()
}

// Baseline implements history.Store.
func (s *Store) Baseline(ctx context.Context, q history.BaselineQuery) (*history.Baseline, error) {
	b, err := s.baseline(ctx, q)
	if err != nil {
		return nil, s.wrap(err)
	}
	return b, nil
}

func (s *Store) baseline(ctx context.Context, q history.BaselineQuery) (*history.Baseline, error) {
	if q.BaselineBranch == "" {
		return nil, fmt.Errorf("baseline: no baseline branch given")
	}
	// A pin wins, wherever its run was made.
	var w where
	w.add("p.module = ?", q.Module)
	w.add("p.branch = ?", q.BaselineBranch)
	w.add("r.id <> ?", q.Exclude)
	pinned, err := s.infos(ctx, `SELECT r.`+strings.ReplaceAll(runColumns, ", ", ", r.")+
		` FROM baseline_pins p JOIN runs r ON r.id = p.run_id`+w.String(), w.args)
	if err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	if len(pinned) > 0 {
		return &history.Baseline{RunInfo: pinned[0], Pinned: true}, nil
	}

	w = where{}
	w.add("module = ?", q.Module)
	w.add("branch = ?", q.BaselineBranch)
	w.machine("", &q.Machine)
	if q.Exclude > 0 {
		if q.Branch == q.BaselineBranch {
			w.add("id < ?", q.Exclude)
		} else {
			w.add("id <> ?", q.Exclude)
		}
	}
	if !q.AllowDirty {
		w.add("dirty = ?", false)
	}
	w.commands("", q.Commands)
	found, err := s.infos(ctx, `SELECT `+runColumns+` FROM runs`+w.String()+` ORDER BY id DESC`+w.limit(1), w.args)
	if err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	if len(found) == 0 {
		what := "run"
		if !q.AllowDirty {
			what = "clean run"
		}
		if q.Branch == q.BaselineBranch && q.Exclude > 0 {
			what = "earlier " + what
		}
		return nil, fmt.Errorf("%w: no %s of branch %q on %s", history.ErrNoBaseline, what, q.BaselineBranch, q.Machine)
	}
	return &history.Baseline{RunInfo: found[0]}, nil
}

// Pin implements history.Store.
func (s *Store) Pin(ctx context.Context, branch string, id int64) error {
	if branch == "" {
		return s.wrap(fmt.Errorf("pin run %d: no branch given", id))
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO baseline_pins (module, branch, run_id, pinned_at)
		SELECT module, $1, id, $2 FROM runs WHERE id = $3
		ON CONFLICT (module, branch) DO UPDATE SET run_id = excluded.run_id, pinned_at = excluded.pinned_at`,
		branch, s.now().UTC().Truncate(time.Microsecond), id)
	if err != nil {
		return s.wrap(fmt.Errorf("pin run %d: %w", id, err))
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return s.wrap(fmt.Errorf("pin run %d: %w", id, history.ErrNotFound))
	}
	return nil
}

// Unpin implements history.Store.
func (s *Store) Unpin(ctx context.Context, module, branch string) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM baseline_pins WHERE module = $1 AND branch = $2`, module, branch)
	if err != nil {
		return s.wrap(fmt.Errorf("unpin %s: %w", branch, err))
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return s.wrap(fmt.Errorf("unpin: no pin for branch %q: %w", branch, history.ErrNotFound))
	}
	return nil
}

// Series implements history.Store.
func (s *Store) Series(ctx context.Context, q history.SeriesQuery) ([]history.Point, error) {
	if q.Name == "" || q.Unit == "" {
		return nil, s.wrap(fmt.Errorf("series: benchmark name and unit are required"))
	}
	var w where
	w.add("b.package = ?", q.Package)
	w.add("b.name = ?", q.Name)
	w.add("b.unit = ?", q.Unit)
	if q.Module != "" {
		w.add("r.module = ?", q.Module)
	}
	if q.Branch != "" {
		w.add("r.branch = ?", q.Branch)
	}
	w.machine("r.", q.Machine)
	query := `SELECT r.id, r.ran_at, r.commit_hash, r.branch, r.dirty, b.center, b.lo, b.hi, b.n, b.change, b.regression
		FROM benchmarks b JOIN runs r ON r.id = b.run_id` + w.String() + ` ORDER BY r.id DESC` + w.limit(q.Limit)
	rows, err := s.db.QueryContext(ctx, query, w.args...)
	if err != nil {
		return nil, s.wrap(fmt.Errorf("series %s %s: %w", q.Name, q.Unit, err))
	}
	defer rows.Close()
	var out []history.Point
	for rows.Next() {
		var p history.Point
		var n int64
		var change sql.NullFloat64
		if err := rows.Scan(&p.RunID, &p.Time, &p.Commit, &p.Branch, &p.Dirty,
			&p.Center, &p.Lo, &p.Hi, &n, &change, &p.Regression); err != nil {
			return nil, s.wrap(fmt.Errorf("series %s %s: %w", q.Name, q.Unit, err))
		}
		p.Time = p.Time.UTC()
		p.N = int(n)
		p.Change = floatPtr(change)
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, s.wrap(fmt.Errorf("series %s %s: %w", q.Name, q.Unit, err))
	}
	reverse(out)
	return out, nil
}

// ScoreSeries implements history.Store.
func (s *Store) ScoreSeries(ctx context.Context, q history.ScoreQuery) ([]history.ScorePoint, error) {
	var w where
	w.add("score IS NOT NULL")
	if q.Module != "" {
		w.add("module = ?", q.Module)
	}
	if q.Branch != "" {
		w.add("branch = ?", q.Branch)
	}
	w.machine("", q.Machine)
	query := `SELECT id, ran_at, commit_hash, branch, score FROM runs` + w.String() + ` ORDER BY id DESC` + w.limit(q.Limit)
	rows, err := s.db.QueryContext(ctx, query, w.args...)
	if err != nil {
		return nil, s.wrap(fmt.Errorf("score series: %w", err))
	}
	defer rows.Close()
	var out []history.ScorePoint
	for rows.Next() {
		var p history.ScorePoint
		if err := rows.Scan(&p.RunID, &p.Time, &p.Commit, &p.Branch, &p.Score); err != nil {
			return nil, s.wrap(fmt.Errorf("score series: %w", err))
		}
		p.Time = p.Time.UTC()
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, s.wrap(fmt.Errorf("score series: %w", err))
	}
	reverse(out)
	return out, nil
}

func reverse[T any](s []T) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

// Attachment implements history.Store.
func (s *Store) Attachment(ctx context.Context, runID int64, name string) (*history.Attachment, error) {
	a := new(history.Attachment)
	err := s.db.QueryRowContext(ctx, `SELECT name, kind, media_type, size, data FROM attachments WHERE run_id = $1 AND name = $2`,
		runID, name).Scan(&a.Name, &a.Kind, &a.MediaType, &a.Size, &a.Data)
	if err == sql.ErrNoRows {
		return nil, s.wrap(fmt.Errorf("run %d: attachment %q: %w", runID, name, history.ErrNotFound))
	}
	if err != nil {
		return nil, s.wrap(fmt.Errorf("run %d: attachment %q: %w", runID, name, err))
	}
	if a.Data == nil {
		a.Data = []byte{} // SQLite gives an empty blob back as NULL
	}
	return a, nil
}
