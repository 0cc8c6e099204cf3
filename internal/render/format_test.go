package render_test

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/choragen/choragen/internal/render"
	"github.com/choragen/choragen/internal/report"
)

func TestParseFormat(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want render.Format
	}{
		{"", render.Text}, {"text", render.Text}, {"json", render.JSON}, {"JSON", render.JSON},
		{"markdown", render.Markdown}, {"junit", render.JUnit}, {"github", render.GitHub},
	} {
		got, err := render.ParseFormat(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"xml", "md", "tap", " json"} {
		_, err := render.ParseFormat(bad)
		if err == nil {
			t.Errorf("ParseFormat(%q) succeeded; want an error", bad)
			continue
		}
		// The error names what was given and every format there is.
		msg := err.Error()
		if !strings.Contains(msg, `"`+bad+`"`) {
			t.Errorf("ParseFormat(%q) error %q does not quote the input", bad, msg)
		}
		for _, f := range render.Formats() {
			if !strings.Contains(msg, string(f)) {
				t.Errorf("ParseFormat(%q) error %q does not list %q", bad, msg, f)
			}
		}
	}
}

func TestFormatFlag(t *testing.T) {
	var f render.Format
	if err := f.Set("junit"); err != nil || f != render.JUnit {
		t.Errorf("Set(junit) = %v, format %q", err, f)
	}
	if err := f.Set("yaml"); err == nil || f != render.JUnit {
		t.Errorf("Set(yaml) = %v, format %q; want an error and the format unchanged", err, f)
	}
	if got, want := f.Type(), "format"; got != want {
		t.Errorf("Type() = %q, want %q", got, want)
	}
}

func TestRenderErrors(t *testing.T) {
	r := &report.Report{}
	if err := render.Report(&bytes.Buffer{}, r, "yaml", render.Options{}); err == nil {
		t.Error("Render with an unknown format succeeded")
	}
	for _, f := range render.Formats() {
		if err := render.Report(&bytes.Buffer{}, nil, f, render.Options{}); err == nil {
			t.Errorf("Render(%s) of a nil report succeeded", f)
		}
		// A writer's error comes back, wrapped.
		err := render.Report(failWriter{}, r, f, render.Options{})
		if !errors.Is(err, errWrite) {
			t.Errorf("Render(%s) to a failing writer = %v, want %v", f, err, errWrite)
		}
	}
}

var errWrite = errors.New("disk full")

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errWrite }

// TestJSONRoundTrip checks that what WriteJSON writes, Decode reads back
// to the same report, for every fixture.
func TestJSONRoundTrip(t *testing.T) {
	for _, path := range fixtures(t) {
		r := decodeFile(t, path)
		var buf bytes.Buffer
		if err := render.WriteJSON(&buf, r, render.Options{}); err != nil {
			t.Fatal(err)
		}
		back, err := report.Decode(&buf)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		// WriteJSON writes empty lists for nil ones.
		for _, x := range []*report.Report{r, back} {
			if x.Contracts == nil {
				x.Contracts = []report.Contract{}
			}
			if x.Violations == nil {
				x.Violations = []report.Violation{}
			}
			if x.Benchmarks == nil {
				x.Benchmarks = []report.Benchmark{}
			}
		}
		if !reflect.DeepEqual(r, back) {
			t.Errorf("%s: the report changed in a JSON round trip:\n got %+v\nwant %+v", path, back, r)
		}
	}
}

// TestJSONStable checks that the same report always gives the same bytes,
// whatever the order its maps were built in.
func TestJSONStable(t *testing.T) {
	mk := func(keys ...string) *report.Report {
		ctx := map[string]any{}
		for i, k := range keys {
			ctx[k] = i
		}
		return &report.Report{Violations: []report.Violation{{ContractID: "x", Context: ctx}}}
	}
	var a, b bytes.Buffer
	if err := render.WriteJSON(&a, mk("a", "b", "c", "d"), render.Options{}); err != nil {
		t.Fatal(err)
	}
	for range 20 {
		b.Reset()
		if err := render.WriteJSON(&b, mk("a", "b", "c", "d"), render.Options{}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatalf("WriteJSON is not stable:\n%s\n%s", a.Bytes(), b.Bytes())
		}
	}
}
