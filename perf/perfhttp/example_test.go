package perfhttp_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"time"

	"github.com/choragen/choragen/perf"
	"github.com/choragen/choragen/perf/perfhttp"
)

// newMux is a small API.
func newMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/users/{id}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"id": %q}`, r.PathValue("id"))
	})
	mux.HandleFunc("POST /api/users", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusCreated)
	})
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, r *http.Request) {})
	return mux
}

func send(client *http.Client, method, url string) {
	req, _ := http.NewRequest(method, url, nil)
	resp, err := client.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}

// The whole flow in a test process: choragen passes the configuration's
// rules, the middleware gives each route its contract, and the verdicts
// are what perf.Flush reports at exit (perftest.Main in TestMain).
func Example() {
	// What `choragen perf` writes for a configuration with
	// latency: {default: {max: 50}, overrides: {"GET /api/**": {max: 100, percentile: 95}}}.
	dir, _ := os.MkdirTemp("", "perfhttp")
	defer os.RemoveAll(dir)
	rules := filepath.Join(dir, "rules.json")
	os.WriteFile(rules, []byte(`{"rules": [
		{"pattern": "", "section": "latency", "metric": "latency", "max": 50, "unit": "ms", "source": ".choragen/performance.yaml:3"},
		{"pattern": "GET /api/**", "section": "latency", "metric": "latency", "max": 100, "unit": "ms", "percentile": 95, "source": ".choragen/performance.yaml:5"}]}`), 0o644)
	os.Setenv(perf.RulesEnv, rules)
	defer os.Unsetenv(perf.RulesEnv)

	col := perf.NewCollector(perf.CollectorOpts{})
	srv := httptest.NewServer(perfhttp.MiddlewareFor(col, newMux(),
		perfhttp.Route("GET /health", perf.Latency{Max: time.Second}))) // code beats config
	defer srv.Close()
	for i := range 200 {
		send(srv.Client(), "GET", fmt.Sprintf("%s/api/users/%d", srv.URL, i))
	}
	for range 20 {
		send(srv.Client(), "POST", srv.URL+"/api/users")
	}
	send(srv.Client(), "GET", srv.URL+"/health")
	send(srv.Client(), "GET", srv.URL+"/nope")

	col.Check() // judge the open windows, as perf.Flush does
	for _, r := range perfhttp.RoutesFor(col) {
		fmt.Printf("%-22s %3d requests, %s\n", r.Route, r.Count, r.Status)
		for _, c := range r.Contracts {
			fmt.Printf("    %s (%s, max %gms) from %s\n", c.ID, c.Statistic, c.Threshold, c.Origin)
		}
	}
	// Output:
	// (unmatched)              1 requests, none
	// GET /api/users/{id}    200 requests, passed
	//     latency@p95:GET /api/users/{id} (p95, max 100ms) from config
	// GET /health              1 requests, passed
	//     latency:GET /health (max, max 1000ms) from code
	// POST /api/users         20 requests, passed
	//     latency:POST /api/users (mean, max 50ms) from config
}

// Middleware in a server: every request is measured under the route the
// ServeMux chose, never its raw path.
func ExampleMiddleware() {
	col := perf.NewCollector(perf.CollectorOpts{})
	srv := httptest.NewServer(perfhttp.MiddlewareFor(col, newMux()))
	defer srv.Close()
	for _, path := range []string{"/api/users/1", "/api/users/2", "/api/users/3", "/health", "/favicon.ico"} {
		send(srv.Client(), "GET", srv.URL+path)
	}
	for _, r := range perfhttp.RoutesFor(col) {
		fmt.Println(r.Route, r.Count)
	}
	// Output:
	// (unmatched) 1
	// GET /api/users/{id} 3
	// GET /health 1
}

// Route gives routes a contract in code; the most specific pattern wins.
func ExampleRoute() {
	col := perf.NewCollector(perf.CollectorOpts{})
	h := perfhttp.MiddlewareFor(col, newMux(),
		perfhttp.Route("GET /api/**", perf.MeanLatency{Max: 200 * time.Millisecond}),
		perfhttp.Route("GET /api/users/{id}", perf.Latency{Max: time.Second, Percentile: 99}))
	for i := range 1000 {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", fmt.Sprintf("/api/users/%d", i), nil))
	}
	col.Check()
	for _, r := range perfhttp.RoutesFor(col) {
		for _, c := range r.Contracts {
			fmt.Println(c.ID, c.Status, c.Samples)
		}
	}
	// Output:
	// latency@p99:GET /api/users/{id} passed 1000
}

// Handler serves the routes as JSON, for choragen's dashboard and curl
// (and with ?format=prometheus, in Prometheus's text format).
func ExampleHandler() {
	col := perf.NewCollector(perf.CollectorOpts{})
	mux := newMux()
	mux.Handle("GET /debug/perf", perfhttp.HandlerFor(col))
	srv := httptest.NewServer(perfhttp.MiddlewareFor(col, mux))
	defer srv.Close()
	send(srv.Client(), "GET", srv.URL+"/api/users/7")

	resp, err := srv.Client().Get(srv.URL + "/debug/perf")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	var body struct{ Routes []perfhttp.RouteStats }
	json.NewDecoder(resp.Body).Decode(&body)
	for _, r := range body.Routes {
		fmt.Println(r.Route, r.Count, r.Unit, r.Status)
	}
	// Output:
	// GET /api/users/{id} 1 ms none
}

// Transport counts a client's requests, per scope, with how each got its
// connection.
func ExampleTransport() {
	srv := httptest.NewServer(newMux())
	defer srv.Close()
	base := &http.Transport{}
	defer base.CloseIdleConnections()
	client := &http.Client{Transport: perfhttp.Transport(base)}

	scope := perfhttp.NewScope(context.Background())
	for i := range 3 {
		req, _ := http.NewRequestWithContext(scope.Context(), "GET", fmt.Sprintf("%s/api/users/%d", srv.URL, i), nil)
		resp, err := client.Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	c := scope.Counts()
	fmt.Printf("%d requests, %d new connection, %d reused\n", c.Requests, c.NewConns, c.ReusedConns)
	// Output:
	// 3 requests, 1 new connection, 2 reused
}

// loop stands for the *testing.B of a benchmark that runs 10 iterations.
type loop struct{ i int }

func (l *loop) Loop() bool { l.i++; return l.i <= 10 }
func (l *loop) ReportMetric(n float64, unit string) {
	if unit == perfhttp.RequestsUnit {
		fmt.Println(n, unit)
	}
}

// BenchRequests reports requests/op from a benchmark, the metric choragen
// judges //perf:requests max= on. Here a fake b stands for *testing.B (with
// a real one, the first report also prints the unit's metadata line,
// "Unit requests/op assume=exact better=lower").
func ExampleBenchRequests() {
	srv := httptest.NewServer(newMux())
	defer srv.Close()
	client := &http.Client{Transport: perfhttp.Transport(nil)}
	var b perfhttp.Looper = &loop{} // func BenchmarkX(b *testing.B) { ... }
	perfhttp.BenchRequests(b, func() {
		send(client, "GET", srv.URL+"/api/users/1")
		send(client, "GET", srv.URL+"/health")
	})
	// Output:
	// 2 requests/op
}
