// Package perfhttp holds HTTP code to performance contracts: a server
// middleware that measures latency per route and judges each route's
// contract, a handler that serves what it measured, and a client
// RoundTripper that counts outbound requests.
//
// # Server
//
//  1. Wrap the ServeMux: Middleware(mux) (perf.Default) or
//     MiddlewareFor(collector, mux). A request is measured under its
//     route, the pattern the ServeMux matched ("GET /api/users/{id}", as
//     registered), never its raw path, so memory stays bounded (at most
//     MaxRoutes routes; requests without a route share the Unmatched
//     bucket).
//  2. Routes get contracts from code, Route("GET /api/**",
//     perf.Latency{Max: 100 * time.Millisecond, Percentile: 95}), or from
//     choragen's configuration, whose rules `choragen perf` passes to test
//     processes in $CHORAGEN_PERF_RULES (perf.RulesEnv). The most specific
//     pattern wins; code beats config. A configuration latency rule
//     without a percentile judges the mean (perf.MeanLatency).
//  3. Each route's contract is a perf.Contract whose target is the route:
//     breaches become perf.Violations in the collector, and perf.Flush
//     (perftest.Main in tests) reports every route's verdict, passed or
//     not, to choragen.
//  4. Handler serves the routes' percentiles, counts and verdicts as JSON,
//     or in Prometheus's text format.
//
// The route is read from Request.Pattern once the handler has returned,
// because ServeMux sets it while routing. Put the middleware directly
// around the ServeMux: a middleware in between that passes on a copy of
// the request (r.WithContext) hides the pattern, and such requests count
// as Unmatched. RouteFunc names routes for other routers.
//
// # Client
//
// Transport(next) counts the requests a client sends, in the whole
// process (Total) and in the Scope of the request's context, with how each
// got its connection (new or reused, DNS lookups, TLS handshakes). In a
// benchmark, BenchRequests (or ReportPerOp) reports requests/op, the
// exact count that choragen judges //perf:requests max= on.
//
// docs/perfhttp.md in the repository says more: where routes' contracts
// come from, what the middleware costs beside promhttp, and what it cannot
// see.
package perfhttp
