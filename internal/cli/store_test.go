package cli

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBadStore: a store that cannot be used ends every tracking command
// with exit code 2 and one line naming it, before anything runs, and
// nothing is written to it.
func TestBadStore(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()

	corrupt := filepath.Join(dir, "corrupt.db")
	garbage := bytes.Repeat([]byte("this is not a database\n"), 200)
	if err := os.WriteFile(corrupt, garbage, 0o644); err != nil {
		t.Fatal(err)
	}

	foreign := filepath.Join(dir, "foreign.db")
	db, err := sql.Open("sqlite", foreign)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users (name) VALUES ('ada')"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	foreignBefore, err := os.ReadFile(foreign)
	if err != nil {
		t.Fatal(err)
	}

	unreachable := "postgres://choragen:s3cret@127.0.0.1:1/perf?sslmode=disable&connect_timeout=2"

	for _, store := range []struct {
		name, dsn string
		want      []string
		check     func(t *testing.T)
	}{
		{"corrupt file", corrupt, []string{corrupt, "not a SQLite database"}, func(t *testing.T) {
			if got, _ := os.ReadFile(corrupt); !bytes.Equal(got, garbage) {
				t.Errorf("the corrupt file was changed")
			}
		}},
		{"another program's database", foreign, []string{foreign}, func(t *testing.T) {
			if got, _ := os.ReadFile(foreign); !bytes.Equal(got, foreignBefore) {
				t.Errorf("the foreign database was changed")
			}
		}},
		{"unreachable PostgreSQL", unreachable, []string{"127.0.0.1:1"}, nil},
	} {
		for _, cmd := range [][]string{
			{"perf:bench", "--benchtime", "1x"},
			{"perf", "--benchtime", "1x"},
			{"perf:compare"},
			{"perf:compare", "--base", "1", "--head", "2"},
			{"perf:baseline"},
			{"perf:baseline", "--pin", "1"},
			{"perf:history"},
		} {
			t.Run(store.name+"/"+strings.Join(cmd, " "), func(t *testing.T) {
				code, stdout, stderr := run(t, args(cmd, []string{"--dir", "testdata/scaled", "--store", store.dsn})...)
				if code != ExitError || stdout != "" || strings.Count(stderr, "\n") != 1 {
					t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 and one line", code, stdout, stderr)
				}
				for _, w := range store.want {
					if !strings.Contains(stderr, w) {
						t.Errorf("stderr does not say %q: %s", w, stderr)
					}
				}
				if strings.Contains(stderr, "s3cret") {
					t.Errorf("stderr shows the password: %s", stderr)
				}
				for _, suffix := range []string{"-wal", "-shm", "-journal"} {
					if _, err := os.Stat(store.dsn + suffix); err == nil {
						t.Errorf("%s%s was created", store.dsn, suffix)
					}
				}
				if store.check != nil {
					store.check(t)
				}
			})
		}
	}
}
