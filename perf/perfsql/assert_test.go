package perfsql_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/choragen/choragen/perf"
	"github.com/choragen/choragen/perf/perfsql"
)

// fakeT records what AssertQueries reports.
type fakeT struct {
	name         string
	errors, logs []string
}

func (t *fakeT) Helper()      {}
func (t *fakeT) Name() string { return t.name }
func (t *fakeT) Errorf(format string, args ...any) {
	t.errors = append(t.errors, fmt.Sprintf(format, args...))
}
func (t *fakeT) Logf(format string, args ...any) {
	t.logs = append(t.logs, fmt.Sprintf(format, args...))
}

func TestAssertQueries(t *testing.T) {
	const fp = `"SELECT sum ( total ) FROM orders WHERE user_id = ?"`
	type wantViolation struct {
		measured, threshold float64
		nplusone            string // the signal; "" for the count
	}
	for _, tc := range []struct {
		name    string
		users   int
		max     int
		joined  bool
		scaling bool
		ok      bool
		errors  []string // parts of each error, in order
		vs      []wantViolation
	}{
		{name: "N+1 within the count", users: 5, max: 10,
			errors: []string{"N+1 at example_test.go:"},
			vs:     []wantViolation{{5, 1, "repeated"}}},
		{name: "N+1 over the count", users: 5, max: 1,
			errors: []string{"6 statements, more than 1 in example.com/shop.Totals: 5× " + fp + `, 1× "SELECT id FROM users"`, "N+1 at example_test.go:"},
			vs:     []wantViolation{{6, 1, ""}, {5, 1, "repeated"}}},
		{name: "join", users: 5, max: 1, joined: true, ok: true},
		{name: "one row hides it", users: 1, max: 5, ok: true},
		{name: "one row, scaling", users: 1, max: 5, scaling: true,
			errors: []string{"ran 1× at n=1 and 2× at n=2"},
			vs:     []wantViolation{{2, 1, "scaling"}}},
		{name: "join, scaling", users: 1, max: 1, joined: true, scaling: true, ok: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openShopT(t, tc.users)
			c := perf.NewCollector(perf.CollectorOpts{})
			opts := []perfsql.CheckOption{perfsql.RecordTo(c), perfsql.Target("example.com/shop.Totals")}
			if tc.scaling {
				opts = append(opts, perfsql.WithScaling(tc.users, s.fill))
			}
			load := s.totalsPerUser
			if tc.joined {
				load = s.totalsJoined
			}
			ft := &fakeT{name: "TestTotals"}
			ok := perfsql.AssertQueries(ft, tc.max, func(ctx context.Context) error { _, err := load(ctx); return err }, opts...)
			if ok != tc.ok {
				t.Errorf("AssertQueries = %v, want %v", ok, tc.ok)
			}
			if len(ft.errors) != len(tc.errors) {
				t.Fatalf("errors %q, want %d", ft.errors, len(tc.errors))
			}
			for i, want := range tc.errors {
				if !strings.Contains(ft.errors[i], want) || (strings.Contains(want, "N+1") && !strings.Contains(ft.errors[i], fp)) {
					t.Errorf("error %q, want it to say %s", ft.errors[i], want)
				}
			}
			vs := c.Violations()
			if len(vs) != len(tc.vs) {
				t.Fatalf("violations %v, want %d", vs, len(tc.vs))
			}
			for i, w := range tc.vs {
				v := vs[i]
				if v.ContractID != "queries:example.com/shop.Totals" || v.Measured != w.measured || v.Threshold != w.threshold ||
					v.Context["test"] != "TestTotals" || v.Context["nplusone"] != nil != (w.nplusone != "") ||
					w.nplusone != "" && v.Context["nplusone"] != w.nplusone {
					t.Errorf("violation %d: %+v, want %+v", i, v, w)
				}
			}
		})
	}
}

func TestAssertQueriesErrors(t *testing.T) {
	s := openShopT(t, 2)
	c := perf.NewCollector(perf.CollectorOpts{})
	ft := &fakeT{name: "TestNoContext"}
	// f does not pass its context on: nothing counted, which the test logs.
	if !perfsql.AssertQueries(ft, 0, func(context.Context) error { _, err := s.totalsPerUser(context.Background()); return err }, perfsql.RecordTo(c)) {
		t.Errorf("nothing counted failed the test: %q", ft.errors)
	}
	if len(ft.logs) != 1 || !strings.Contains(ft.logs[0], "no statement was counted") {
		t.Errorf("logs %q", ft.logs)
	}
	ft = &fakeT{name: "TestFails"}
	if perfsql.AssertQueries(ft, 1, func(context.Context) error { return fmt.Errorf("no table") }, perfsql.RecordTo(c)) ||
		len(ft.errors) != 1 || !strings.Contains(ft.errors[0], "no table") {
		t.Errorf("an error from f: %q", ft.errors)
	}
	if len(c.Violations()) != 0 {
		t.Errorf("violations %v", c.Violations())
	}
}

// TestAssertQueriesTarget finds the function the test's f called on the
// call stack: here the call site itself, a function of a test file.
func TestAssertQueriesTarget(t *testing.T) {
	s := openShopT(t, 3)
	c := perf.NewCollector(perf.CollectorOpts{})
	ft := &fakeT{name: "TestTarget"}
	perfsql.AssertQueries(ft, 1, func(ctx context.Context) error { _, err := s.totalsPerUser(ctx); return err }, perfsql.RecordTo(c))
	const want = "queries:github.com/choragen/choragen/perf/perfsql_test.shop.totalsPerUser"
	for _, v := range c.Violations() {
		if v.ContractID != want {
			t.Errorf("violation of %s, want %s", v.ContractID, want)
		}
	}
	if len(c.Violations()) != 2 {
		t.Errorf("violations %v, want the count and the N+1", c.Violations())
	}
}
