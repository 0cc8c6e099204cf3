package perfhttp

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/choragen/choragen/internal/race"
	"github.com/choragen/choragen/perf"
)

// newCollector returns a collector of the test's own, so that its routes
// are too: tables are per collector.
func newCollector() *perf.Collector {
	return perf.NewCollector(perf.CollectorOpts{Window: time.Hour})
}

func newMux() *http.ServeMux {
	mux := http.NewServeMux()
	ok := func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }
	mux.HandleFunc("GET /api/users/{id}", ok)
	mux.HandleFunc("POST /api/users", ok)
	mux.HandleFunc("/health", ok)
	mux.HandleFunc("GET /slow", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(5 * time.Millisecond) // at least: breaks any limit under 5ms
	})
	return mux
}

func serve(h http.Handler, method, path string) int {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	return rec.Code
}

func routeCounts(c *perf.Collector) map[string]uint64 {
	got := map[string]uint64{}
	for _, r := range RoutesFor(c) {
		got[r.Route] = r.Count
	}
	return got
}

func TestMiddlewareRoutes(t *testing.T) {
	col := newCollector()
	h := MiddlewareFor(col, newMux())
	for i := range 50 {
		serve(h, "GET", fmt.Sprintf("/api/users/%d", i)) // 50 raw paths, one route
	}
	serve(h, "HEAD", "/api/users/7") // HEAD is served by the GET pattern
	serve(h, "POST", "/api/users")
	serve(h, "DELETE", "/health")
	serve(h, "GET", "/nope")           // 404
	serve(h, "DELETE", "/api/users")   // 405
	serve(h, "GET", "/api/users/../x") // cleaned, redirected
	got := routeCounts(col)
	want := map[string]uint64{
		"GET /api/users/{id}": 51,
		"POST /api/users":     1,
		"/health":             1,
		Unmatched:             3,
	}
	for route, n := range want {
		if got[route] != n {
			t.Errorf("route %q counted %d requests, want %d (all: %v)", route, got[route], n, got)
		}
	}
	if len(got) != len(want) {
		t.Errorf("routes %v; want exactly %v (never a raw path)", got, want)
	}
}

// TestMiddlewareNotServeMux: a handler that is not a ServeMux sets no
// pattern; its requests share one bucket unless RouteFunc names them.
func TestMiddlewareNotServeMux(t *testing.T) {
	plain := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})
	col := newCollector()
	h := MiddlewareFor(col, plain)
	for i := range 10 {
		serve(h, "GET", fmt.Sprintf("/x/%d", i))
	}
	if got := routeCounts(col); len(got) != 1 || got[Unmatched] != 10 {
		t.Errorf("routes %v; want the 10 requests as %s", got, Unmatched)
	}

	col = newCollector()
	h = MiddlewareFor(col, plain, RouteFunc(func(r *http.Request) string {
		if strings.HasPrefix(r.URL.Path, "/x/") {
			return r.Method + " /x/{n}"
		}
		return ""
	}))
	serve(h, "GET", "/x/1")
	serve(h, "GET", "/x/2")
	serve(h, "GET", "/y")
	if got := routeCounts(col); got["GET /x/{n}"] != 2 || got[Unmatched] != 1 {
		t.Errorf("routes %v; want GET /x/{n} twice, one unmatched", got)
	}
}

// TestMiddlewareCopiedRequest: a middleware between this one and the
// ServeMux that passes on a copy of the request hides the pattern.
func TestMiddlewareCopiedRequest(t *testing.T) {
	col := newCollector()
	mux := newMux()
	copying := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mux.ServeHTTP(w, r.WithContext(r.Context()))
	})
	serve(MiddlewareFor(col, copying), "GET", "/health")
	serve(copying, "GET", "/health")
	if got := routeCounts(col); got[Unmatched] != 1 {
		t.Errorf("routes %v; the copied request should count as %s", got, Unmatched)
	}
	// Inside the copy, it sees the route.
	col = newCollector()
	inner := MiddlewareFor(col, mux)
	serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inner.ServeHTTP(w, r.WithContext(r.Context()))
	}), "GET", "/health")
	if got := routeCounts(col); got["/health"] != 1 {
		t.Errorf("routes %v; want /health", got)
	}
}

func TestMaxRoutes(t *testing.T) {
	col := newCollector()
	h := MiddlewareFor(col, http.NotFoundHandler(), MaxRoutes(3), RouteFunc(func(r *http.Request) string {
		return r.URL.Path // what a careless RouteFunc does: raw paths
	}))
	for i := range 100 {
		serve(h, "GET", fmt.Sprintf("/%d", i))
	}
	serve(h, "GET", "/1")
	got := routeCounts(col)
	if len(got) != 4 || got[Overflow] != 97 || got["/1"] != 2 {
		t.Errorf("routes %v; want 3 routes and %s with the other 97 requests", got, Overflow)
	}
}

func TestRouteContracts(t *testing.T) {
	col := newCollector()
	h := MiddlewareFor(col, newMux(),
		Route("GET /slow", perf.Latency{Max: time.Millisecond}),
		Route("GET /api/**", perf.Latency{Max: time.Minute, Percentile: 95}),
		Route("GET /api/users/{userID}", perf.MeanLatency{Max: time.Minute}))
	for range 3 {
		serve(h, "GET", "/slow")
	}
	for i := range 30 {
		serve(h, "GET", fmt.Sprintf("/api/users/%d", i))
	}
	serve(h, "GET", "/health")
	col.Check()

	byID := map[string]ContractStats{}
	for _, r := range RoutesFor(col) {
		for _, c := range r.Contracts {
			byID[c.ID] = c
			if c.Origin != "code" || !strings.Contains(c.Source, "middleware_test.go:") {
				t.Errorf("%s declared at %s %s; want code at middleware_test.go", c.ID, c.Origin, c.Source)
			}
		}
		if r.Route == "/health" && (r.Status != "none" || len(r.Contracts) != 0) {
			t.Errorf("/health has a contract: %+v", r)
		}
	}
	if c := byID["latency:GET /slow"]; c.Status != perf.StatusFailed || c.Violations != 3 || c.Measured < 5 {
		t.Errorf("GET /slow: %+v; want failed 3 times, measured ≥ 5ms", c)
	}
	// The most specific Route wins: the mean, not the p95.
	if c := byID["latency:GET /api/users/{id}"]; c.Status != perf.StatusPassed || c.Statistic != "mean" || c.Samples != 30 {
		t.Errorf("GET /api/users/{id}: %+v; want a passed mean over 30 requests", c)
	}
	if _, ok := byID["latency@p95:GET /api/users/{id}"]; ok {
		t.Errorf("the less specific Route also applies")
	}
	vs := col.Violations()
	if len(vs) != 3 || vs[0].Target != "GET /slow" {
		t.Errorf("violations %v; want 3 of GET /slow", vs)
	}
}

// TestMiddlewaresShareRoutes: the servers of several tests measure one
// contract per route.
func TestMiddlewaresShareRoutes(t *testing.T) {
	col := newCollector()
	opt := Route("GET /api/**", perf.MeanLatency{Max: time.Minute})
	for range 3 {
		h := MiddlewareFor(col, newMux(), opt)
		serve(h, "GET", "/api/users/1")
	}
	routes := RoutesFor(col)
	if len(routes) != 1 || routes[0].Count != 3 || len(routes[0].Contracts) != 1 {
		t.Errorf("routes %+v; want one route with 3 requests and one contract", routes)
	}
}

func TestMiddlewarePanics(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    func()
		want string
	}{
		{"bad wildcard", func() { Middleware(newMux(), Route("GET /x/{1d}", perf.Latency{Max: 1})) }, `bad wildcard name "1d"`},
		{"bad method", func() { Middleware(newMux(), Route("get /x", perf.Latency{Max: 1})) }, `unknown HTTP method "get"`},
		{"not a route", func() { Middleware(newMux(), Route("api/*", perf.Latency{Max: 1})) }, "not a route pattern"},
		{"no limit", func() { Middleware(newMux(), Route("GET /x")) }, "no limit"},
		{"memory limit", func() { Middleware(newMux(), Route("GET /x", perf.Allocs{Max: 1})) }, "perf.Allocs is not a latency limit"},
		{"bad limit", func() { Middleware(newMux(), Route("GET /x", perf.Latency{})) }, "max must be positive"},
		{"max routes", func() { Middleware(newMux(), MaxRoutes(0)) }, "MaxRoutes(0)"},
		{"nil route func", func() { Middleware(newMux(), RouteFunc(nil)) }, "nil function"},
		{"nil handler", func() { Middleware(nil) }, "nil handler"},
		{"nil collector", func() { MiddlewareFor(nil, newMux()) }, "nil collector"},
		{"declared twice", func() {
			col := newCollector()
			MiddlewareFor(col, newMux(), Route("GET /x", perf.Latency{Max: 1}))
			MiddlewareFor(col, newMux(), Route("GET /x", perf.Latency{Max: 2}))
		}, "declared with other limits"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				r := recover()
				if r == nil || !strings.Contains(fmt.Sprint(r), tc.want) {
					t.Errorf("panic %v; want one saying %q", r, tc.want)
				}
			}()
			tc.f()
		})
	}
}

// writeRules writes a rules file as choragen does and points
// $CHORAGEN_PERF_RULES at it for the test.
func writeRules(t *testing.T, data string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "rules.json")
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv(perf.RulesEnv, path)
}

// The rules of examples/shop/.choragen/performance.yaml, as choragen
// writes them.
const shopRules = `{"rules": [
	{"pattern": "", "section": "latency", "metric": "latency", "max": 50, "unit": "ms", "source": ".choragen/performance.yaml:5"},
	{"pattern": "catalog/*", "section": "latency", "metric": "latency", "max": 50, "unit": "ms", "source": ".choragen/performance.yaml:7"},
	{"pattern": "GET /api/**", "section": "latency", "metric": "latency", "max": 100, "unit": "ms", "percentile": 95, "source": ".choragen/performance.yaml:8"}]}`

func TestConfigRules(t *testing.T) {
	writeRules(t, shopRules)
	col := newCollector()
	h := MiddlewareFor(col, newMux(), Route("/health", perf.Latency{Max: time.Minute}))
	for i := range 200 {
		serve(h, "GET", fmt.Sprintf("/api/users/%d", i))
	}
	for range 20 {
		serve(h, "POST", "/api/users")
	}
	serve(h, "GET", "/health")
	serve(h, "GET", "/nope")
	col.Check()
	type want struct{ id, status, origin, source string }
	got := map[string]want{}
	for _, r := range RoutesFor(col) {
		for _, c := range r.Contracts {
			src := c.Source
			if c.Origin == "code" {
				src = filepath.Base(src[:strings.LastIndexByte(src, ':')])
			}
			got[r.Route] = want{c.ID, c.Status, c.Origin, src}
		}
	}
	for route, w := range map[string]want{
		"GET /api/users/{id}": {"latency@p95:GET /api/users/{id}", perf.StatusPassed, "config", ".choragen/performance.yaml:8"},
		"POST /api/users":     {"latency:POST /api/users", perf.StatusPassed, "config", ".choragen/performance.yaml:5"},
		"/health":             {"latency:/health", perf.StatusPassed, "code", "middleware_test.go"}, // code beats config
	} {
		if got[route] != w {
			t.Errorf("%s: %+v, want %+v", route, got[route], w)
		}
	}
	if _, ok := got[Unmatched]; ok {
		t.Errorf("unmatched requests have a contract: %+v", got[Unmatched])
	}
}

// TestRulesErrors: rules that cannot be read leave routes without a
// contract and say why on stderr, once.
func TestRulesErrors(t *testing.T) {
	writeRules(t, `{"rules": [{"pattern": "GET /{", "section": "latency", "metric": "latency", "max": 1, "unit": "ms", "source": "p.yaml:3"}]}`)
	col := newCollector()
	stderr := captureStderr(t, func() {
		h := MiddlewareFor(col, newMux())
		serve(h, "GET", "/health")
		serve(h, "POST", "/api/users")
	})
	if n := strings.Count(stderr, "perfhttp: rule at p.yaml:3: bad pattern"); n != 1 {
		t.Errorf("stderr %q; want the bad pattern once", stderr)
	}
	for _, r := range RoutesFor(col) {
		if len(r.Contracts) != 0 {
			t.Errorf("%s has a contract", r.Route)
		}
	}
}

func captureStderr(t *testing.T, f func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stderr
	os.Stderr = w
	defer func() { os.Stderr = old }()
	f()
	w.Close()
	data := make([]byte, 1<<16)
	n, _ := r.Read(data)
	return string(data[:n])
}

// TestMiddlewareConcurrent serves routes from many goroutines while the
// routes are read, for the race detector.
func TestMiddlewareConcurrent(t *testing.T) {
	col := newCollector()
	h := MiddlewareFor(col, newMux(), Route("GET /api/**", perf.Latency{Max: time.Minute, Percentile: 99}))
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				serve(h, "GET", fmt.Sprintf("/api/users/%d", i))
				if i%50 == g {
					RoutesFor(col)
					col.Check()
				}
			}
		})
	}
	wg.Wait()
	if got := routeCounts(col); got["GET /api/users/{id}"] != 1600 {
		t.Errorf("routes %v; want 1600 requests", got)
	}
}

// TestMiddlewareZeroAllocs: the middleware adds no allocation to a
// request once its route is known.
func TestMiddlewareZeroAllocs(t *testing.T) {
	if race.Enabled {
		t.Skip("allocation counts differ under -race")
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/users/{id}", func(w http.ResponseWriter, r *http.Request) {})
	h := MiddlewareFor(newCollector(), mux, Route("GET /api/**", perf.Latency{Max: time.Minute, Percentile: 95}))
	req := httptest.NewRequest("GET", "/api/users/42", nil)
	w := httptest.NewRecorder()
	bare := testing.AllocsPerRun(1000, func() { mux.ServeHTTP(w, req) })
	with := testing.AllocsPerRun(1000, func() { h.ServeHTTP(w, req) })
	if with != bare {
		t.Errorf("a request allocates %v times with the middleware, %v without", with, bare)
	}
}
