package perfhttp

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/choragen/choragen/perf"
)

func TestHandlerJSON(t *testing.T) {
	col := newCollector()
	h := MiddlewareFor(col, newMux(), Route("GET /api/**", perf.Latency{Max: time.Minute, Percentile: 95}))
	for i := range 200 {
		serve(h, "GET", fmt.Sprintf("/api/users/%d", i))
	}
	serve(h, "GET", "/health")
	col.Check()

	rec := httptest.NewRecorder()
	HandlerFor(col).ServeHTTP(rec, httptest.NewRequest("GET", "/debug/perf", nil))
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/json" {
		t.Fatalf("status %d, type %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	var body struct{ Routes []RouteStats }
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	if len(body.Routes) != 2 {
		t.Fatalf("routes %+v", body.Routes)
	}
	health, api := body.Routes[0], body.Routes[1] // sorted by route
	if api.Route != "GET /api/users/{id}" || api.Count != 200 || api.Unit != "ms" || api.Status != perf.StatusPassed {
		t.Errorf("api route %+v", api)
	}
	if !(0 < api.P50 && api.P50 <= api.P95 && api.P95 <= api.P99 && api.P99 <= api.Max && api.Mean > 0) {
		t.Errorf("api route figures out of order: %+v", api)
	}
	if len(api.Contracts) != 1 || api.Contracts[0].ID != "latency@p95:GET /api/users/{id}" || api.Contracts[0].Samples != 200 {
		t.Errorf("api contracts %+v", api.Contracts)
	}
	if health.Route != "/health" || health.Status != "none" || health.Count != 1 {
		t.Errorf("health route %+v", health)
	}
	// The raw JSON has the documented names.
	for _, key := range []string{`"route"`, `"p95"`, `"statistic": "p95"`, `"origin": "code"`, `"threshold": 60000`} {
		if !strings.Contains(rec.Body.String(), key) {
			t.Errorf("JSON lacks %s:\n%s", key, rec.Body.String())
		}
	}
}

func TestHandlerPrometheus(t *testing.T) {
	col := newCollector()
	h := MiddlewareFor(col, http.NotFoundHandler(), RouteFunc(func(r *http.Request) string {
		return "GET /q\"uo\\te\n"
	}))
	serve(h, "GET", "/")
	rec := httptest.NewRecorder()
	HandlerFor(col).ServeHTTP(rec, httptest.NewRequest("GET", "/?format=prometheus", nil))
	if got := rec.Header().Get("Content-Type"); !strings.HasPrefix(got, "text/plain; version=0.0.4") {
		t.Errorf("content type %q", got)
	}
	lines := strings.Split(strings.TrimSpace(rec.Body.String()), "\n")
	label := `route="GET /q\"uo\\te\n"`
	want := []string{
		"# HELP http_request_duration_seconds ",
		"# TYPE http_request_duration_seconds summary",
		`http_request_duration_seconds{` + label + `,quantile="0.5"} `,
		`http_request_duration_seconds{` + label + `,quantile="0.95"} `,
		`http_request_duration_seconds{` + label + `,quantile="0.99"} `,
		`http_request_duration_seconds_sum{` + label + `} `,
		`http_request_duration_seconds_count{` + label + `} 1`,
	}
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), len(want), rec.Body.String())
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("line %d = %q, want it to start with %q", i+1, lines[i], w)
		}
	}
}

func TestHandlerErrors(t *testing.T) {
	h := HandlerFor(newCollector())
	for _, tc := range []struct {
		method, target string
		code           int
	}{
		{"GET", "/", 200},
		{"HEAD", "/", 200},
		{"POST", "/", 405},
		{"GET", "/?format=xml", 400},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.target, nil))
		if rec.Code != tc.code {
			t.Errorf("%s %s = %d, want %d", tc.method, tc.target, rec.Code, tc.code)
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if got := strings.TrimSpace(rec.Body.String()); got != "{\n  \"routes\": []\n}" {
		t.Errorf("no routes: %q", got)
	}
}
