package perfhttp

import (
	"net/http"
	"time"

	"github.com/choragen/choragen/perf"
)

// epoch anchors the monotonic clock: time.Since(epoch) reads only the
// monotonic clock, where time.Now reads the wall clock too.
var epoch = time.Now()

// Middleware measures the requests next serves, per route, in perf.Default
// (MiddlewareFor with perf.Default). It is the zero-configuration form:
// routes take their contracts from Route options and from the
// configuration rules choragen passes in $CHORAGEN_PERF_RULES.
//
//	mux := http.NewServeMux()
//	mux.HandleFunc("GET /api/users/{id}", getUser)
//	http.ListenAndServe(addr, perfhttp.Middleware(mux))
func Middleware(next http.Handler, opts ...Option) http.Handler {
	return MiddlewareFor(perf.Default, next, opts...)
}

// MiddlewareFor measures the requests next serves, per route, and records
// the violations of the routes' contracts in c.
//
// A request's route is its Request.Pattern, which ServeMux sets when it
// routes the request ("GET /api/users/{id}", as registered; never the raw
// path), read once next has returned; RouteFunc names routes for other
// routers. Requests without a route go to the Unmatched bucket; routes
// beyond MaxRoutes to Overflow; neither has a contract.
//
// Each route has a latency histogram (perf.Histogram) and, when a Route
// option or a configuration rule gives it one, a perf.Contract whose
// target is the route, declared on the route's first request. The routes
// of all the middlewares of one collector are shared: the tests of a
// package that each build a server measure one contract per route. Handler
// serves them.
//
// The middleware neither wraps the ResponseWriter nor allocates: a request
// costs two readings of the monotonic clock, a map lookup and an atomic
// add. A request whose handler panics is not measured.
//
// MiddlewareFor panics when an option is invalid (a malformed Route
// pattern or limit, a route declared twice with other limits), as
// ServeMux.Handle does with a bad pattern.
func MiddlewareFor(c *perf.Collector, next http.Handler, opts ...Option) http.Handler {
	if c == nil {
		panic("perfhttp.MiddlewareFor: nil collector")
	}
	if next == nil {
		panic("perfhttp.MiddlewareFor: nil handler")
	}
	var s settings
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o.validate(); err != nil {
			panic(err)
		}
		o.apply(&s)
	}
	t := tableFor(c)
	t.add(&s)
	return &middleware{next: next, t: t, routeFunc: s.routeFunc}
}

type middleware struct {
	next      http.Handler
	t         *table
	routeFunc func(*http.Request) string
}

func (m *middleware) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Since(epoch)
	m.next.ServeHTTP(w, r)
	d := time.Since(epoch) - start
	// ServeMux sets r.Pattern while it routes, on the request it was
	// given: it is known only now.
	name := r.Pattern
	if m.routeFunc != nil {
		name = m.routeFunc(r)
	}
	if name == "" {
		name = Unmatched
	}
	m.t.lookup(name).observe(d)
}
