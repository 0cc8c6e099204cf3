package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// tree writes files (path → content) under a new temporary directory.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestFind(t *testing.T) {
	root := tree(t, map[string]string{
		"outer/.choragen/performance.yaml":                         "",
		"outer/mod/go.mod":                                         "module example.com/mod\n",
		"outer/mod/.choragen/performance.yaml":                     "",
		"outer/mod/api/api.go":                                     "package api\n",
		"outer/mod/examples/shop/.choragen/performance.yaml":       "",
		"outer/mod/examples/shop/api/api.go":                       "package api\n",
		"outer/bare/go.mod":                                        "module example.com/bare\n",
		"outer/bare/pkg/p.go":                                      "package pkg\n",
		"outer/nomod/x/x.go":                                       "package x\n",
		"outer/mod/weird/.choragen/performance.yaml/not-a-file.md": "",
	})
	for _, tc := range []struct{ dir, want string }{
		{"outer/mod", "outer/mod/.choragen/performance.yaml"},
		{"outer/mod/api", "outer/mod/.choragen/performance.yaml"},
		{"outer/mod/examples/shop", "outer/mod/examples/shop/.choragen/performance.yaml"},
		{"outer/mod/examples/shop/api", "outer/mod/examples/shop/.choragen/performance.yaml"},
		{"outer/mod/weird", "outer/mod/.choragen/performance.yaml"},
		// The search stops at the module root: outer's file is not bare's.
		{"outer/bare/pkg", ""},
		// Outside any module it goes up to the file system's root.
		{"outer/nomod/x", "outer/.choragen/performance.yaml"},
	} {
		got, err := Find(filepath.Join(root, tc.dir))
		if err != nil {
			t.Errorf("Find(%s): %v", tc.dir, err)
			continue
		}
		want := ""
		if tc.want != "" {
			want = filepath.Join(root, filepath.FromSlash(tc.want))
		}
		if got != want {
			t.Errorf("Find(%s) = %q, want %q", tc.dir, got, want)
		}
	}
}

func TestFindMissingDir(t *testing.T) {
	root := tree(t, map[string]string{".choragen/performance.yaml": ""})
	if _, err := Find(filepath.Join(root, "no", "such", "dir")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Find of a missing directory: %v; want fs.ErrNotExist", err)
	}
}

// TestFindRelative checks that a relative dir gives a relative path.
func TestFindRelative(t *testing.T) {
	got, err := Find("testdata/module/api")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.FromSlash("testdata/module/.choragen/performance.yaml"); got != want {
		t.Errorf("Find = %q, want %q", got, want)
	}
	cfg, err := Load(got)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.FromSlash("testdata/module"); cfg.Root() != want {
		t.Errorf("Root() = %q, want %q", cfg.Root(), want)
	}
}

func TestLoadMissing(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "performance.yaml"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load of a missing file: %v; want fs.ErrNotExist", err)
	}
}

func TestSave(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, ".choragen", "performance.yaml")

	// A new file, and its directory, are created.
	good := []byte("contracts:\n  latency: {default: {max: 100}}\n")
	if err := Save(path, good); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != string(good) {
		t.Errorf("file holds %q, want %q", got, good)
	}

	// An invalid configuration writes nothing and says why.
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	err := Save(path, []byte("contracts:\n  latency: {default: {max: fast}}\n"))
	var e *Error
	if !errors.As(err, &e) || e.Line != 2 || e.Col != 28 {
		t.Errorf("Save of an invalid file: %v; want an error at 2:28", err)
	}
	if got, _ := os.ReadFile(path); string(got) != string(good) {
		t.Errorf("an invalid Save changed the file to %q", got)
	}

	// A replacement keeps the file's permissions and leaves no temporary
	// file behind.
	better := []byte("contracts:\n  latency: {default: {max: 50}}\n")
	if err := Save(path, better); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	if got, _ := os.ReadFile(path); string(got) != string(better) {
		t.Errorf("file holds %q, want %q", got, better)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only the configuration", len(entries))
	}
}
