package perfhttp

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/choragen/choragen/perf"
)

// RouteStats is what a route's requests measured so far, with the verdicts
// of its contract. Times are in milliseconds, read from the route's
// histogram (within 1.6%).
type RouteStats struct {
	// Route is the route as registered ("GET /api/users/{id}"), or
	// Unmatched or Overflow.
	Route string  `json:"route"`
	Count uint64  `json:"count"`
	Mean  float64 `json:"mean"`
	P50   float64 `json:"p50"`
	P95   float64 `json:"p95"`
	P99   float64 `json:"p99"`
	Max   float64 `json:"max"`
	Unit  string  `json:"unit"`
	// Status sums up the contract: "failed" when a limit failed, else
	// "unmeasured" when one is not judged yet, else "passed"; "none"
	// when the route has no contract.
	Status string `json:"status"`
	// Contracts are the verdicts of the route's limits.
	Contracts []ContractStats `json:"contracts,omitempty"`
}

// ContractStats is the verdict of one limit of a route's contract
// (perf.Verdict), in the report's units.
type ContractStats struct {
	ID         string  `json:"id"`
	Statistic  string  `json:"statistic"`
	Threshold  float64 `json:"threshold"`
	Percentile float64 `json:"percentile,omitempty"`
	Status     string  `json:"status"`
	Measured   float64 `json:"measured"`
	Samples    int     `json:"samples"`
	Violations int     `json:"violations"`
	Reason     string  `json:"reason,omitempty"`
	Origin     string  `json:"origin"`
	Source     string  `json:"source,omitempty"`
}

// Routes returns the routes measured in perf.Default (RoutesFor).
func Routes() []RouteStats { return RoutesFor(perf.Default) }

// RoutesFor returns the routes that the middlewares of c measured, sorted
// by route. The verdicts are those of the windows judged so far
// (perf.Contract.Verdicts); perf.Flush judges the last one.
func RoutesFor(c *perf.Collector) []RouteStats {
	t, ok := tables.Load(c)
	if !ok {
		return []RouteStats{}
	}
	routes := t.(*table).snapshot()
	out := make([]RouteStats, 0, len(routes))
	for _, r := range routes {
		h := r.hist
		s := RouteStats{
			Route: r.name, Count: h.Count(), Unit: "ms",
			Mean: ms(h.Mean()), P50: ms(h.Quantile(50)), P95: ms(h.Quantile(95)), P99: ms(h.Quantile(99)), Max: ms(h.Max()),
			Status: "none",
		}
		for _, v := range r.contract.Verdicts() {
			s.Contracts = append(s.Contracts, ContractStats{
				ID: v.ID, Statistic: v.Statistic, Threshold: v.Threshold, Percentile: v.Percentile,
				Status: v.Status, Measured: v.Measured, Samples: v.Samples, Violations: v.Violations,
				Reason: v.Reason, Origin: v.Origin, Source: v.Source,
			})
			switch {
			case v.Status == perf.StatusFailed:
				s.Status = v.Status
			case v.Status == perf.StatusUnmeasured && s.Status != perf.StatusFailed:
				s.Status = v.Status
			case s.Status == "none":
				s.Status = v.Status
			}
		}
		out = append(out, s)
	}
	return out
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// Handler serves the routes measured in perf.Default (HandlerFor).
func Handler() http.Handler { return HandlerFor(perf.Default) }

// HandlerFor serves the routes that the middlewares of c measured, for
// choragen's dashboard and for curl: by default as JSON,
//
//	{"routes": [{"route": "GET /api/users/{id}", "count": 412, "mean": 1.9,
//	             "p50": 1.2, "p95": 4.8, "p99": 9.6, "max": 31, "unit": "ms",
//	             "status": "passed",
//	             "contracts": [{"id": "latency@p95:GET /api/users/{id}", "statistic": "p95",
//	                            "threshold": 100, "percentile": 95, "status": "passed",
//	                            "measured": 4.8, "samples": 412, "violations": 0,
//	                            "origin": "config", "source": ".choragen/performance.yaml:7"}]}]}
//
// and with ?format=prometheus in Prometheus's text format (0.0.4): a
// summary per route, http_request_duration_seconds{route="..."} with
// quantiles 0.5, 0.95 and 0.99 over the life of the process, _sum and
// _count, written by this package without a Prometheus dependency.
// It answers GET and HEAD only.
func HandlerFor(c *perf.Collector) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		routes := RoutesFor(c)
		switch f := r.URL.Query().Get("format"); f {
		case "", "json":
			w.Header().Set("Content-Type", "application/json")
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			enc.Encode(struct {
				Routes []RouteStats `json:"routes"`
			}{routes})
		case "prometheus":
			w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
			writePrometheus(w, routes)
		default:
			http.Error(w, fmt.Sprintf("unknown format %q (want json or prometheus)", f), http.StatusBadRequest)
		}
	})
}

// writePrometheus writes the routes as one summary in Prometheus's text
// exposition format.
func writePrometheus(w io.Writer, routes []RouteStats) {
	const name = "http_request_duration_seconds"
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "# HELP %s Time to serve a request, per route, as measured by perfhttp.\n", name)
	fmt.Fprintf(b, "# TYPE %s summary\n", name)
	for _, r := range routes {
		label := `route="` + escapeLabel(r.Route) + `"`
		for _, q := range [...]struct {
			q string
			v float64
		}{{"0.5", r.P50}, {"0.95", r.P95}, {"0.99", r.P99}} {
			fmt.Fprintf(b, "%s{%s,quantile=\"%s\"} %s\n", name, label, q.q, seconds(q.v))
		}
		fmt.Fprintf(b, "%s_sum{%s} %s\n", name, label, seconds(r.Mean*float64(r.Count)))
		fmt.Fprintf(b, "%s_count{%s} %d\n", name, label, r.Count)
	}
	b.Flush()
}

func seconds(ms float64) string { return strconv.FormatFloat(ms/1e3, 'g', -1, 64) }

// escapeLabel escapes a label value as the text format wants: backslash,
// double quote and line feed.
var escapeLabel = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace
