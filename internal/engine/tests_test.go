package engine

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/choragen/choragen/internal/config"
	"github.com/choragen/choragen/internal/report"
	"github.com/choragen/choragen/perf"
)

// TestWriteRules writes the rules of examples/shop's configuration and
// reads them back as perf does.
func TestWriteRules(t *testing.T) {
	mod, err := filepath.Abs("../../examples/shop")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(filepath.Join(mod, ".choragen", "performance.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "rules.json")
	if err := writeRules(path, cfg, mod); err != nil {
		t.Fatal(err)
	}
	rules, err := perf.ReadRules(path)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rules {
		got = append(got, strings.Join([]string{r.Pattern, r.Section, r.Metric, jsonNum(r.Max), r.Unit, jsonNum(r.Percentile), r.Source}, " | "))
	}
	want := []string{
		" | latency | latency | 50 | ms | 0 | .choragen/performance.yaml:5",
		"catalog/* | latency | latency | 50 | ms | 0 | .choragen/performance.yaml:7",
		"GET /api/** | latency | latency | 100 | ms | 95 | .choragen/performance.yaml:8",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rules:\n%s\nwant (only latency, which routes are judged on):\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func jsonNum(f float64) string {
	b, _ := json.Marshal(f)
	return string(b)
}

// TestRuleShape keeps the engine's copy of perf.Rule in step with perf.
func TestRuleShape(t *testing.T) {
	keys := func(v any) []string {
		var ks []string
		rt := reflect.TypeOf(v)
		for i := range rt.NumField() {
			ks = append(ks, rt.Field(i).Tag.Get("json"))
		}
		sort.Strings(ks)
		return ks
	}
	if got, want := keys(rule{}), keys(perf.Rule{}); !reflect.DeepEqual(got, want) {
		t.Errorf("the engine writes rules with fields %v, perf reads %v", got, want)
	}
}

func TestJoinOutFiles(t *testing.T) {
	mod := filepath.FromSlash("/src/shop")
	f := func(v float64) *float64 { return &v }
	listed := report.Contract{ID: "latency:example.com/shop/api.Get", Metric: "latency", Status: report.StatusPassed,
		Measured: f(1), Threshold: 10, Unit: "ms", Origin: "directive"}
	r := &report.Report{Contracts: []report.Contract{listed}}
	route := func(status report.Status, measured float64, samples int) report.Contract {
		return report.Contract{ID: "latency@p95:GET /api/users/{id}", Type: "latency", Metric: "latency",
			Target: "GET /api/users/{id}", Threshold: 100, Unit: "ms", Percentile: 95, Status: status,
			Measured: f(measured), Samples: samples, Origin: "config", Source: ".choragen/performance.yaml:8",
			Context: map[string]any{"statistic": "p95"}}
	}
	files := []outFile{
		{Package: "example.com/shop/api", PID: 1, Contracts: []report.Contract{
			route(report.StatusPassed, 3, 200),
			{ID: "latency:example.com/shop/api.Get", Metric: "latency", Status: report.StatusFailed, Measured: f(12), Threshold: 10, Unit: "ms",
				Origin: "code", Source: filepath.Join(mod, "api", "api.go") + ":31", Context: map[string]any{"statistic": "max"}},
			{ID: "latency:example.com/shop/api.List", Metric: "latency", Status: report.StatusPassed, Measured: f(2), Threshold: 10, Unit: "ms",
				Origin: "code", Source: filepath.Join(mod, "api", "api.go") + ":40"},
		}, Violations: []report.Violation{{ContractID: "latency:example.com/shop/api.Get", Measured: 12, Threshold: 10}}},
		{Package: "example.com/shop/web", PID: 2, Contracts: []report.Contract{route(report.StatusFailed, 140, 300)},
			Violations: []report.Violation{{ContractID: "latency@p95:GET /api/users/{id}", Measured: 140, Threshold: 100}}},
		{Package: "example.com/shop/old", PID: 3, Dropped: 2}, // a file from before contracts
	}
	joinOutFiles(r, files, mod)

	if len(r.Contracts) != 3 {
		t.Fatalf("%d contracts: %+v", len(r.Contracts), r.Contracts)
	}
	get := r.Contracts[0]
	if get.Status != report.StatusFailed || *get.Measured != 12 || get.Origin != "directive" || !strings.Contains(get.Reason, "max 12 > 10 ms") {
		t.Errorf("the listed contract failed at run time: %+v", get)
	}
	rt := r.Contracts[1]
	if rt.ID != "latency@p95:GET /api/users/{id}" || rt.Status != report.StatusFailed || *rt.Measured != 140 || rt.Samples != 500 ||
		rt.Origin != "config" || rt.Source != ".choragen/performance.yaml:8" || rt.Package != "example.com/shop/api" {
		t.Errorf("the route's contract from two processes: %+v", rt)
	}
	if procs := rt.Context["processes"]; !reflect.DeepEqual(procs, []string{"example.com/shop/api", "example.com/shop/web"}) {
		t.Errorf("processes %v", procs)
	}
	list := r.Contracts[2]
	if list.Status != report.StatusPassed || list.Type != "latency" || list.Source != "api/api.go:40" {
		t.Errorf("a code contract that passed: %+v", list)
	}
	if len(r.Violations) != 2 || len(r.UnlistedViolations()) != 0 {
		t.Errorf("violations %+v; unlisted %+v", r.Violations, r.UnlistedViolations())
	}
	if len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "dropped 2") {
		t.Errorf("warnings %q", r.Warnings)
	}
}

// TestOutFileFromPerf reads a file that perf.Flush wrote.
func TestOutFileFromPerf(t *testing.T) {
	dir := t.TempDir()
	col := perf.NewCollector(perf.CollectorOpts{})
	c, err := col.NewContractAt("GET /x", perf.Declaration{Origin: "config", Source: "p.yaml:3"}, perf.Latency{Max: 1e9})
	if err != nil {
		t.Fatal(err)
	}
	c.Observe(5e6)
	if _, err := col.WriteViolations(dir); err != nil {
		t.Fatal(err)
	}
	files, err := readOutDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || len(files[0].Contracts) != 1 {
		t.Fatalf("read %+v", files)
	}
	got := files[0].Contracts[0]
	if got.ID != "latency:GET /x" || got.Status != report.StatusPassed || *got.Measured != 5 || got.Origin != "config" || got.Samples != 1 {
		t.Errorf("contract %+v", got)
	}
}
