package sqlite

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/choragen/choragen/internal/history"
	"github.com/choragen/choragen/internal/history/internal/sqlstore"
	"github.com/choragen/choragen/internal/history/storetest"
)

var _ history.Store = (*sqlstore.Store)(nil)

func TestConformance(t *testing.T) {
	storetest.Run(t, fresh)
}

// fresh returns a path in a directory that does not exist yet (Open
// creates it). When the test ends, the file must pass SQLite's own
// integrity and foreign-key checks, whatever the test did to it (killed
// writers, concurrent processes, failed saves).
func fresh(t testing.TB) string {
	p := filepath.Join(t.TempDir(), ".choragen", "history.db")
	t.Cleanup(func() {
		if _, err := os.Stat(p); err != nil {
			return
		}
		db := rawDB(t, p)
		defer db.Close()
		var res string
		if err := db.QueryRow("PRAGMA integrity_check").Scan(&res); err != nil || res != "ok" {
			t.Errorf("integrity_check of %s = %q, %v", p, res, err)
		}
		rows, err := db.Query("PRAGMA foreign_key_check")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		if rows.Next() {
			t.Errorf("foreign_key_check of %s found violations", p)
		}
	})
	return p
}

// TestBadFiles opens files that are not choragen histories: each must be
// refused with one clear line, and the file left exactly as it was.
func TestBadFiles(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		make func(t *testing.T, path string)
		want string
	}{
		{"random bytes", func(t *testing.T, path string) {
			write(t, path, bytes.Repeat([]byte("not a database\n"), 300))
		}, "not a SQLite database"},
		{"one byte", func(t *testing.T, path string) { write(t, path, []byte{0}) }, "not a SQLite database"},
		{"corrupt SQLite file", func(t *testing.T, path string) {
			b := bytes.Repeat([]byte{0xA5}, 8192)
			copy(b, "SQLite format 3\x00")
			write(t, path, b)
		}, "damaged, or not a SQLite database: file is not a database"},
		{"truncated history", func(t *testing.T, path string) {
			history := filepath.Join(t.TempDir(), "h.db")
			s := openT(t, history)
			for range 20 {
				if _, err := s.Save(ctx, bigRun()); err != nil {
					t.Fatal(err)
				}
			}
			s.Close()
			b, err := os.ReadFile(history)
			if err != nil {
				t.Fatal(err)
			}
			// Keep the header, wreck the schema page.
			for i := 100; i < 4096; i++ {
				b[i] ^= 0x5A
			}
			write(t, path, b[:len(b)/3])
		}, "damaged, or not a SQLite database: database disk image is malformed"},
		{"foreign tables", func(t *testing.T, path string) {
			raw(t, path, `CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); CREATE TABLE orders (id INTEGER PRIMARY KEY)`)
		}, "not a choragen history database: it has tables orders, users that choragen did not create"},
		{"foreign tables named like ours", func(t *testing.T, path string) {
			raw(t, path, `CREATE TABLE runs (id INTEGER PRIMARY KEY, started TEXT)`)
		}, "it has tables runs that choragen did not create"},
		{"foreign schema_version", func(t *testing.T, path string) {
			raw(t, path, `CREATE TABLE schema_version (version INTEGER); INSERT INTO schema_version VALUES (3)`)
		}, "it has tables schema_version that choragen did not create"},
		{"foreign application id", func(t *testing.T, path string) {
			raw(t, path, `PRAGMA application_id = 42; CREATE TABLE t (x)`)
		}, "its application id is 0x0000002a, not choragen's 0x63686f72"},
		{"newer schema", func(t *testing.T, path string) {
			s := openT(t, path)
			if _, err := s.Save(ctx, bigRun()); err != nil {
				t.Fatal(err)
			}
			s.Close()
			raw(t, path, `INSERT INTO schema_version (version, name, applied_at) VALUES (2, '0002_future', '2030-01-01 00:00:00+00:00')`)
		}, "schema version 2, this build knows up to 1; upgrade choragen"},
		{"renamed migration", func(t *testing.T, path string) {
			s := openT(t, path)
			s.Close()
			raw(t, path, `UPDATE schema_version SET name = '0001_other' WHERE version = 1`)
		}, `schema version 1 is "0001_other", not "0001_init"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "history.db")
			tc.make(t, path)
			before := snapshot(t, path)
			s, err := history.Open(ctx, path)
			if err == nil {
				s.Close()
				t.Fatalf("Open succeeded; want an error saying %q", tc.want)
			}
			msg := err.Error()
			t.Log(msg)
			if !strings.HasPrefix(msg, "history store "+path+": ") || !strings.Contains(msg, tc.want) || strings.Contains(msg, "\n") {
				t.Errorf("error = %q\nwant one line naming %s and saying %q", msg, path, tc.want)
			}
			var ec interface{ ExitCode() int }
			if !errors.As(err, &ec) || ec.ExitCode() != 2 {
				t.Errorf("error %q has no exit code 2", msg)
			}
			if after := snapshot(t, path); after != before {
				t.Errorf("Open changed the directory:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

func TestDirectory(t *testing.T) {
	dir := t.TempDir()
	_, err := history.Open(context.Background(), dir)
	if err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("Open(a directory) = %v, want an error saying it is a directory", err)
	}
}

// TestWAL checks that a store's file is in WAL mode, also when the file
// was made in another journal mode by an older build.
func TestWAL(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.db")
	s := openT(t, path)
	var mode string
	if err := s.DB().QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
	s.Close()
	raw(t, path, "PRAGMA journal_mode = DELETE")
	s = openT(t, path)
	defer s.Close()
	if err := s.DB().QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("after reopening a rollback-journal file, journal_mode = %q, %v; want wal", mode, err)
	}
	var fk int
	if err := s.DB().QueryRow("PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign_keys = %d, %v; want 1", fk, err)
	}
}

func openT(t testing.TB, path string) *sqlstore.Store {
	t.Helper()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func write(t testing.TB, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// rawDB opens path with the driver alone, no choragen in between.
func rawDB(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// raw runs statements on path with the driver alone.
func raw(t testing.TB, path, stmts string) {
	t.Helper()
	db := rawDB(t, path)
	defer db.Close()
	if _, err := db.Exec(stmts); err != nil {
		t.Fatal(err)
	}
}

// snapshot describes the files of path's directory: names, sizes, hashes.
func snapshot(t testing.TB, path string) string {
	t.Helper()
	dir := filepath.Dir(path)
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range ents {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s:%d:%x ", e.Name(), len(data), sha256.Sum256(data))
	}
	return b.String()
}

func bigRun() *history.Run {
	return storetest.NewRun(20, 2, 6)
}

// BenchmarkSave writes the run of a large suite: 200 benchmarks × 3 units ×
// 10 samples (6,600 rows) in one transaction. Goal: well under a second.
func BenchmarkSave(b *testing.B) {
	s := openT(b, filepath.Join(b.TempDir(), "history.db"))
	defer s.Close()
	r := storetest.NewRun(200, 3, 10)
	ctx := context.Background()
	for b.Loop() {
		if _, err := s.Save(ctx, r); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*200*3*10)/b.Elapsed().Seconds(), "samples/s")
}

// BenchmarkRun reads that run back whole.
func BenchmarkRun(b *testing.B) {
	s := openT(b, filepath.Join(b.TempDir(), "history.db"))
	defer s.Close()
	ctx := context.Background()
	id, err := s.Save(ctx, storetest.NewRun(200, 3, 10))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := s.Run(ctx, id); err != nil {
			b.Fatal(err)
		}
	}
}
