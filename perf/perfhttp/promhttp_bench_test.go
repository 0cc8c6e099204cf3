package perfhttp_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/choragen/choragen/perf"
	"github.com/choragen/choragen/perf/perfhttp"
)

// BenchmarkMiddleware compares the middleware with promhttp's
// InstrumentHandlerDuration around the same ServeMux and handler, the
// goal of BENCHMARKS.md: no slower, and no allocation added.
//
//	go test -run '^$' -bench 'Middleware' -count 10 ./perf/perfhttp
//
// Beside ns/op it reports cpu-ns/op, the process's CPU time per request,
// which a shared machine disturbs less than wall time.
//
// The cases:
//   - bare: the ServeMux alone;
//   - promhttp: InstrumentHandlerDuration with a histogram without labels,
//     its cheapest use (and one that cannot tell routes apart);
//   - promhttp-labels: with the "code" and "method" labels, as its
//     documentation shows (it then wraps the ResponseWriter);
//   - perfhttp: the route's histogram only;
//   - perfhttp-contract: the route also has a p95 contract.
//
// Prometheus is used here, in a test file, only: perfhttp itself does not
// import it.
func BenchmarkMiddleware(b *testing.B) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/users/{id}", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
	})
	req := httptest.NewRequest("GET", "/api/users/42", nil)
	newHist := func(labels ...string) *prometheus.HistogramVec {
		return prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "http_request_duration_seconds", Buckets: prometheus.DefBuckets,
		}, labels)
	}
	for _, tc := range []struct {
		name string
		h    http.Handler
	}{
		{"bare", mux},
		{"promhttp", promhttp.InstrumentHandlerDuration(newHist(), mux)},
		{"promhttp-labels", promhttp.InstrumentHandlerDuration(newHist("code", "method"), mux)},
		{"perfhttp", perfhttp.MiddlewareFor(perf.NewCollector(perf.CollectorOpts{}), mux)},
		{"perfhttp-contract", perfhttp.MiddlewareFor(perf.NewCollector(perf.CollectorOpts{}), mux,
			perfhttp.Route("GET /api/**", perf.Latency{Max: time.Second, Percentile: 95}))},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			w := httptest.NewRecorder()
			cpu := cpuTime()
			for b.Loop() {
				tc.h.ServeHTTP(w, req)
			}
			reportCPU(b, cpuTime()-cpu)
		})
	}
}

// reportCPU reports the process's CPU time per operation as cpu-ns/op,
// when it is measured.
func reportCPU(b *testing.B, d time.Duration) {
	if d > 0 && b.N > 0 {
		b.ReportMetric(float64(d)/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkMiddlewareParallel is BenchmarkMiddleware with every CPU
// serving requests to one route at once: the contention case.
func BenchmarkMiddlewareParallel(b *testing.B) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/users/{id}", func(w http.ResponseWriter, r *http.Request) {})
	for _, tc := range []struct {
		name string
		h    http.Handler
	}{
		{"promhttp", promhttp.InstrumentHandlerDuration(prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "d", Buckets: prometheus.DefBuckets}, nil), mux)},
		{"perfhttp", perfhttp.MiddlewareFor(perf.NewCollector(perf.CollectorOpts{}), mux,
			perfhttp.Route("GET /api/**", perf.Latency{Max: time.Second, Percentile: 95}))},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuTime()
			defer func() { reportCPU(b, cpuTime()-cpu) }()
			b.RunParallel(func(pb *testing.PB) {
				req := httptest.NewRequest("GET", "/api/users/42", nil)
				w := httptest.NewRecorder()
				for pb.Next() {
					tc.h.ServeHTTP(w, req)
				}
			})
		})
	}
}
