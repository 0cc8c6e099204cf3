package perfsql

import (
	"context"
	"fmt"
	"strings"

	"github.com/choragen/choragen/internal/metric"
	"github.com/choragen/choragen/perf"
)

// TB is the part of testing.TB that AssertQueries uses.
type TB interface {
	Helper()
	Name() string
	Errorf(format string, args ...any)
	Logf(format string, args ...any)
}

// AssertQueries runs f once in a Scope and fails the test when f ran more
// than max statements, and, as failures of their own, for each N+1 that
// it ran (Scope.NPlusOne; with WithScaling, also the statements whose
// count grows with the data), whatever the count:
//
//	func TestRecentOrdersQueries(t *testing.T) {
//		s := fixture(t) // a store over a database opened with perfsql
//		perfsql.AssertQueries(t, 1, func(ctx context.Context) error {
//			_, err := s.RecentOrders(ctx, 1, 20)
//			return err
//		})
//	}
//
// f must pass ctx on to the database; statements run without it are not
// counted (when none is, the test logs so). An error from f fails the
// test. Each failure is also recorded in perf.Default, with the test's
// name in its context ("test"), for choragen's report (perftest.Main
// writes them): the count as a violation of "queries:<target>" (measured
// the statements, threshold max), each N+1 as Finding.Violation. The
// target is the function that f called, found on the call stack, or
// Target's. It reports whether the test's check held.
//
// This is the test-time twin of the //perf:queries contract that choragen
// judges from BenchQueries' queries/op. It lives in perfsql, not perftest,
// so that perftest does not bring go-sqllexer into every test binary.
func AssertQueries(t TB, max int, f func(ctx context.Context) error, opts ...CheckOption) bool {
	t.Helper()
	s := newCheckSettings(opts)
	res, err := s.check(context.Background(), f)
	if err != nil {
		t.Errorf("perfsql: %v", err)
		return false
	}
	queries := res.scope.Queries()
	if queries == 0 {
		t.Logf("%v", ErrNothingCounted)
	}
	var vs []perf.Violation
	ok := true
	if queries > max {
		ok = false
		target := s.scopeTarget(res)
		t.Errorf("perfsql: %d statements, more than %d%s: %s", queries, max, inTarget(target), fingerprintList(res.scope.Fingerprints()))
		vs = append(vs, perf.Violation{
			ContractID: metric.ID(metric.Queries, 0, target),
			Target:     target,
			Metric:     string(metric.Queries),
			Measured:   float64(queries),
			Threshold:  float64(max),
			Unit:       "queries",
			Samples:    1,
			Context:    map[string]any{"test": t.Name()},
		})
	}
	for _, fd := range res.findings {
		ok = false
		t.Errorf("perfsql: %s", fd)
		v := fd.Violation(s.targetOf(fd))
		v.Context["test"] = t.Name()
		vs = append(vs, v)
	}
	s.record(vs)
	return ok
}

func inTarget(target string) string {
	if target == "" {
		return ""
	}
	return " in " + target
}

// fingerprintList names the statements of a scope, the most frequent
// first, up to 5.
func fingerprintList(fcs []FingerprintCount) string {
	var parts []string
	for i, fc := range fcs {
		if i == 5 {
			parts = append(parts, fmt.Sprintf("and %d more", len(fcs)-i))
			break
		}
		parts = append(parts, fmt.Sprintf("%d× %q", fc.Count, fc.Fingerprint))
	}
	return strings.Join(parts, ", ")
}
