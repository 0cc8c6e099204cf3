package report_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/choragen/choragen/internal/report"
)

func TestDecode(t *testing.T) {
	r, err := report.Decode(strings.NewReader(`{"timestamp":"2026-11-22T10:00:00Z","summary":{"score":83},
		"contracts":[{"id":"bytes:a.F","status":"passed","threshold":10,"unit":"B","futureField":{"x":1}}],
		"fieldFromTheFuture":true}` + "\n\n"))
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	if got, want := r.Summary.Score, 83.0; got != want {
		t.Errorf("score = %v, want %v", got, want)
	}
	if len(r.Contracts) != 1 || r.Contracts[0].ID != "bytes:a.F" || r.Contracts[0].Status != report.StatusPassed {
		t.Errorf("contracts = %+v", r.Contracts)
	}
	for _, tc := range []struct{ in, want string }{
		{"", "empty input"},
		{"  \n", "empty input"},
		{"{", "unexpected EOF"},
		{`{"summary": {"score": "high"}}`, "cannot unmarshal"},
		{`{} {}`, "data after the report"},
		{`{} x`, "data after the report"},
		{`[]`, "cannot unmarshal"},
	} {
		_, err := report.Decode(strings.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "decode report: ") {
			t.Errorf("Decode(%q) = %v, want an error containing %q", tc.in, err, tc.want)
		}
	}
}

// TestDecodeFixtures reads every example report in testdata/reports, the
// fixtures that the renderers' golden files and the score's tests use.
func TestDecodeFixtures(t *testing.T) {
	paths, err := filepath.Glob("testdata/reports/*.json")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := report.Decode(f); err != nil {
			t.Errorf("%s: %v", p, err)
		}
		f.Close()
	}
}
