package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/choragen/choragen/internal/report"
)

// choragenModule writes a module that uses choragen's public packages
// from this checkout (a replace directive, and this module's go.sum, so
// that nothing is downloaded), with the given files.
func choragenModule(t *testing.T, name string, files map[string]string) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files["go.mod"] = "module example.com/" + name + "\n\ngo 1.26.0\n\nrequire github.com/choragen/choragen v0.0.0\n\nreplace github.com/choragen/choragen => " + filepath.ToSlash(root) + "\n"
	files["go.sum"] = string(sum)
	for name, data := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The public packages' own imports (goleak, ...) must be listed in the
	// user's go.mod (module graph pruning): tidy lists them, from the
	// module cache this checkout's build filled, or else the proxy.
	tidy := func(env ...string) error {
		cmd := exec.Command("go", "mod", "tidy")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("go mod tidy: %v\n%s", err, out)
		}
		return nil
	}
	if err := tidy("GOPROXY=off", "GOFLAGS=-mod=mod"); err != nil {
		if err := tidy("GOFLAGS=-mod=mod"); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func decodeReport(t *testing.T, stdout string) map[string]report.Contract {
	t.Helper()
	var r report.Report
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("output is not a report: %v\n%s", err, stdout)
	}
	byID := map[string]report.Contract{}
	for _, c := range r.Contracts {
		byID[c.ID] = c
	}
	return byID
}

// TestRequestsContract judges //perf:requests max= on the requests/op
// that perfhttp.BenchRequests reports: exact counts.
func TestRequestsContract(t *testing.T) {
	t.Parallel()
	dir := choragenModule(t, "requests", map[string]string{
		"svc/svc.go": `// Package svc calls a remote API.
package svc

import (
	"io"
	"net/http"
)

// SyncAll fetches two resources: two requests.
//
//perf:requests max=1
func SyncAll(c *http.Client, base string) error {
	for _, p := range []string{"/a", "/b"} {
		if err := fetch(c, base+p); err != nil {
			return err
		}
	}
	return nil
}

// SyncOne fetches one resource.
//
//perf:requests max=1
func SyncOne(c *http.Client, base string) error { return fetch(c, base+"/a") }

func fetch(c *http.Client, url string) error {
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}
`,
		"svc/svc_test.go": `package svc

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/choragen/choragen/perf/perfhttp"
)

func bench(b *testing.B, f func(*http.Client, string) error) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	client := &http.Client{Transport: perfhttp.Transport(srv.Client().Transport)}
	perfhttp.BenchRequests(b, func() {
		if err := f(client, srv.URL); err != nil {
			b.Fatal(err)
		}
	})
}

func BenchmarkSyncAll(b *testing.B) { bench(b, SyncAll) }
func BenchmarkSyncOne(b *testing.B) { bench(b, SyncOne) }
`,
	})
	code, stdout, stderr := run(t, "perf:check", "--dir", dir, "--format", "json", "--count", "6", "--benchtime", "20x")
	if code != ExitFailed {
		t.Fatalf("exit code %d, want %d; stderr:\n%s", code, ExitFailed, stderr)
	}
	got := decodeReport(t, stdout)
	for id, want := range map[string]struct {
		status   report.Status
		measured float64
	}{
		"requests:example.com/requests/svc.SyncAll": {report.StatusFailed, 2},
		"requests:example.com/requests/svc.SyncOne": {report.StatusPassed, 1},
	} {
		c, ok := got[id]
		if !ok || c.Status != want.status || c.Measured == nil || *c.Measured != want.measured || c.Unit != "requests" {
			t.Errorf("%s: %+v (measured %v); want %s, measured %v requests", id, c, deref(c.Measured), want.status, want.measured)
		}
	}
}

// TestRouteContractsInReport runs a module's tests, which serve requests
// through perfhttp.Middleware, and finds each route's contract in the
// report with its verdict, passed or failed, and where it was declared:
// the configuration's line, or the perfhttp.Route call.
func TestRouteContractsInReport(t *testing.T) {
	t.Parallel()
	dir := choragenModule(t, "routes", map[string]string{
		".choragen/performance.yaml": `contracts:
  latency:
    default: {max: 10, unit: s}
    overrides:
      "GET /api/**": {max: 10, unit: s, percentile: 95}
      "GET /slow": {max: 1, unit: ms, percentile: 50}
`,
		"api/api.go": `// Package api is an HTTP API.
package api

import (
	"net/http"
	"time"
)

// Handler serves the API.
func Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/items/{id}", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("POST /api/items", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("GET /slow", func(w http.ResponseWriter, r *http.Request) { time.Sleep(3 * time.Millisecond) })
	return mux
}
`,
		"api/api_test.go": `package api

import (
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/choragen/choragen/perf"
	"github.com/choragen/choragen/perf/perfhttp"
	"github.com/choragen/choragen/perf/perftest"
)

func TestMain(m *testing.M) { perftest.Main(m) }

func TestServe(t *testing.T) {
	h := perfhttp.Middleware(Handler(),
		perfhttp.Route("GET /health", perf.Latency{Max: time.Minute}))
	do := func(method, path string) {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(method, path, nil))
	}
	for i := range 250 {
		do("GET", fmt.Sprintf("/api/items/%d", i))
	}
	for range 25 {
		do("POST", "/api/items")
		do("GET", "/slow")
	}
	do("GET", "/health")
	do("GET", "/nope")
}
`,
	})
	code, stdout, stderr := run(t, "perf:check", "--tests", "--dir", dir, "--format", "json")
	if code != ExitFailed {
		t.Fatalf("exit code %d, want %d (GET /slow breaks its p50); stderr:\n%s", code, ExitFailed, stderr)
	}
	got := decodeReport(t, stdout)
	for id, want := range map[string]struct {
		status  report.Status
		origin  string
		source  string
		samples int
	}{
		"latency@p95:GET /api/items/{id}": {report.StatusPassed, "config", ".choragen/performance.yaml:5", 250},
		"latency@p50:GET /slow":           {report.StatusFailed, "config", ".choragen/performance.yaml:6", 25},
		"latency:POST /api/items":         {report.StatusPassed, "config", ".choragen/performance.yaml:3", 25},
		"latency:GET /health":             {report.StatusPassed, "code", "api/api_test.go:18", 1},
	} {
		c, ok := got[id]
		if !ok {
			t.Errorf("no contract %s in the report", id)
			continue
		}
		if c.Status != want.status || c.Origin != want.origin || c.Source != want.source || c.Samples != want.samples || c.Package != "example.com/routes/api" {
			t.Errorf("%s: %s from %s %s, %d samples, package %s; want %s from %s %s, %d samples",
				id, c.Status, c.Origin, c.Source, c.Samples, c.Package, want.status, want.origin, want.source, want.samples)
		}
	}
	if len(got) != 4 {
		t.Errorf("%d contracts, want the 4 routes' (none for unmatched requests): %v", len(got), got)
	}
	if slow := got["latency@p50:GET /slow"]; slow.Measured == nil || *slow.Measured < 3 || !strings.Contains(slow.Reason, "p50") {
		t.Errorf("GET /slow: measured %v, reason %q; want at least 3ms, the p50 named", deref(slow.Measured), slow.Reason)
	}
}
