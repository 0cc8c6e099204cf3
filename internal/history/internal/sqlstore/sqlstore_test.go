package sqlstore

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadMigrations(t *testing.T) {
	good := fstest.MapFS{
		"m/0002_more.sql": {Data: []byte("ALTER")},
		"m/0001_init.sql": {Data: []byte("CREATE")},
		"m/README":        {Data: []byte("not a migration")},
	}
	ms, err := LoadMigrations(good, "m")
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 || ms[0] != (Migration{1, "0001_init", "CREATE"}) || ms[1] != (Migration{2, "0002_more", "ALTER"}) {
		t.Errorf("LoadMigrations = %+v", ms)
	}
	for _, tc := range []struct {
		fs   fstest.MapFS
		want string
	}{
		{fstest.MapFS{"m/0002_x.sql": {}}, "version 2, want 1"},
		{fstest.MapFS{"m/0001_a.sql": {}, "m/0003_c.sql": {}}, "version 3, want 2"},
		{fstest.MapFS{"m/init.sql": {}}, "name must be NNNN_name.sql"},
		{fstest.MapFS{}, "no migrations"},
	} {
		if _, err := LoadMigrations(tc.fs, "m"); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("LoadMigrations(%v) = %v, want an error saying %q", tc.fs, err, tc.want)
		}
	}
}

func TestPending(t *testing.T) {
	s := &Store{d: &Dialect{Migrations: []Migration{{1, "0001_init", ""}, {2, "0002_more", ""}}}}
	for _, tc := range []struct {
		name string
		st   State
		todo int
		err  string
	}{
		{"fresh", State{}, 2, ""},
		{"half", State{Applied: map[int]string{1: "0001_init"}}, 1, ""},
		{"done", State{Applied: map[int]string{1: "0001_init", 2: "0002_more"}}, 0, ""},
		{"foreign", State{Foreign: "it has tables x"}, 0, "not a choragen history database: it has tables x"},
		{"newer", State{Applied: map[int]string{1: "0001_init", 2: "0002_more", 3: "0003_future"}}, 0, "written by a newer choragen: schema version 3, this build knows up to 2"},
		{"renamed", State{Applied: map[int]string{1: "0001_other"}}, 0, `schema version 1 is "0001_other", not "0001_init"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			todo, err := s.pending(tc.st)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("pending = %v, want an error saying %q", err, tc.err)
				}
				if tc.name == "newer" && !errors.Is(err, ErrNewer) {
					t.Errorf("pending = %v, not ErrNewer", err)
				}
				return
			}
			if err != nil || len(todo) != tc.todo {
				t.Errorf("pending = %d migrations, %v; want %d", len(todo), err, tc.todo)
			}
		})
	}
}

func TestValues(t *testing.T) {
	if got, want := values("INSERT INTO t (a, b) VALUES ", 2, 3, false), "INSERT INTO t (a, b) VALUES ($1,$2),($3,$4),($5,$6)"; got != want {
		t.Errorf("values = %q, want %q", got, want)
	}
	if got, want := values("V ", 3, 2, true), "V (?,?,?),(?,?,?)"; got != want {
		t.Errorf("values = %q, want %q", got, want)
	}
}

func TestWhere(t *testing.T) {
	var w where
	w.add("a = ?", 1)
	w.add("b = ? AND c = ?", 2, 3)
	w.add("d IS NOT NULL")
	q := w.String() + w.limit(5)
	if want := " WHERE a = $1 AND b = $2 AND c = $3 AND d IS NOT NULL LIMIT $4"; q != want {
		t.Errorf("where = %q, want %q", q, want)
	}
	if len(w.args) != 4 {
		t.Errorf("args = %v", w.args)
	}
}
