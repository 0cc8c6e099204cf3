package discover

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/choragen/choragen/internal/directive"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// view is a Result as the golden files show it: paths relative to
// testdata, positions as file:line:col, specs as one line each.
type view struct {
	Module   Module        `json:"module"`
	Root     string        `json:"root"`
	Packages []packageView `json:"packages"`
	Errors   []string      `json:"errors,omitempty"`
}

type packageView struct {
	ImportPath string          `json:"importPath"`
	Name       string          `json:"name,omitempty"`
	Dir        string          `json:"dir"`
	Error      string          `json:"error,omitempty"`
	Funcs      []funcView      `json:"funcs,omitempty"`
	Benchmarks []benchmarkView `json:"benchmarks,omitempty"`
}

type funcView struct {
	Name     string   `json:"name"`
	Target   string   `json:"target"`
	Relative string   `json:"relative"`
	Pos      string   `json:"pos"`
	Bench    string   `json:"bench,omitempty"`
	Specs    []string `json:"specs,omitempty"`
}

type benchmarkView struct {
	Name    string   `json:"name"`
	Pos     string   `json:"pos"`
	Targets []string `json:"targets,omitempty"`
}

func newView(t *testing.T, res *Result) view {
	t.Helper()
	testdata, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	rel := func(s string) string {
		if r, err := filepath.Rel(testdata, s); err == nil && !strings.HasPrefix(r, "..") {
			return filepath.ToSlash(r)
		}
		return s
	}
	relPos := func(s string) string { return strings.ReplaceAll(s, testdata+string(filepath.Separator), "") }
	v := view{Module: Module{Path: res.Module.Path, Dir: rel(res.Module.Dir)}, Root: res.Root}
	for _, p := range res.Packages {
		pv := packageView{ImportPath: p.ImportPath, Name: p.Name, Dir: rel(p.Dir)}
		if p.Error != nil {
			pv.Error = relPos(p.Error.Error())
		}
		for _, f := range p.Funcs {
			fv := funcView{Name: f.Name, Target: f.Target, Relative: f.Relative, Pos: relPos(f.Pos.String()), Bench: f.Bench}
			for _, s := range f.Specs {
				spec := fmt.Sprintf("%s %s=%s: %s <= %v %s", s.Directive, s.Key, s.Value, s.Metric, s.Max, s.Unit())
				if s.Percentile != 0 {
					spec += fmt.Sprintf(" at p%v", s.Percentile)
				}
				fv.Specs = append(fv.Specs, spec+" ("+relPos(s.Pos.String())+")")
			}
			pv.Funcs = append(pv.Funcs, fv)
		}
		for _, b := range p.Benchmarks {
			pv.Benchmarks = append(pv.Benchmarks, benchmarkView{Name: b.Name, Pos: relPos(b.Pos.String()), Targets: b.Targets})
		}
		v.Packages = append(v.Packages, pv)
	}
	for _, e := range res.Errors {
		v.Errors = append(v.Errors, relPos(e.Error()))
	}
	return v
}

func TestLoadGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts Options
	}{
		{"shop", Options{Dir: "testdata/shop"}},
		{"shop-tags", Options{Dir: "testdata/shop", Tags: []string{"shopfast"}}},
		{"shop-patterns", Options{Dir: "testdata/shop", Patterns: []string{"./store", "./api"}}},
		{"broken", Options{Dir: "testdata/broken"}},
		{"mono", Options{Dir: "testdata/mono"}},
		{"mono-root", Options{Dir: "testdata/mono", Root: "testdata/mono/examples/shop"}},
		{"mono-subdir", Options{Dir: "testdata/mono/examples/shop", Root: "testdata/mono/examples/shop"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res, err := Load(context.Background(), tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			var got strings.Builder
			enc := json.NewEncoder(&got)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "\t")
			if err := enc.Encode(newView(t, res)); err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join("testdata", tc.name+".golden.json"), got.String())
		})
	}
}

// golden compares got with the file at path; with -update it rewrites the
// file instead. On a mismatch it writes got to path+".got".
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got == string(want) {
		os.Remove(path + ".got")
		return
	}
	os.WriteFile(path+".got", []byte(got), 0o644)
	g, w := strings.Split(got, "\n"), strings.Split(string(want), "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			t.Errorf("%s differs at line %d (got written to %s.got; go test -update accepts it):\n got: %s\nwant: %s", path, i+1, path, gl, wl)
			return
		}
	}
}

func TestLoadErrors(t *testing.T) {
	notModule := t.TempDir()
	if err := os.WriteFile(filepath.Join(notModule, "x.go"), []byte("package x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		opts  Options
		want  string
		is    error
		match func(error) bool
	}{
		{name: "no such directory", opts: Options{Dir: "testdata/shop", Patterns: []string{"./nosuch"}}, want: "directory not found"},
		{name: "no such tree", opts: Options{Dir: "testdata/shop", Patterns: []string{"./nosuch/..."}}, want: "pattern ./nosuch/..."},
		{name: "no packages", opts: Options{Dir: "testdata/shop", Patterns: []string{"./empty/..."}}, want: `"./empty/..." matched no packages`, is: ErrNoPackages},
		{name: "no Go files", opts: Options{Dir: "testdata/shop", Patterns: []string{"./empty"}}, want: "no Go files in"},
		{name: "malformed pattern", opts: Options{Dir: "testdata/shop", Patterns: []string{"["}}, want: `malformed import path "["`},
		{name: "not a module", opts: Options{Dir: notModule}, want: "go list"},
		{name: "no such dir", opts: Options{Dir: "testdata/nosuch"}, want: "go list"},
		{name: "root outside module", opts: Options{Dir: "testdata/shop", Root: "testdata/broken"}, want: "project root testdata/broken is outside module example.com/shop"},
		{name: "root not a directory", opts: Options{Dir: "testdata/shop", Root: "testdata/shop/go.mod"}, want: "project root testdata/shop/go.mod: not a directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res, err := Load(context.Background(), tc.opts)
			if err == nil {
				t.Fatalf("Load succeeded with %d packages; want an error containing %q", len(res.Packages), tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Load: %v; want an error containing %q", err, tc.want)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("Load: %v; want errors.Is %v", err, tc.is)
			}
		})
	}
}

func TestLoadCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Load(ctx, Options{Dir: "testdata/shop"}); err == nil {
		t.Error("Load with a canceled context succeeded")
	}
}

// TestLoadErrorsArePositioned checks the promise the engine relies on:
// every error names a file, line and column, in order.
func TestLoadErrorsArePositioned(t *testing.T) {
	res, err := Load(context.Background(), Options{Dir: "testdata/broken"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) == 0 {
		t.Fatal("no errors in testdata/broken")
	}
	var prev *directive.SyntaxError
	for _, e := range res.Errors {
		if !filepath.IsAbs(e.Pos.Filename) || e.Pos.Line < 1 || e.Pos.Column < 1 {
			t.Errorf("error without a full position: %v", e)
		}
		if prev != nil && prev.Pos.Filename == e.Pos.Filename &&
			(prev.Pos.Line > e.Pos.Line || prev.Pos.Line == e.Pos.Line && prev.Pos.Column > e.Pos.Column) {
			t.Errorf("errors out of order: %v before %v", prev, e)
		}
		if e.ExitCode() != 2 {
			t.Errorf("%v: exit code %d, want 2", e, e.ExitCode())
		}
		prev = e
	}
	err = res.Err()
	var se *directive.SyntaxError
	if !errors.As(err, &se) || se != res.Errors[0] || strings.Count(err.Error(), "\n") != len(res.Errors)-1 {
		t.Errorf("Err() = %v, want every error joined, the first found by errors.As", err)
	}
	ok, err := Load(context.Background(), Options{Dir: "testdata/shop"})
	if err != nil {
		t.Fatal(err)
	}
	if err := ok.Err(); err != nil {
		t.Errorf("Err() on testdata/shop = %v, want nil", err)
	}
}

// TestLoadRootSymlink: go list reports directories with symbolic links
// resolved; a Root given through a link still names the same package.
func TestLoadRootSymlink(t *testing.T) {
	real, err := filepath.Abs("testdata/mono/examples/shop")
	if err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "shop")
	if err := os.Symlink(real, link); err != nil {
		t.Skipf("cannot make a symbolic link: %v", err)
	}
	res, err := Load(context.Background(), Options{Dir: "testdata/mono", Root: link})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res.Root, "example.com/mono/examples/shop"; got != want {
		t.Errorf("Root = %q, want %q", got, want)
	}
}
