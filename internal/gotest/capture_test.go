package gotest

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/perf/benchfmt"
)

var (
	update  = flag.Bool("update", false, "rewrite the golden files in testdata/captures")
	capture = flag.Bool("capture", false, "rerun go test on the fixture modules and rewrite testdata/captures/*.json (use with -update)")
)

// A capture is a real `go test -json` stream of a fixture module, kept in
// testdata/captures so that reading it is tested without running go, and
// so that the fuzz target has real seeds.
type captureCase struct {
	name  string // file stem in testdata/captures
	bench *Options
	test  *TestOptions
}

var captures = []captureCase{
	{name: "bench-multi", bench: &Options{
		Dir: "testdata/benchmod", Packages: []string{"./api", "./store", "./notests"},
		Count: 3, Benchtime: "20x", Benchmem: true,
	}},
	{name: "bench-failing", bench: &Options{
		Dir: "testdata/benchmod", Packages: []string{"./failing"}, Count: 2, Benchtime: "10x",
	}},
	{name: "bench-percall", bench: &Options{
		Dir: "testdata/benchmod", Packages: []string{"./spiky"}, Count: 20, Mode: PerCall, Benchmem: true,
	}},
	{name: "build-fail", bench: &Options{
		Dir: "testdata/broken", Packages: []string{"./..."}, Count: 2, Benchtime: "5x",
	}},
	{name: "test-run", test: &TestOptions{
		Dir: "testdata/benchmod", Packages: []string{"./tests", "./notests"}, Count: 1,
	}},
}

func (c captureCase) path() string { return filepath.Join("testdata", "captures", c.name+".json") }

// record runs go test for real and writes its JSON stream.
func (c captureCase) record(t *testing.T) {
	t.Helper()
	var args []string
	var dir string
	if c.bench != nil {
		a, tmp, err := c.bench.args()
		if err != nil {
			t.Fatal(err)
		}
		if tmp != "" {
			defer os.RemoveAll(tmp)
		}
		args, dir = a, c.bench.Dir
	} else {
		a, err := c.test.args()
		if err != nil {
			t.Fatal(err)
		}
		args, dir = a, c.test.Dir
	}
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CHORAGEN_PERF_OUT=")
	out, err := cmd.Output()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatalf("go %v: %v", args, err)
	}
	if err := os.MkdirAll(filepath.Dir(c.path()), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(c.path(), out, 0o644); err != nil {
		t.Fatal(err)
	}
}

// read reads a capture as Bench or Test would have.
func (c captureCase) read(t *testing.T) (pkgs []*Package, errs []error, units benchfmt.UnitMetadataMap, err error) {
	t.Helper()
	f, ferr := os.Open(c.path())
	if ferr != nil {
		t.Fatal(ferr)
	}
	defer f.Close()
	if c.bench != nil {
		out, err := ReadBench(f, c.name)
		return out.Packages, out.Errors, out.Units, err
	}
	out, err := ReadTest(f, c.name)
	return out.Packages, out.Errors, nil, err
}

// dump renders what was read from a capture, for the golden files.
func dump(pkgs []*Package, errs []error, units benchfmt.UnitMetadataMap, err error) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "error: %v\n", err)
	for _, e := range errs {
		fmt.Fprintf(&b, "syntax error: %v\n", e)
	}
	for _, k := range sortedUnitKeys(units) {
		fmt.Fprintf(&b, "unit %s %s=%s\n", k.Unit, k.Key, units[k].Value)
	}
	for _, p := range pkgs {
		fmt.Fprintf(&b, "\n== %s %s elapsed=%v results=%d text=%dB\n", p.ImportPath, p.Status, p.Elapsed, len(p.Results), len(p.Text))
		if p.Build != nil {
			fmt.Fprintf(&b, "build error: package=%s id=%q first=%q\n", p.Build.Package, p.Build.ID, p.Build.First)
		}
		if len(p.Skipped) > 0 {
			fmt.Fprintf(&b, "skipped: %s\n", strings.Join(p.Skipped, " "))
		}
		for _, f := range p.Failures {
			fmt.Fprintf(&b, "failure: %s crashed=%v output=%dB\n", f, f.Crashed, len(f.Output))
		}
		w := benchfmt.NewWriter(&b)
		for _, r := range p.Results {
			w.Write(r)
		}
	}
	return b.Bytes()
}

func sortedUnitKeys(m benchfmt.UnitMetadataMap) []benchfmt.UnitMetadataKey {
	var keys []benchfmt.UnitMetadataKey
	for k := range m {
		keys = append(keys, k)
	}
	for i := range keys {
		for j := i + 1; j < len(keys); j++ {
			if keys[j].Unit+keys[j].Key < keys[i].Unit+keys[i].Key {
				keys[i], keys[j] = keys[j], keys[i]
			}
		}
	}
	return keys
}

// TestCaptures reads each capture and compares what it found with its
// golden file. With -capture it first reruns go test on the fixtures.
func TestCaptures(t *testing.T) {
	for _, c := range captures {
		t.Run(c.name, func(t *testing.T) {
			if *capture {
				c.record(t)
			}
			got := dump(c.read(t))
			golden := strings.TrimSuffix(c.path(), ".json") + ".golden"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			checkGolden(t, golden, got)
		})
	}
}

// checkGolden compares got with the golden file; on a mismatch it shows
// the first differing line and writes got beside the golden file.
func checkGolden(t *testing.T, golden string, got []byte) {
	t.Helper()
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if bytes.Equal(got, want) {
		return
	}
	gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(gl) || i < len(wl); i++ {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			t.Errorf("%s:%d differs:\n got: %s\nwant: %s", golden, i+1, g, w)
			break
		}
	}
	if err := os.WriteFile(golden+".got", got, 0o644); err == nil {
		t.Logf("wrote %s.got", golden)
	}
}
