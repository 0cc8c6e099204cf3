//go:build acceptance

package perfhttp_test

import (
	"flag"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/choragen/choragen/perf"
	"github.com/choragen/choragen/perf/perfhttp"
)

// TestAcceptanceMiddlewareOverhead checks the goal of BENCHMARKS.md in
// CI: around the same ServeMux, the middleware with a p95 route contract
// is no slower than promhttp's InstrumentHandlerDuration (its cheapest
// form, without labels), and adds no allocation to the bare ServeMux. The
// two run alternately and the medians of 5 rounds are compared, so that a
// noisy neighbour slows both alike; 10% is left for noise.
func TestAcceptanceMiddlewareOverhead(t *testing.T) {
	bt := flag.Lookup("test.benchtime")
	old := bt.Value.String()
	bt.Value.Set("100ms")
	defer bt.Value.Set(old)

	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/users/{id}", func(w http.ResponseWriter, r *http.Request) {})
	prom := promhttp.InstrumentHandlerDuration(prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "d", Buckets: prometheus.DefBuckets}, nil), mux)
	ours := perfhttp.MiddlewareFor(perf.NewCollector(perf.CollectorOpts{}), mux,
		perfhttp.Route("GET /api/**", perf.Latency{Max: time.Second, Percentile: 95}))
	bench := func(h http.Handler) func(b *testing.B) {
		return func(b *testing.B) {
			b.ReportAllocs()
			req := httptest.NewRequest("GET", "/api/users/42", nil)
			w := httptest.NewRecorder()
			for b.Loop() {
				h.ServeHTTP(w, req)
			}
		}
	}
	bare := testing.Benchmark(bench(mux))
	var proms, ourss []float64
	for range 5 {
		rp, ro := testing.Benchmark(bench(prom)), testing.Benchmark(bench(ours))
		if ro.AllocsPerOp() != bare.AllocsPerOp() {
			t.Errorf("perfhttp: %d allocs/op, the bare ServeMux %d", ro.AllocsPerOp(), bare.AllocsPerOp())
		}
		proms = append(proms, float64(rp.NsPerOp()))
		ourss = append(ourss, float64(ro.NsPerOp()))
	}
	slices.Sort(proms)
	slices.Sort(ourss)
	p, o := proms[len(proms)/2], ourss[len(ourss)/2]
	t.Logf("median promhttp %.0f ns/op, perfhttp %.0f ns/op: %.2f×", p, o, o/p)
	if o > 1.1*p {
		t.Errorf("perfhttp costs %.2f× promhttp (%.0f vs %.0f ns/op), want at most 1.1×", o/p, o, p)
	}
}
