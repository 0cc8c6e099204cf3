package perfhttp

import (
	"fmt"
	"os"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/choragen/choragen/internal/pattern"
	"github.com/choragen/choragen/perf"
)

// The buckets of requests that are not measured under a route of their
// own.
const (
	// Unmatched is where requests go that matched no route: the
	// ServeMux's 404 and 405 answers, handlers that are not a ServeMux
	// (without RouteFunc), or a middleware between this one and the
	// ServeMux that passed on a copy of the request.
	Unmatched = "(unmatched)"
	// Overflow is where requests go once MaxRoutes routes are measured.
	Overflow = "(other routes)"
)

// A table holds the routes measured for one collector, shared by every
// middleware of that collector, so that the tests of a package, which
// often build a server each, add up to one contract per route.
type table struct {
	col *perf.Collector

	routes atomic.Pointer[map[string]*route] // copied on write

	mu        sync.Mutex // guards what follows, and writes to routes
	code      []codeRoute
	maxRoutes int // 0: DefaultMaxRoutes
	rules     *ruleSet
	warned    map[string]bool // problems reported on stderr once
}

var tables sync.Map // *perf.Collector → *table

func tableFor(c *perf.Collector) *table {
	if t, ok := tables.Load(c); ok {
		return t.(*table)
	}
	t := &table{col: c}
	m := map[string]*route{}
	t.routes.Store(&m)
	actual, _ := tables.LoadOrStore(c, t)
	return actual.(*table)
}

// add merges a middleware's settings into the table. Declaring the same
// pattern again with other limits panics: which one should hold?
func (t *table) add(s *settings) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.maxRoutes = max(t.maxRoutes, s.maxRoutes)
next:
	for _, r := range s.routes {
		for _, have := range t.code {
			if have.pattern.String() != r.pattern.String() {
				continue
			}
			if have.same(r) {
				continue next
			}
			panic(fmt.Sprintf("perfhttp.Route(%q) at %s: declared with other limits at %s", r.pattern, r.source, have.source))
		}
		t.code = append(t.code, r)
	}
}

// A route is what the middleware keeps for one route.
type route struct {
	name     string
	hist     *perf.Histogram
	contract *perf.Contract // nil: no contract for the route
}

func (r *route) observe(d time.Duration) {
	if r.contract != nil {
		r.contract.Observe(d) // records into r.hist
		return
	}
	r.hist.Record(d)
}

// lookup returns the route named name, making it on its first request.
func (t *table) lookup(name string) *route {
	if r, ok := (*t.routes.Load())[name]; ok {
		return r
	}
	return t.slowLookup(name)
}

func (t *table) slowLookup(name string) *route {
	t.mu.Lock()
	defer t.mu.Unlock()
	old := *t.routes.Load()
	if r, ok := old[name]; ok {
		return r
	}
	special := name == Unmatched || name == Overflow
	limit := t.maxRoutes
	if limit == 0 {
		limit = DefaultMaxRoutes
	}
	if !special && len(old) >= limit+countSpecial(old) {
		name = Overflow
		if r, ok := old[name]; ok {
			return r
		}
		special = true
	}
	r := &route{name: name}
	if !special {
		r.contract = t.declare(name)
	}
	if r.contract != nil {
		r.hist = r.contract.Histogram()
	} else {
		r.hist = perf.NewHistogram()
	}
	m := make(map[string]*route, len(old)+1)
	for k, v := range old {
		m[k] = v
	}
	m[name] = r
	t.routes.Store(&m)
	return r
}

func countSpecial(m map[string]*route) int {
	n := 0
	for _, k := range [...]string{Unmatched, Overflow} {
		if _, ok := m[k]; ok {
			n++
		}
	}
	return n
}

// declare makes the contract of a route, from code if a Route selects it,
// else from the configuration's rules; nil when neither gives it one.
// t.mu is held.
func (t *table) declare(name string) *perf.Contract {
	target := pattern.ParseTarget(name)
	var limits []perf.Limit
	var at perf.Declaration
	best := -1
	for _, r := range t.code {
		if spec := r.pattern.Specificity(); spec >= best && r.pattern.MatchTarget(&target) {
			limits, best = r.limits, spec
			at = perf.Declaration{Origin: "code", Source: r.source}
		}
	}
	if limits == nil {
		rules := t.loadRules()
		limits, at = rules.limits(&target)
	}
	if limits == nil {
		return nil
	}
	c, err := t.col.NewContractAt(name, at, limits...)
	if err != nil {
		t.warn(fmt.Sprintf("route %q: %v", name, err))
		return nil
	}
	return c
}

// warn reports a problem on stderr, once: a middleware has no error to
// return, and a test run must not lose a contract silently.
func (t *table) warn(msg string) {
	if t.warned[msg] {
		return
	}
	if t.warned == nil {
		t.warned = map[string]bool{}
	}
	t.warned[msg] = true
	fmt.Fprintln(os.Stderr, "perfhttp:", msg)
}

// loadRules returns the configuration's rules from $CHORAGEN_PERF_RULES
// (perf.EnvRules), parsed once per file. t.mu is held.
func (t *table) loadRules() *ruleSet {
	rules, err := perf.EnvRules()
	if err != nil {
		t.warn(err.Error())
		return nil
	}
	if t.rules == nil || !t.rules.from(rules) {
		var problems []string
		t.rules, problems = newRuleSet(rules)
		for _, p := range problems {
			t.warn(p)
		}
	}
	return t.rules
}

// snapshot returns the routes, sorted by name.
func (t *table) snapshot() []*route {
	m := *t.routes.Load()
	out := make([]*route, 0, len(m))
	for _, r := range m {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}
