package perfhttp

import (
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"slices"
	"strconv"

	"github.com/choragen/choragen/internal/pattern"
	"github.com/choragen/choragen/perf"
)

// An Option changes what a middleware measures and judges.
type Option interface {
	apply(*settings)
	validate() error
}

type settings struct {
	routes    []codeRoute
	routeFunc func(*http.Request) string
	maxRoutes int
}

// codeRoute is a contract given to routes in code, with Route.
type codeRoute struct {
	pattern *pattern.Pattern
	limits  []perf.Limit
	source  string // "file:line" of the Route call
}

func (r codeRoute) same(o codeRoute) bool {
	return r.pattern.String() == o.pattern.String() && slices.Equal(r.limits, o.limits)
}

type routeOption struct {
	r   codeRoute
	err error
}

func (o routeOption) apply(s *settings) { s.routes = append(s.routes, o.r) }
func (o routeOption) validate() error   { return o.err }

// Route gives the routes that pattern selects a contract in code: one or
// more latency limits, judged on every request the route serves.
//
//	perfhttp.Middleware(mux,
//		perfhttp.Route("GET /api/users/{id}", perf.Latency{Max: 100 * time.Millisecond, Percentile: 95}),
//		perfhttp.Route("GET /api/**", perf.MeanLatency{Max: 50 * time.Millisecond}))
//
// The pattern is a ServeMux pattern as registered ("GET /api/users/{id}",
// "/health"; wildcard names do not matter) in which "*" matches within a
// path segment and "**" across segments, as in choragen's configuration.
// A route takes the limits of the most specific Route that selects it (the
// later one on a tie), and then none from the configuration: code beats
// config (DESIGN.md).
//
// A Latency without a percentile judges every request on its own; with one,
// the percentile of the requests of a window (perf.Contract); a
// perf.MeanLatency judges their mean. Route takes perf.Latency and
// perf.MeanLatency limits (a middleware cannot measure a request's memory);
// a malformed pattern or limit makes Middleware panic, as ServeMux.Handle
// does with a malformed pattern.
func Route(pattern string, limits ...perf.Limit) Option {
	o := routeOption{}
	if _, file, line, ok := runtime.Caller(1); ok {
		o.r.source = file + ":" + strconv.Itoa(line)
	}
	o.err = o.r.set(pattern, limits)
	return o
}

func (r *codeRoute) set(s string, limits []perf.Limit) error {
	p, err := pattern.ParseRoute(s)
	if err != nil {
		return fmt.Errorf("perfhttp.Route: %w", err)
	}
	r.pattern = p
	if len(limits) == 0 {
		return fmt.Errorf("perfhttp.Route(%q): no limit", s)
	}
	for _, l := range limits {
		switch l.(type) {
		case perf.Latency, perf.MeanLatency:
		default:
			return fmt.Errorf("perfhttp.Route(%q): %T is not a latency limit", s, l)
		}
	}
	// Declaring the contract on a collector of its own checks the limits
	// now, not at the route's first request.
	if _, err := perf.NewCollector(perf.CollectorOpts{}).NewContractAt("GET /", perf.Declaration{}, limits...); err != nil {
		return fmt.Errorf("perfhttp.Route(%q): %w", s, err)
	}
	r.limits = slices.Clone(limits)
	return nil
}

type routeFuncOption func(*http.Request) string

func (o routeFuncOption) apply(s *settings) { s.routeFunc = o }
func (o routeFuncOption) validate() error {
	if o == nil {
		return errors.New("perfhttp.RouteFunc: nil function")
	}
	return nil
}

// RouteFunc names the route of a request for handlers that are not a
// ServeMux (which sets Request.Pattern): f is called after the handler
// returns, with the request the middleware was given, and returns the
// route as a pattern ("GET /api/users/{id}"), or "" when the request
// matched no route. It must be cheap and must not return raw paths: every
// distinct name is a histogram. For example, with chi:
//
//	perfhttp.RouteFunc(func(r *http.Request) string {
//		return r.Method + " " + chi.RouteContext(r.Context()).RoutePattern()
//	})
func RouteFunc(f func(r *http.Request) string) Option { return routeFuncOption(f) }

type maxRoutesOption int

func (o maxRoutesOption) apply(s *settings) { s.maxRoutes = max(s.maxRoutes, int(o)) }
func (o maxRoutesOption) validate() error {
	if o < 1 {
		return fmt.Errorf("perfhttp.MaxRoutes(%d): want at least 1", int(o))
	}
	return nil
}

// DefaultMaxRoutes is how many routes a collector's middlewares measure
// apart unless MaxRoutes says otherwise; requests of further routes share
// the Overflow bucket.
const DefaultMaxRoutes = 256

// MaxRoutes sets how many routes are measured apart, each with its own
// histogram (about 9.5 KiB per CPU, up to 8 CPUs): a bound on memory
// whatever the handler reports as its route. The largest MaxRoutes that
// any middleware of a collector asked for holds for all of them
// (DefaultMaxRoutes when none did).
func MaxRoutes(n int) Option { return maxRoutesOption(n) }
