package perf

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/choragen/choragen/internal/race"
	"github.com/choragen/choragen/internal/report"
)

// observe adds n calls of d each to c.
func observe(c *Contract, n int, d time.Duration) {
	for range n {
		c.Observe(d)
	}
}

func TestVerdicts(t *testing.T) {
	at := Declaration{Origin: "config", Source: ".choragen/performance.yaml:7"}
	type want struct {
		id, status, statistic string
		measured              float64 // ms; within 1.6% for histogram figures
		samples, violations   int
	}
	for _, tc := range []struct {
		name   string
		limits []Limit
		calls  func(c *Contract)
		want   []want
	}{
		{"percentile passed",
			[]Limit{Latency{Max: 100 * time.Millisecond, Percentile: 95}},
			func(c *Contract) { observe(c, 190, 3*time.Millisecond); observe(c, 10, 50*time.Millisecond) },
			[]want{{"latency@p95:GET /x", StatusPassed, "p95", 3, 200, 0}}},
		{"percentile failed",
			[]Limit{Latency{Max: 10 * time.Millisecond, Percentile: 95}},
			func(c *Contract) { observe(c, 180, time.Millisecond); observe(c, 20, 40*time.Millisecond) },
			[]want{{"latency@p95:GET /x", StatusFailed, "p95", 40, 200, 1}}},
		{"percentile too few calls",
			[]Limit{Latency{Max: 10 * time.Millisecond, Percentile: 99}},
			func(c *Contract) { observe(c, 50, time.Millisecond) },
			[]want{{"latency@p99:GET /x", StatusUnmeasured, "p99", 0, 50, 0}}},
		{"mean passed, per call failed",
			[]Limit{MeanLatency{Max: 10 * time.Millisecond}, Latency{Max: 30 * time.Millisecond, Percentile: 50}},
			func(c *Contract) { observe(c, 19, 2*time.Millisecond); observe(c, 1, 60*time.Millisecond) },
			[]want{
				{"latency:GET /x", StatusPassed, "mean", 4.9, 20, 0},
				{"latency@p50:GET /x", StatusPassed, "p50", 2, 20, 0},
			}},
		{"mean failed",
			[]Limit{MeanLatency{Max: time.Millisecond}},
			func(c *Contract) { observe(c, 20, 2*time.Millisecond) },
			[]want{{"latency:GET /x", StatusFailed, "mean", 2, 20, 1}}},
		{"every call",
			[]Limit{Latency{Max: 10 * time.Millisecond}},
			func(c *Contract) { observe(c, 3, 5*time.Millisecond); c.Observe(12 * time.Millisecond) },
			[]want{{"latency:GET /x", StatusFailed, "max", 12, 4, 1}}},
		{"every call passed",
			[]Limit{Latency{Max: 10 * time.Millisecond}},
			func(c *Contract) { observe(c, 3, 5*time.Millisecond) },
			[]want{{"latency:GET /x", StatusPassed, "max", 5, 3, 0}}},
		{"memory never sampled",
			[]Limit{Allocs{Max: 1}},
			func(c *Contract) { c.Begin().End() }, // the warm-up call
			[]want{{"allocs:GET /x", StatusUnmeasured, "median", 0, 0, 0}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			col := newTestCollector(CollectorOpts{Window: time.Hour})
			c, err := col.NewContractAt("GET /x", at, tc.limits...)
			if err != nil {
				t.Fatal(err)
			}
			tc.calls(c)
			c.Check()
			got := c.Verdicts()
			if len(got) != len(tc.want) {
				t.Fatalf("%d verdicts, want %d: %+v", len(got), len(tc.want), got)
			}
			for i, w := range tc.want {
				v := got[i]
				if v.ID != w.id || v.Status != w.status || v.Statistic != w.statistic || v.Samples != w.samples || v.Violations != w.violations {
					t.Errorf("verdict %d = %+v; want %+v", i, v, w)
				}
				if d := v.Measured - w.measured; d > 0.016*w.measured+1e-9 || d < -0.016*w.measured-1e-9 {
					t.Errorf("%s: measured %v, want %v within 1.6%%", v.ID, v.Measured, w.measured)
				}
				if v.Declaration != at || v.Target != "GET /x" {
					t.Errorf("%s: declaration %+v, target %q", v.ID, v.Declaration, v.Target)
				}
				if (v.Status == StatusUnmeasured) != (v.Reason != "") {
					t.Errorf("%s: status %s with reason %q", v.ID, v.Status, v.Reason)
				}
			}
			if n := len(col.Violations()); n != sumViolations(got) {
				t.Errorf("the collector holds %d violations, the verdicts count %d", n, sumViolations(got))
			}
		})
	}
}

func sumViolations(vs []Verdict) int {
	n := 0
	for _, v := range vs {
		n += v.Violations
	}
	return n
}

func TestMeanLatencyInvalid(t *testing.T) {
	_, err := NewCollector(CollectorOpts{}).NewContract("a.F", MeanLatency{})
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "latency:a.F: max must be positive") {
		t.Errorf("MeanLatency{} = %v; want an ErrInvalid naming the id", err)
	}
	_, err = NewCollector(CollectorOpts{}).NewContract("a.F", MeanLatency{Max: 1}, Latency{Max: 1})
	if !strings.Contains(err.Error(), "declared twice") {
		t.Errorf("a mean and a per-call latency share an id; got %v", err)
	}
}

// TestCodeDeclaration checks that a contract declared in Go knows where.
func TestCodeDeclaration(t *testing.T) {
	c, err := NewCollector(CollectorOpts{}).NewContract("a.F", Allocs{Max: 1})
	if err != nil {
		t.Fatal(err)
	}
	d := c.Declaration()
	if d.Origin != "code" || !strings.Contains(d.Source, "verdict_test.go:") {
		t.Errorf("Declaration() = %+v; want code at verdict_test.go", d)
	}
	var nilContract *Contract
	if nilContract.Declaration() != (Declaration{}) || nilContract.Verdicts() != nil {
		t.Error("a nil contract has a declaration or verdicts")
	}
	nilContract.Observe(time.Second) // does not panic
}

// TestWriteContracts checks the contracts a process reports for
// $CHORAGEN_PERF_OUT against testdata/contracts.golden.
func TestWriteContracts(t *testing.T) {
	col := newTestCollector(CollectorOpts{Window: time.Hour})
	cfg := Declaration{Origin: "config", Source: ".choragen/performance.yaml:7"}
	code := Declaration{Origin: "code", Source: "/src/shop/api/api.go:31"}
	route, _ := col.NewContractAt("GET /api/users/{id}", cfg, Latency{Max: 100 * time.Millisecond, Percentile: 95})
	observe(route, 400, 3*time.Millisecond)
	slow, _ := col.NewContractAt("example.com/shop/api.Get", code, Latency{Max: 10 * time.Millisecond})
	observe(slow, 2, 12*time.Millisecond)
	few, _ := col.NewContractAt("GET /api/few", cfg, MeanLatency{Max: 50 * time.Millisecond})
	observe(few, 3, time.Millisecond)
	idle, _ := col.NewContractAt("example.com/shop/api.Idle", code, Latency{Max: time.Millisecond})
	col.Check()

	dir := t.TempDir()
	path, err := col.WriteViolations(dir)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f outFile
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Contracts) != 3 {
		t.Errorf("%d contracts written; want 3 (not the idle one, which measured nothing)", len(f.Contracts))
	}
	if len(f.Violations) != 2 {
		t.Errorf("%d violations written; want the 2 slow calls", len(f.Violations))
	}
	// Only the contracts: the violations' timestamps and goroutine
	// counts are tested by TestWriteViolations.
	out, _ := json.MarshalIndent(f.Contracts, "", "\t")
	golden(t, "testdata/contracts.golden", append(out, '\n'))
	_ = idle
}

// TestWireContractShape keeps perf's copy of the report's contract shape
// in step with the report: every field perf writes is one the report reads.
func TestWireContractShape(t *testing.T) {
	fields := map[string]reflect.Type{}
	rt := reflect.TypeOf(report.Contract{})
	for i := range rt.NumField() {
		name, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
		fields[name] = rt.Field(i).Type
	}
	wt := reflect.TypeOf(wireContract{})
	for i := range wt.NumField() {
		f := wt.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		typ, ok := fields[name]
		if !ok {
			t.Errorf("perf writes contract field %q, which the report does not have", name)
			continue
		}
		if typ.Kind() != f.Type.Kind() && !(typ.Kind() == reflect.String && f.Type.Kind() == reflect.String) {
			t.Errorf("contract field %q: perf writes %v, the report reads %v", name, f.Type, typ)
		}
	}
	w := Verdict{ID: "latency@p95:GET /x", Target: "GET /x", Metric: "latency", Percentile: 95, Threshold: 100,
		Measured: 3, Unit: "ms", Status: StatusPassed, Samples: 200, Declaration: Declaration{Origin: "config", Source: "p.yaml:7"}}.wire()
	data, _ := json.Marshal(w)
	var r report.Contract
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	if r.ID != w.ID || r.Type != "latency" || r.Status != report.StatusPassed || r.Measured == nil || *r.Measured != 3 || r.Origin != "config" || r.Source != "p.yaml:7" || r.Samples != 200 {
		t.Errorf("round trip lost fields: %+v", r)
	}
}

func TestObserveZeroAllocs(t *testing.T) {
	if race.Enabled {
		t.Skip("allocation counts differ under -race")
	}
	col := newTestCollector(CollectorOpts{Window: time.Hour})
	c, _ := col.NewContractAt("GET /x", Declaration{}, Latency{Max: time.Second, Percentile: 99}, Latency{Max: time.Second})
	if n := testing.AllocsPerRun(1000, func() { c.Observe(time.Millisecond) }); n != 0 {
		t.Errorf("Observe allocates %v times per call; want 0", n)
	}
}

func TestRules(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.json", `{"rules": [
		{"pattern": "", "section": "latency", "metric": "latency", "max": 50, "unit": "ms", "source": "p.yaml:4"},
		{"pattern": "GET /api/**", "section": "latency", "metric": "latency", "max": 100, "unit": "ms", "percentile": 95, "source": "p.yaml:7"},
		{"pattern": "store.*", "section": "queries", "metric": "queries", "max": 1, "unit": "queries", "source": "p.yaml:9"}]}`)
	rules, err := ReadRules(good)
	if err != nil {
		t.Fatal(err)
	}
	var limits []string
	for _, r := range rules {
		l, err := r.Limit()
		switch {
		case err == nil:
			limits = append(limits, strings.TrimPrefix(reflect.TypeOf(l).String(), "perf."))
		case errors.Is(err, ErrUnsupported):
			limits = append(limits, "unsupported")
		default:
			t.Errorf("%+v: %v", r, err)
		}
	}
	if got, want := strings.Join(limits, " "), "MeanLatency Latency unsupported"; got != want {
		t.Errorf("limits %s, want %s", got, want)
	}
	if l, _ := rules[1].Limit(); l != (Latency{Max: 100 * time.Millisecond, Percentile: 95}) {
		t.Errorf("rule 1 gives %+v", l)
	}
	for _, bad := range []string{`{"rules": [{"section": "latency", "max": 1}]}`, `{"rules": [{"section": "latency", "metric": "latency", "max": -1}]}`, `{`,
		`{"rules": [{"section": "latency", "metric": "latency", "max": 1, "percentile": 100}]}`} {
		if _, err := ReadRules(write("bad.json", bad)); err == nil {
			t.Errorf("ReadRules(%s) succeeded", bad)
		}
	}
	if _, err := ReadRules(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("ReadRules of a missing file succeeded")
	}

	t.Setenv(RulesEnv, "")
	if rs, err := EnvRules(); rs != nil || err != nil {
		t.Errorf("EnvRules without %s = %v, %v", RulesEnv, rs, err)
	}
	t.Setenv(RulesEnv, good)
	if rs, err := EnvRules(); len(rs) != 3 || err != nil {
		t.Errorf("EnvRules = %v, %v", rs, err)
	}
	os.Remove(good)
	if rs, err := EnvRules(); len(rs) != 3 || err != nil {
		t.Errorf("EnvRules reads the file once; the second call = %v, %v", rs, err)
	}
}
