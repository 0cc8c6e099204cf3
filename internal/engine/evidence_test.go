package engine

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/perf/benchfmt"

	"github.com/choragen/choragen/internal/report"
	"github.com/choragen/choragen/internal/verdict"
	"github.com/choragen/choragen/perf"
	"github.com/choragen/choragen/perf/perfsql"
)

const (
	storePkg = "example.com/shop/store"
	recent   = storePkg + ".(*Store).RecentOrders"
	items    = storePkg + ".(*Store).items"
)

// nplusone is a violation as perfsql.BenchQueries records it and a
// benchmark process writes it: JSON numbers are float64 once read.
func nplusone(contractID, bench string, count float64, stack ...string) report.Violation {
	ctx := map[string]any{
		"nplusone": "repeated", "fingerprint": "SELECT sku FROM items WHERE order_id = ?",
		"site": "/src/shop/store/store.go:148", "function": items, "count": count,
		"benchmark": bench, "metric": "queries", "unit": "queries", "target": strings.TrimPrefix(contractID, "queries:"),
	}
	if len(stack) > 0 {
		var frames []any
		for _, fn := range stack {
			frames = append(frames, fn+" /src/shop/store/store.go:1")
		}
		ctx["stack"] = frames
	}
	return report.Violation{ContractID: contractID, Measured: count, Threshold: 1, Context: ctx}
}

// judged is a report as judge makes it, before evidence: contracts with
// their verdicts, a violation per failed one.
func judged(cs ...report.Contract) *report.Report {
	r := &report.Report{Contracts: cs, Violations: []report.Violation{}}
	for _, c := range cs {
		if c.Status == report.StatusFailed {
			r.Violations = append(r.Violations, verdict.Violation(c))
		}
	}
	return r
}

func queriesContract(target, bench string, status report.Status, measured float64) report.Contract {
	c := report.Contract{ID: "queries:" + target, Type: "resource", Metric: "queries", Target: target,
		Threshold: 1, Unit: "queries", Status: status, Package: storePkg, Benchmark: bench, Source: "store/store.go:116"}
	switch status {
	case report.StatusUnmeasured:
		c.Reason = bench + " reports no queries/op: open its database with perfsql and report the counts (perfsql docs)"
	case report.StatusFailed:
		c.Measured = report.Float(measured)
		c.Reason = "queries 21 queries > 1 query (" + bench + ", median of 10)"
	default:
		c.Measured = report.Float(measured)
		c.Reason = "queries 1 query ≤ 1 query (" + bench + ", median of 10)"
	}
	return c
}

func TestJoinEvidence(t *testing.T) {
	const mod = "/src/shop"
	const finding = `N+1 at store/store.go:148 in (*Store).items: "SELECT sku FROM items WHERE order_id = ?" ran 20× in one call`
	type want struct {
		contract   int // index of the contract that takes the evidence; -1 none
		status     report.Status
		measured   float64
		reason     string // the whole reason
		violations int
		warning    string // a part of the only warning; "" none
	}
	for _, tc := range []struct {
		name      string
		contracts []report.Contract
		files     []outFile
		want      want
	}{
		{
			name:      "failed, by id",
			contracts: []report.Contract{queriesContract(recent, "BenchmarkStore_RecentOrders", report.StatusFailed, 21)},
			files:     []outFile{{Package: storePkg, Violations: []report.Violation{nplusone("queries:"+recent, "BenchmarkStore_RecentOrders", 20)}}},
			want: want{contract: 0, status: report.StatusFailed, measured: 21, violations: 1,
				reason: "queries 21 queries > 1 query (BenchmarkStore_RecentOrders, median of 10); " + finding},
		},
		{
			name: "by the benchmark, when the id names another function",
			contracts: []report.Contract{
				queriesContract(storePkg+".(*Store).Product", "BenchmarkStore_Product", report.StatusPassed, 1),
				queriesContract(recent, "BenchmarkStore_RecentOrders", report.StatusFailed, 21),
			},
			files: []outFile{{Package: storePkg, Violations: []report.Violation{nplusone("queries:"+items, "BenchmarkStore_RecentOrders/rows=50", 20)}}},
			want: want{contract: 1, status: report.StatusFailed, measured: 21, violations: 1,
				reason: "queries 21 queries > 1 query (BenchmarkStore_RecentOrders, median of 10); " + finding},
		},
		{
			name: "one benchmark for two functions: the one on the stack",
			contracts: []report.Contract{
				queriesContract(storePkg+".(*Store).Orders", "BenchmarkStore", report.StatusPassed, 1),
				queriesContract(recent, "BenchmarkStore", report.StatusFailed, 21),
			},
			files: []outFile{{Package: storePkg, Violations: []report.Violation{nplusone("queries:"+items, "BenchmarkStore", 20, items, recent)}}},
			want: want{contract: 1, status: report.StatusFailed, measured: 21, violations: 1,
				reason: "queries 21 queries > 1 query (BenchmarkStore, median of 10); " + finding},
		},
		{
			name:      "passed within its limit: a warning",
			contracts: []report.Contract{queriesContract(recent, "BenchmarkStore_RecentOrders", report.StatusPassed, 21)},
			files:     []outFile{{Package: storePkg, Violations: []report.Violation{nplusone("queries:"+recent, "BenchmarkStore_RecentOrders", 20)}}},
			want: want{contract: 0, status: report.StatusPassed, measured: 21, violations: 0,
				reason:  "queries 1 query ≤ 1 query (BenchmarkStore_RecentOrders, median of 10); " + finding,
				warning: "queries:" + recent + " passed, but " + finding},
		},
		{
			name:      "unmeasured: the N+1 alone breaks it",
			contracts: []report.Contract{queriesContract(recent, "BenchmarkStore_RecentOrders", report.StatusUnmeasured, 0)},
			files:     []outFile{{Package: storePkg, Violations: []report.Violation{nplusone("queries:"+recent, "BenchmarkStore_RecentOrders", 20)}}},
			want: want{contract: 0, status: report.StatusFailed, measured: 20, violations: 1,
				reason: "at least 20 queries per call > 1 query (BenchmarkStore_RecentOrders): " + finding +
					"; BenchmarkStore_RecentOrders reports no queries/op: open its database with perfsql and report the counts (perfsql docs)"},
		},
		{
			name:      "no contract: a warning",
			contracts: []report.Contract{queriesContract(storePkg+".(*Store).Product", "BenchmarkStore_Product", report.StatusPassed, 1)},
			files:     []outFile{{Package: storePkg, Violations: []report.Violation{nplusone("queries:"+items, "BenchmarkStore_RecentOrders", 20)}}},
			want: want{contract: -1, violations: 0,
				warning: "BenchmarkStore_RecentOrders in " + storePkg + ": " + finding + " (no queries contract measured by BenchmarkStore_RecentOrders)"},
		},
		{
			name:      "run-time violations of benchmark processes are the tests' to judge",
			contracts: []report.Contract{queriesContract(recent, "BenchmarkStore_RecentOrders", report.StatusPassed, 1)},
			files: []outFile{{Package: storePkg, Dropped: 5, Violations: []report.Violation{{ContractID: "latency:" + recent, Measured: 9, Threshold: 1,
				Context: map[string]any{"metric": "latency"}}}}},
			want: want{contract: -1},
		},
		{
			name:      "a process that dropped violations and recorded evidence: a warning",
			contracts: []report.Contract{queriesContract(recent, "BenchmarkStore_RecentOrders", report.StatusFailed, 21)},
			files:     []outFile{{Package: storePkg, PID: 7, Dropped: 2, Violations: []report.Violation{nplusone("queries:"+recent, "BenchmarkStore_RecentOrders", 20)}}},
			want: want{contract: 0, status: report.StatusFailed, measured: 21, violations: 1,
				reason:  "queries 21 queries > 1 query (BenchmarkStore_RecentOrders, median of 10); " + finding,
				warning: storePkg + " (pid 7, benchmarks): the collector dropped 2 violations; N+1 findings may be missing"},
		},
		{
			name:      "the same finding from two processes counts once",
			contracts: []report.Contract{queriesContract(recent, "BenchmarkStore_RecentOrders", report.StatusFailed, 21)},
			files: []outFile{
				{Package: storePkg, PID: 1, Violations: []report.Violation{nplusone("queries:"+recent, "BenchmarkStore_RecentOrders", 20)}},
				{Package: storePkg, PID: 2, Violations: []report.Violation{nplusone("queries:"+recent, "BenchmarkStore_RecentOrders", 20)}},
			},
			want: want{contract: 0, status: report.StatusFailed, measured: 21, violations: 1,
				reason: "queries 21 queries > 1 query (BenchmarkStore_RecentOrders, median of 10); " + finding},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := judged(tc.contracts...)
			before := append([]report.Contract(nil), r.Contracts...)
			joinEvidence(r, tc.files, mod)
			if got := len(r.Violations); got != tc.want.violations {
				t.Errorf("%d violations, want %d: %+v", got, tc.want.violations, r.Violations)
			}
			switch {
			case tc.want.warning == "" && len(r.Warnings) > 0:
				t.Errorf("warnings %q, want none", r.Warnings)
			case tc.want.warning != "" && (len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], tc.want.warning)):
				t.Errorf("warnings %q, want one with %q", r.Warnings, tc.want.warning)
			}
			for i, c := range r.Contracts {
				if i != tc.want.contract {
					if !reflect.DeepEqual(c, before[i]) {
						t.Errorf("contract %s changed: %+v", c.ID, c)
					}
					continue
				}
				if c.Status != tc.want.status || c.Measured == nil || *c.Measured != tc.want.measured {
					t.Errorf("%s: %s, measured %v; want %s, %v", c.ID, c.Status, deref(c.Measured), tc.want.status, tc.want.measured)
				}
				if c.Reason != tc.want.reason {
					t.Errorf("reason\n%s\nwant\n%s", c.Reason, tc.want.reason)
				}
				want := map[string]any{"nplusone": "repeated", "fingerprint": "SELECT sku FROM items WHERE order_id = ?",
					"site": "store/store.go:148", "function": items, "count": 20.0, "findings": 1}
				if !reflect.DeepEqual(c.Context, want) {
					t.Errorf("context %v, want %v", c.Context, want)
				}
				for _, v := range r.Violations {
					if v.ContractID == c.ID && (v.Context["fingerprint"] != want["fingerprint"] || v.Context["site"] != "store/store.go:148" ||
						v.Context["count"] != 20.0 || v.Measured != tc.want.measured) {
						t.Errorf("violation %+v lacks the evidence", v)
					}
				}
			}
		})
	}
}

// TestJoinEvidenceScaling describes an N+1 found by the scaling signal.
func TestJoinEvidenceScaling(t *testing.T) {
	v := nplusone("queries:"+recent, "BenchmarkStore_RecentOrders", 2)
	v.Context["nplusone"], v.Context["n"], v.Context["countAtN"] = "scaling", 1.0, 1.0
	r := judged(queriesContract(recent, "BenchmarkStore_RecentOrders", report.StatusFailed, 2))
	joinEvidence(r, []outFile{{Package: storePkg, Violations: []report.Violation{v}}}, "/src/shop")
	const want = `N+1 at store/store.go:148 in (*Store).items: "SELECT sku FROM items WHERE order_id = ?" ran 1× at n=1 and 2× at n=2`
	if c := r.Contracts[0]; !strings.HasSuffix(c.Reason, "; "+want) || c.Context["n"] != 1.0 || c.Context["countAtN"] != 1.0 {
		t.Errorf("reason %q, context %v; want the reason to end with %q", c.Reason, c.Context, want)
	}
}

// TestEvidenceFromPerfsql reads a violation as perfsql writes it through a
// perf collector's file, and joins it.
func TestEvidenceFromPerfsql(t *testing.T) {
	mod := t.TempDir()
	f := perfsql.Finding{
		Signal: perfsql.SignalRepeated, Fingerprint: "SELECT sku FROM items WHERE order_id = ?",
		Site:  perfsql.Site{Function: items, File: filepath.Join(mod, "store", "store.go"), Line: 148},
		Stack: []perfsql.Site{{Function: items, File: filepath.Join(mod, "store", "store.go"), Line: 148}},
		Count: 20,
	}
	v := f.Violation(recent)
	v.Context["benchmark"] = "BenchmarkStore_RecentOrders"
	c := perf.NewCollector(perf.CollectorOpts{})
	c.Record(v)
	dir := t.TempDir()
	if _, err := c.WriteViolations(dir); err != nil {
		t.Fatal(err)
	}
	files, err := readOutDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	r := judged(queriesContract(recent, "BenchmarkStore_RecentOrders", report.StatusFailed, 21))
	joinEvidence(r, files, mod)
	got := r.Contracts[0]
	if !strings.HasSuffix(got.Reason, `; N+1 at store/store.go:148 in (*Store).items: "SELECT sku FROM items WHERE order_id = ?" ran 20× in one call`) {
		t.Errorf("reason %q", got.Reason)
	}
	data, _ := json.Marshal(r.Violations)
	if len(r.Violations) != 1 || r.Violations[0].Context["fingerprint"] != f.Fingerprint || r.Violations[0].Context["site"] != "store/store.go:148" {
		t.Errorf("violations %s", data)
	}
}

func TestWithGODEBUG(t *testing.T) {
	t.Setenv("GODEBUG", "")
	for _, tc := range []struct {
		env  []string
		want string
	}{
		{nil, "GODEBUG=gcstoptheworld=1"},
		{[]string{"GODEBUG=madvdontneed=1"}, "GODEBUG=madvdontneed=1,gcstoptheworld=1"},
		{[]string{"GODEBUG=a=1", "GOFLAGS=-x", "GODEBUG=b=2"}, "GODEBUG=b=2,gcstoptheworld=1"},
	} {
		if got := withGODEBUG(tc.env, heapGODEBUG); got != tc.want {
			t.Errorf("withGODEBUG(%q) = %q, want %q", tc.env, got, tc.want)
		}
	}
	t.Setenv("GODEBUG", "x=1")
	if got := withGODEBUG(nil, heapGODEBUG); got != "GODEBUG=x=1,gcstoptheworld=1" {
		t.Errorf("from the environment: %q", got)
	}
}

// TestWithHeap takes the peak heap of the heap pass's benchmarks, and
// everything else from the ordinary run.
func TestWithHeap(t *testing.T) {
	result := func(pkg, name string, values ...benchfmt.Value) *benchfmt.Result {
		r := &benchfmt.Result{Name: benchfmt.Name(name), Iters: 10, Values: values}
		r.SetConfig("pkg", pkg)
		return r
	}
	val := func(v float64, unit string) benchfmt.Value { return benchfmt.Value{Value: v, Unit: unit} }
	main := []*benchfmt.Result{
		result("p", "Build-2", val(1e-3, "sec/op"), val(50e6, "peak-heap-B")),
		result("p", "Sizes/n=10-2", val(1e-3, "sec/op"), val(9e6, "peak-heap-B")),
		result("p", "Other-2", val(1e-3, "sec/op"), val(7e6, "peak-heap-B")),
		result("q", "Build-2", val(1e-3, "sec/op"), val(6e6, "peak-heap-B")),
		result("p", "Build-2", val(2e-3, "sec/op"), val(40e6, "peak-heap-B")),
	}
	heap := []*benchfmt.Result{
		result("p", "Build-2", val(9e-3, "sec/op"), val(16e6, "peak-heap-B")),
		result("p", "Build-2", val(9e-3, "sec/op"), val(17e6, "peak-heap-B")),
		result("p", "Sizes/n=10-2", val(9e-3, "sec/op"), val(1e6, "peak-heap-B")),
		result("p", "Build-2", val(9e-3, "sec/op"), val(18e6, "peak-heap-B")),
		result("p", "Sizes/n=10-2", val(9e-3, "sec/op")),
	}
	got := withHeap(main, heap, map[string][]string{"p": {"BenchmarkBuild", "BenchmarkSizes"}})
	var lines []string
	for _, r := range got {
		s := r.GetConfig("pkg") + " " + string(r.Name)
		for _, v := range r.Values {
			s += fmt.Sprintf(" %g %s", v.Value, v.Unit)
		}
		lines = append(lines, s)
	}
	want := []string{
		"p Build-2 0.001 sec/op 1.6e+07 peak-heap-B",
		"p Sizes/n=10-2 0.001 sec/op 1e+06 peak-heap-B",
		"p Other-2 0.001 sec/op 7e+06 peak-heap-B",
		"q Build-2 0.001 sec/op 6e+06 peak-heap-B",
		"p Build-2 0.002 sec/op 1.7e+07 peak-heap-B",
		"p Build-2 1.8e+07 peak-heap-B",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("results:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if len(main[0].Values) != 2 {
		t.Errorf("the ordinary run's results were changed: %+v", main[0].Values)
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}
