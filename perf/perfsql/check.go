package perfsql

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/choragen/choragen/perf"
)

// A CheckOption changes how BenchQueries and AssertQueries check a call
// for N+1s and where they record what they find.
type CheckOption interface {
	applyCheck(*checkSettings)
}

type checkSettings struct {
	target    string
	collector *perf.Collector
	n         int
	setup     func(ctx context.Context, n int) error
	err       error
}

type checkOptionFunc func(*checkSettings)

func (o checkOptionFunc) applyCheck(s *checkSettings) { o(s) }

func newCheckSettings(opts []CheckOption) *checkSettings {
	s := &checkSettings{}
	for _, o := range opts {
		if o != nil {
			o.applyCheck(s)
		}
	}
	return s
}

// Target names the function whose queries contract what is found counts
// against (its pprof-style name, "example.com/shop/store.(*Store).Orders"),
// for when f does not call it directly. Without it, the function is found
// on the call stack: the one that f called.
func Target(name string) CheckOption {
	return checkOptionFunc(func(s *checkSettings) { s.target = name })
}

// RecordTo records the violations in c instead of perf.Default (and
// BenchQueries writes no file for choragen: that is perf.Default's).
func RecordTo(c *perf.Collector) CheckOption {
	return checkOptionFunc(func(s *checkSettings) { s.collector = c })
}

// WithScaling adds the scaling signal (Scaling) to the check:
// setup(ctx, n) and setup(ctx, 2n) make the data n and 2n rows large, f
// runs at each size in a scope of its own, and the statements that ran
// more often at 2n are N+1s. Then setup(ctx, n) leaves the data at n rows
// again. This finds the per-row loop of a function whose fixture has one
// row (n = 1), where the loop runs once and the repeated rule sees
// nothing:
//
//	perfsql.BenchQueries(b, db, func(ctx context.Context) error {
//		_, err := s.RecentOrders(ctx, 1, 20)
//		return err
//	}, perfsql.WithScaling(1, func(ctx context.Context, n int) error {
//		return fixture.Orders(ctx, db, 1, n) // customer 1 has n orders
//	}))
//
// setup's own statements are not counted. A benchmark's loop runs on the
// data as the benchmark function made it.
func WithScaling(n int, setup func(ctx context.Context, n int) error) CheckOption {
	return checkOptionFunc(func(s *checkSettings) {
		if setup == nil {
			s.err = fmt.Errorf("perfsql: WithScaling(%d, nil): no setup", n)
		}
		s.n, s.setup = max(n, 1), setup
	})
}

// checked is what one check of a call found.
type checked struct {
	scope    *Scope    // the call on the data as it is
	findings []Finding // its N+1s, then those only the scaling signal found
	scaling  *ScalingResult
}

// check runs f once in a scope and takes its N+1s (the repeated rule);
// with WithScaling, also at n and 2n rows, adding the N+1s only the
// scaling signal finds, and leaves the data at n rows.
func (s *checkSettings) check(ctx context.Context, f func(ctx context.Context) error) (*checked, error) {
	if s.err != nil {
		return nil, s.err
	}
	c := &checked{scope: NewScope(ctx)}
	if err := f(c.scope.Context()); err != nil {
		return nil, err
	}
	c.findings = c.scope.NPlusOne()
	if s.setup == nil {
		return c, nil
	}
	res, err := Scaling(ctx, s.n, s.setup, f)
	if err != nil {
		return nil, err
	}
	c.scaling = &res
	// Leave the data as it was measured, for a fixture that outlives the
	// check.
	if err := s.setup(ctx, s.n); err != nil {
		return nil, fmt.Errorf("perfsql: setup n=%d: %w", s.n, err)
	}
	for _, sf := range res.Findings {
		dup := false
		for _, f := range c.findings {
			dup = dup || f.Fingerprint == sf.Fingerprint && f.Site == sf.Site
		}
		if !dup {
			c.findings = append(c.findings, sf)
		}
	}
	return c, nil
}

// targetOf returns the target of the contract that a finding counts
// against: Target's, else the function f called (calledBy).
func (s *checkSettings) targetOf(f Finding) string {
	if s.target != "" {
		return s.target
	}
	return calledBy(f)
}

// scopeTarget returns the target of the contract that the statements of
// c's scope count against: Target's, else the function f called, found on
// the stack of one of the statements (the first by fingerprint); "" when
// none ran.
func (s *checkSettings) scopeTarget(c *checked) string {
	if s.target != "" {
		return s.target
	}
	groups := c.scope.snapshot()
	if len(groups) == 0 {
		return ""
	}
	gs := make([]counted, 0, len(groups))
	for _, g := range groups {
		gs = append(gs, g)
	}
	sort.Slice(gs, func(i, j int) bool { return gs[i].fp.text < gs[j].fp.text })
	site, stack := gs[0].cfg.sites(gs[0].stack)
	return calledBy(Finding{Site: site, Stack: stack})
}

// record records each violation of vs in the settings' collector that it
// does not hold yet (has), and reports which it recorded.
func (s *checkSettings) record(vs []perf.Violation) []bool {
	c := s.collectorOrDefault()
	out := make([]bool, len(vs))
	for i, v := range vs {
		if has(c, v) {
			continue
		}
		c.Record(v)
		out[i] = true
	}
	return out
}

func (s *checkSettings) collectorOrDefault() *perf.Collector {
	if s.collector != nil {
		return s.collector
	}
	return perf.Default
}

// flush writes perf.Default's violations to $CHORAGEN_PERF_OUT at once,
// when choragen asked for them and the violations went there: a benchmark
// run needs no TestMain for them. perftest.Main writes the same file again
// as the process ends, with whatever else was recorded by then.
func (s *checkSettings) flush() error {
	dir := os.Getenv(perf.OutEnv)
	if dir == "" || s.collector != nil || len(perf.Default.Violations()) == 0 {
		return nil
	}
	_, err := perf.Default.WriteViolations(dir)
	return err
}

// has reports whether c holds a violation equal to v in what identifies a
// finding: the contract, the benchmark or test, the fingerprint, the call
// site and the figures. The testing package calls a benchmark function
// once per repetition, and each finds the N+1 again.
func has(c *perf.Collector, v perf.Violation) bool {
	for _, o := range c.Violations() {
		if o.ContractID != v.ContractID || o.Measured != v.Measured || o.Threshold != v.Threshold {
			continue
		}
		same := true
		for _, k := range []string{"benchmark", "test", "fingerprint", "site"} {
			same = same && o.Context[k] == v.Context[k]
		}
		if same {
			return true
		}
	}
	return false
}

// calledBy returns the function that the benchmark's or test's f called,
// on the way to f's N+1: the outermost frame of the finding's stack before
// the first frame in a test file or in perfsql (BenchQueries,
// AssertQueries), not counting the wrappers the compiler makes (a method
// value's -fm). When the stack does not reach so far (it keeps 8 frames),
// the call site's function.
func calledBy(f Finding) string {
	last := ""
	for _, s := range f.Stack {
		switch {
		case strings.HasSuffix(s.File, "_test.go"), inPackage(s.Function, self):
			if last != "" {
				return last
			}
			return f.Site.Function
		case s.File == "<autogenerated>" || strings.HasSuffix(s.Function, "-fm"):
			continue
		}
		last = s.Function
	}
	return f.Site.Function
}
