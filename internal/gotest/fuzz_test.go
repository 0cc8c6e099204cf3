package gotest

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/perf/benchfmt"
)

// FuzzTestJSON feeds arbitrary streams to the event reader and the
// benchmark-text rejoin. Seeds are the real captures in testdata/captures
// and a few hand-made edge cases. Whatever the input, reading must not
// panic, each package's Text must be its output events joined in arrival
// order, and its Results must be exactly what benchfmt reads from Text.
func FuzzTestJSON(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "captures", "*.json"))
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"Action":"output","Package":"p","Output":"BenchmarkX-2 \t"}` + "\n" +
		`{"Action":"output","Package":"p","Output":"  10\t 5 ns/op\n"}` + "\n" + `{"Action":"fail","Package":"p"}`))
	f.Add([]byte(`{"Action":"run","Package":"p","Test":"BenchmarkX"}` + "\nnot json\n" + `{"Action":"fail","Package":"p","FailedBuild":"q"}`))
	f.Add([]byte(`{"ImportPath":"q","Action":"build-output","Output":"# q\nq.go:1:2: bad\n"}` + "\n" + `{"ImportPath":"q","Action":"build-fail"}`))

	f.Fuzz(func(t *testing.T, data []byte) {
		// What the rejoin must produce, computed independently: each
		// package's output events, concatenated until the package ends.
		want := map[string][]byte{}
		ended := map[string]bool{}
		r := NewReader(bytes.NewReader(data), "fuzz")
		for r.Scan() {
			e := r.Event()
			if e == nil || e.Package == "" || ended[e.Package] {
				continue
			}
			switch e.Action {
			case ActionOutput:
				want[e.Package] = append(want[e.Package], e.Output...)
			case ActionPass, ActionFail, ActionSkip, ActionBench:
				ended[e.Package] = e.Test == ""
			}
		}

		out, _ := ReadBench(bytes.NewReader(data), "fuzz")
		for _, p := range out.Packages {
			if !bytes.Equal(p.Text, want[p.ImportPath]) {
				t.Fatalf("%s: Text = %q, want %q", p.ImportPath, p.Text, want[p.ImportPath])
			}
			n := 0
			br := benchfmt.NewReader(bytes.NewReader(p.Text), p.ImportPath)
			for br.Scan() {
				if res, ok := br.Result().(*benchfmt.Result); ok {
					if n >= len(p.Results) || !bytes.Equal(res.Name, p.Results[n].Name) {
						t.Fatalf("%s: result %d differs from benchfmt's reading of Text", p.ImportPath, n)
					}
					n++
				}
			}
			if n != len(p.Results) {
				t.Fatalf("%s: %d results, benchfmt reads %d from Text", p.ImportPath, len(p.Results), n)
			}
			if p.Status == Failed && p.Build == nil && len(p.Failures) == 0 {
				t.Fatalf("%s failed without a failure to say why", p.ImportPath)
			}
		}
		if _, err := ReadTest(bytes.NewReader(data), "fuzz"); err != nil {
			if _, ok := err.(*BuildError); !ok {
				t.Fatalf("ReadTest of an in-memory stream: %v", err)
			}
		}
	})
}
