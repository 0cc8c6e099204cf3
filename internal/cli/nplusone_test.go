package cli

import (
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/choragen/choragen/internal/report"
)

// TestNPlusOneContracts judges //perf:queries max=1 on a module whose
// benchmarks use perfsql.BenchQueries over in-memory SQLite: the N+1
// fails, with its fingerprint, call site and count in the contract's
// reason and context and in its violation; the JOIN, the IN batch and the
// single lookup pass, with no N+1 named. Latest runs the same loop over a
// fixture of one order, where only the scaling signal sees it.
func TestNPlusOneContracts(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := run(t, "perf:check", "--dir", "testdata/nplusone", "--format", "json", "--count", "6", "--benchtime", "20x")
	if code != ExitFailed {
		t.Fatalf("exit code %d, want %d (the N+1s break their contracts); stderr:\n%s", code, ExitFailed, stderr)
	}
	var r report.Report
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("output is not a report: %v\n%s", err, stdout)
	}
	const (
		pkg         = "example.com/nplusone/store."
		fingerprint = "SELECT sku FROM items WHERE order_id = ? ORDER BY sku"
	)
	site := "store/store.go:" + lineWith(t, "testdata/nplusone/store/store.go", "`SELECT sku FROM items WHERE order_id = ? ORDER BY sku`")
	want := map[string]struct {
		status   report.Status
		measured float64
		finding  string // the end of the reason; "" for no N+1
		signal   string
		count    float64
	}{
		"queries:" + pkg + "(*Store).Orders": {report.StatusFailed, 11,
			"; N+1 at " + site + ` in (*Store).skus: "` + fingerprint + `" ran 10× in one call`, "repeated", 10},
		"queries:" + pkg + "(*Store).Latest": {report.StatusFailed, 2,
			"; N+1 at " + site + ` in (*Store).skus: "` + fingerprint + `" ran 1× at n=1 and 2× at n=2`, "scaling", 2},
		"queries:" + pkg + "(*Store).OrdersJoined": {status: report.StatusPassed, measured: 1},
		"queries:" + pkg + "(*Store).Items":        {status: report.StatusPassed, measured: 1},
		"queries:" + pkg + "(*Store).Count":        {status: report.StatusPassed, measured: 1},
	}
	for _, c := range r.Contracts {
		w, ok := want[c.ID]
		if !ok {
			t.Errorf("unexpected contract %s", c.ID)
			continue
		}
		delete(want, c.ID)
		if c.Status != w.status || c.Measured == nil || *c.Measured != w.measured {
			t.Errorf("%s: %s, measured %v; want %s, %v (%s)", c.ID, c.Status, deref(c.Measured), w.status, w.measured, c.Reason)
		}
		if w.finding == "" {
			if strings.Contains(c.Reason, "N+1") || c.Context["fingerprint"] != nil {
				t.Errorf("%s: an N+1 named where there is none: %s %v", c.ID, c.Reason, c.Context)
			}
			continue
		}
		if !strings.HasSuffix(c.Reason, w.finding) {
			t.Errorf("%s: reason\n%s\nwant it to end with\n%s", c.ID, c.Reason, w.finding)
		}
		evidence := map[string]any{"nplusone": w.signal, "fingerprint": fingerprint, "site": site,
			"function": pkg + "(*Store).skus", "count": w.count}
		for k, v := range evidence {
			if c.Context[k] != v {
				t.Errorf("%s: context %s = %v, want %v", c.ID, k, c.Context[k], v)
			}
		}
		found := false
		for _, v := range r.Violations {
			if v.ContractID != c.ID {
				continue
			}
			found = true
			if v.Measured != w.measured || v.Context["fingerprint"] != fingerprint || v.Context["site"] != site || v.Context["count"] != w.count {
				t.Errorf("%s: violation %+v lacks the N+1", c.ID, v)
			}
		}
		if !found {
			t.Errorf("%s: no violation", c.ID)
		}
	}
	for id := range want {
		t.Errorf("contract %s missing", id)
	}
	if len(r.Violations) != 2 || len(r.Warnings) != 0 {
		t.Errorf("violations %+v, warnings %q; want the two N+1s and no warning", r.Violations, r.Warnings)
	}
}

// lineWith returns the number of the first line of file that contains
// text.
func lineWith(t *testing.T, file, text string) string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(data), "\n") {
		if strings.Contains(line, text) {
			return strconv.Itoa(i + 1)
		}
	}
	t.Fatalf("%s has no line with %s", file, text)
	return ""
}
