package api

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/choragen/choragen/perf/perfhttp"
	"github.com/choragen/choragen/perf/perftest"
)

// TestMain writes what perf measured for choragen when the tests end: the
// routes' contracts that TestLoad exercised, passed or not.
func TestMain(m *testing.M) { perftest.Main(m) }

// TestLoad drives the API under load through perfhttp.Middleware, the way
// a deployment would wrap it: 8 clients send 800 requests over a real
// connection. Run by `choragen perf`, each route takes its contract from
// .choragen/performance.yaml ("GET /api/**": p95 within 100ms; the
// default, a 50ms mean, for POST /api/quote), and the report lists each
// route's verdict.
func TestLoad(t *testing.T) {
	s, ps := newServer(t)
	srv := httptest.NewServer(perfhttp.Middleware(s.Handler()))
	defer srv.Close()
	base := srv.Client().Transport.(*http.Transport).Clone()
	base.MaxIdleConnsPerHost = 8
	defer base.CloseIdleConnections()
	client := &http.Client{Transport: perfhttp.Transport(base)}

	// 250 requests for each GET route (a p95 needs 200), 50 quotes.
	type request struct{ method, path, body string }
	var reqs []request
	for i := range 250 {
		reqs = append(reqs,
			request{"GET", "/api/products/" + ps[(i*37)%len(ps)].SKU, ""},
			request{"GET", fmt.Sprintf("/api/search?q=%s&limit=10", []string{"mug", "lamp", "desk", "pen"}[i%4]), ""},
			request{"GET", fmt.Sprintf("/api/customers/%d/orders", i%20+1), ""})
		if i%5 == 0 {
			reqs = append(reqs, request{"POST", "/api/quote", fmt.Sprintf(`{"Region":"EU","Lines":[{"SKU":%q,"PriceCents":%d,"Qty":2}]}`, ps[i].SKU, 100+i)})
		}
	}
	scope := perfhttp.NewScope(context.Background())
	work := make(chan request)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for rq := range work {
				req, err := http.NewRequestWithContext(scope.Context(), rq.method, srv.URL+rq.path, strings.NewReader(rq.body))
				if err != nil {
					t.Error(err)
					continue
				}
				resp, err := client.Do(req)
				if err != nil {
					t.Error(err)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					t.Errorf("%s %s: %s", rq.method, rq.path, resp.Status)
				}
			}
		})
	}
	for _, rq := range reqs {
		work <- rq
	}
	close(work)
	wg.Wait()

	if got := scope.Counts(); got.Requests != int64(len(reqs)) || got.NewConns > 8 {
		t.Errorf("the clients counted %+v; want %d requests over at most 8 connections", got, len(reqs))
	}
	counts := map[string]uint64{}
	for _, r := range perfhttp.Routes() {
		counts[r.Route] = r.Count
	}
	for route, want := range map[string]uint64{
		"GET /api/products/{sku}":        250,
		"GET /api/search":                250,
		"GET /api/customers/{id}/orders": 250,
		"POST /api/quote":                50,
	} {
		if counts[route] != want {
			t.Errorf("route %s measured %d requests, want %d (all: %v)", route, counts[route], want, counts)
		}
	}
}
