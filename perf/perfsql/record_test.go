package perfsql_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/choragen/choragen/perf"
	"github.com/choragen/choragen/perf/perfsql"
)

func TestFindingViolation(t *testing.T) {
	site := perfsql.Site{Function: "example.com/shop/store.(*Store).items", File: "/src/shop/store/store.go", Line: 148}
	caller := perfsql.Site{Function: "example.com/shop/store.(*Store).RecentOrders", File: "/src/shop/store/store.go", Line: 139}
	const target = "example.com/shop/store.(*Store).RecentOrders"
	for _, tc := range []struct {
		name string
		f    perfsql.Finding
		ctx  map[string]any
	}{
		{
			name: "repeated",
			f: perfsql.Finding{Signal: perfsql.SignalRepeated, Fingerprint: "SELECT sku FROM items WHERE order_id = ?",
				Example: "SELECT sku FROM items WHERE order_id = 42", Site: site, Stack: []perfsql.Site{site, caller}, Count: 20},
			ctx: map[string]any{"nplusone": "repeated", "fingerprint": "SELECT sku FROM items WHERE order_id = ?",
				"function": site.Function, "site": "/src/shop/store/store.go:148", "count": 20},
		},
		{
			name: "scaling",
			f: perfsql.Finding{Signal: perfsql.SignalScaling, Fingerprint: "SELECT sku FROM items WHERE order_id = ?",
				Site: site, Stack: []perfsql.Site{site}, Count: 2, N: 1, CountAtN: 1},
			ctx: map[string]any{"nplusone": "scaling", "fingerprint": "SELECT sku FROM items WHERE order_id = ?",
				"function": site.Function, "site": "/src/shop/store/store.go:148", "count": 2, "n": 1, "countAtN": 1},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := tc.f.Violation(target)
			if v.ContractID != "queries:"+target || v.Target != target || v.Metric != "queries" || v.Unit != "queries" ||
				v.Measured != float64(tc.f.Count) || v.Threshold != 1 || v.Samples != 1 {
				t.Errorf("violation %+v", v)
			}
			if !reflect.DeepEqual(v.Context, tc.ctx) {
				t.Errorf("context %v, want %v", v.Context, tc.ctx)
			}
			if len(v.Stack) != len(tc.f.Stack) || v.Stack[0] != site.Function+" /src/shop/store/store.go:148" {
				t.Errorf("stack %q", v.Stack)
			}
			if strings.Contains(fmt.Sprint(v), "42") {
				t.Errorf("the violation carries the statement's literals: %+v", v)
			}
		})
	}
}

// TestRecordWritten records findings from a real scope and reads them back
// from the file the collector writes for choragen.
func TestRecordWritten(t *testing.T) {
	s := openShopT(t, 3)
	scope := perfsql.NewScope(context.Background())
	if _, err := s.totalsPerUser(scope.Context()); err != nil {
		t.Fatal(err)
	}
	c := perf.NewCollector(perf.CollectorOpts{})
	perfsql.Record(c, "example.com/shop.Totals", scope.NPlusOne())
	dir := t.TempDir()
	path, err := c.WriteViolations(dir)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Violations []struct {
			ContractID string         `json:"contractId"`
			Measured   float64        `json:"measured"`
			Threshold  float64        `json:"threshold"`
			Context    map[string]any `json:"context"`
		} `json:"violations"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Violations) != 1 {
		t.Fatalf("%d violations in %s:\n%s", len(file.Violations), filepath.Base(path), data)
	}
	v := file.Violations[0]
	if v.ContractID != "queries:example.com/shop.Totals" || v.Measured != 3 || v.Threshold != 1 ||
		v.Context["fingerprint"] != "SELECT sum ( total ) FROM orders WHERE user_id = ?" || v.Context["count"] != 3.0 ||
		!strings.HasSuffix(v.Context["site"].(string), "example_test.go:"+lineOf(t, "example_test.go", `"SELECT sum(total) FROM orders WHERE user_id = ?", id`)) || v.Context["nplusone"] != "repeated" ||
		v.Context["metric"] != "queries" || v.Context["unit"] != "queries" {
		t.Errorf("violation as written:\n%s", data)
	}
}

// lineOf returns the number of the line of file that contains text.
func lineOf(t *testing.T, file, text string) string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(data), "\n") {
		if strings.Contains(line, text) {
			return strconv.Itoa(i + 1)
		}
	}
	t.Fatalf("%s has no line with %s", file, text)
	return ""
}

// fakeB is a benchmark's loop: Loop returns true n times.
type fakeB struct {
	name    string
	n, i    int
	metrics map[string]float64
	logs    []string
	fatal   string
}

func (b *fakeB) Loop() bool {
	b.i++
	return b.i <= b.n
}
func (b *fakeB) ReportMetric(v float64, unit string) {
	if b.metrics == nil {
		b.metrics = map[string]float64{}
	}
	b.metrics[unit] = v
}
func (b *fakeB) Helper()      {}
func (b *fakeB) Name() string { return b.name }
func (b *fakeB) Logf(format string, args ...any) {
	b.logs = append(b.logs, fmt.Sprintf(format, args...))
}
func (b *fakeB) Fatalf(format string, args ...any) { b.fatal = fmt.Sprintf(format, args...) }

func rawDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func openShopT(t *testing.T, users int) shop {
	t.Helper()
	s := openShop()
	t.Cleanup(func() { s.db.Close() })
	if err := s.fill(context.Background(), users); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestBenchQueries(t *testing.T) {
	perUser := func(s shop) func(ctx context.Context) error {
		return func(ctx context.Context) error { _, err := s.totalsPerUser(ctx); return err }
	}
	joined := func(s shop) func(ctx context.Context) error {
		return func(ctx context.Context) error { _, err := s.totalsJoined(ctx); return err }
	}
	for _, tc := range []struct {
		name    string
		users   int
		load    func(shop) func(ctx context.Context) error
		scaling bool
		queries float64
		// count is the N+1's count, 0 for none.
		count int
	}{
		{name: "per-row loop", users: 5, load: perUser, queries: 6, count: 5},
		{name: "join", users: 5, load: joined, queries: 1},
		{name: "one row", users: 1, load: perUser, queries: 2}, // the blind spot
		{name: "one row, scaling", users: 1, load: perUser, scaling: true, queries: 2, count: 2},
		{name: "join, scaling", users: 1, load: joined, scaling: true, queries: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openShopT(t, tc.users)
			c := perf.NewCollector(perf.CollectorOpts{})
			opts := []perfsql.CheckOption{perfsql.RecordTo(c), perfsql.Target("example.com/shop.Totals")}
			if tc.scaling {
				opts = append(opts, perfsql.WithScaling(tc.users, s.fill))
			}
			b := &fakeB{name: "Benchmark" + t.Name(), n: 7}
			perfsql.BenchQueries(b, s.db, tc.load(s), opts...)
			if b.fatal != "" {
				t.Fatal(b.fatal)
			}
			if got := b.metrics["queries/op"]; got != tc.queries {
				t.Errorf("queries/op %v, want %v", got, tc.queries)
			}
			vs := c.Violations()
			if tc.count == 0 {
				if len(vs) != 0 {
					t.Errorf("violations %v, want none", vs)
				}
				return
			}
			if len(vs) != 1 {
				t.Fatalf("violations %v, want one", vs)
			}
			v := vs[0]
			if v.ContractID != "queries:example.com/shop.Totals" || v.Measured != float64(tc.count) ||
				v.Context["benchmark"] != b.name || v.Context["fingerprint"] != "SELECT sum ( total ) FROM orders WHERE user_id = ?" {
				t.Errorf("violation %+v", v)
			}
			if len(b.logs) != 1 || !strings.Contains(b.logs[0], "N+1 at example_test.go:") {
				t.Errorf("logs %q", b.logs)
			}
			if tc.scaling {
				// The data is left at n rows.
				var users int
				if err := s.db.QueryRow("SELECT count(*) FROM users").Scan(&users); err != nil || users != tc.users {
					t.Errorf("after the check: %d users (%v), want %d", users, err, tc.users)
				}
			}

			// The testing package calls a benchmark function again for
			// each repetition: the check runs once.
			b2 := &fakeB{name: b.name, n: 3}
			perfsql.BenchQueries(b2, s.db, tc.load(s), opts...)
			if got := len(c.Violations()); got != 1 || b2.metrics["queries/op"] != tc.queries {
				t.Errorf("again: %d violations, %v queries/op", got, b2.metrics["queries/op"])
			}
		})
	}
}

func TestBenchQueriesErrors(t *testing.T) {
	s := openShopT(t, 2)
	for _, tc := range []struct {
		name string
		run  func(b *fakeB)
		want string
	}{
		{"not wrapped", func(b *fakeB) {
			perfsql.BenchQueries(b, rawDB(t), func(context.Context) error { return nil })
		}, "not opened with perfsql"},
		{"f fails", func(b *fakeB) {
			perfsql.BenchQueries(b, s.db, func(context.Context) error { return fmt.Errorf("no table") })
		}, "no table"},
		{"no setup", func(b *fakeB) {
			perfsql.BenchQueries(b, s.db, func(context.Context) error { return nil }, perfsql.WithScaling(1, nil))
		}, "WithScaling(1, nil)"},
		{"setup fails", func(b *fakeB) {
			perfsql.BenchQueries(b, s.db, func(context.Context) error { return nil },
				perfsql.WithScaling(1, func(context.Context, int) error { return fmt.Errorf("disk full") }))
		}, "setup n=1: disk full"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := &fakeB{name: "Benchmark" + t.Name(), n: 2}
			tc.run(b)
			if !strings.Contains(b.fatal, tc.want) {
				t.Errorf("fatal %q, want it to say %q", b.fatal, tc.want)
			}
		})
	}
}

// TestBenchQueriesOut writes the N+1 to $CHORAGEN_PERF_OUT at once, as
// choragen reads it after a benchmark run.
func TestBenchQueriesOut(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(perf.OutEnv, dir)
	defer perf.Default.Reset()
	s := openShopT(t, 4)
	b := &fakeB{name: "BenchmarkTotalsOut", n: 2}
	perfsql.BenchQueries(b, s.db, func(ctx context.Context) error { _, err := s.totalsPerUser(ctx); return err })
	if b.fatal != "" {
		t.Fatal(b.fatal)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) != 1 {
		t.Fatalf("files %v (%v), want one", files, err)
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"benchmark": "BenchmarkTotalsOut"`, `"fingerprint": "SELECT sum ( total ) FROM orders WHERE user_id = ?"`, `"count": 4`} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("the file lacks %s:\n%s", want, data)
		}
	}
}
