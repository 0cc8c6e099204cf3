package render_test

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/choragen/choragen/internal/render"
	"github.com/choragen/choragen/internal/report"
)

// A stored report is read back with Decode and rendered in the format a
// --format flag names.
func Example() {
	stored := `{
	  "timestamp": "2026-11-22T10:00:00Z",
	  "summary": {"contractsPassed": 1, "contractsFailed": 1, "score": 50},
	  "contracts": [
	    {"id": "latency@p99:example.com/svc.Spiky", "type": "latency", "metric": "latency",
	     "target": "example.com/svc.Spiky", "threshold": 1, "unit": "ms", "percentile": 99,
	     "status": "failed", "measured": 4.1, "source": "svc.go:31", "benchmark": "BenchmarkSpiky"},
	    {"id": "bytes:example.com/svc.Spiky", "type": "memory", "metric": "bytes",
	     "target": "example.com/svc.Spiky", "threshold": 10000000, "unit": "B",
	     "status": "passed", "measured": 1240, "source": "svc.go:32", "benchmark": "BenchmarkSpiky"}
	  ],
	  "passed": false,
	  "reasons": ["1 contract failed: latency@p99:example.com/svc.Spiky"]
	}`
	r, err := report.Decode(strings.NewReader(stored))
	if err != nil {
		fmt.Println(err)
		return
	}
	format, err := render.ParseFormat("text")
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := render.Report(os.Stdout, r, format, render.Options{}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// time: 2026-11-22T10:00:00Z
	//
	// contracts
	//   STATUS  TARGET  METRIC       MEASURED  LIMIT    BENCHMARK       SOURCE
	// example.com/svc
	//   FAIL    Spiky   latency p99  4.100ms   1.000ms  BenchmarkSpiky  svc.go:31
	//       measured 4.100ms, more than the limit 1.000ms
	//   ok      Spiky   bytes        1.240kB   10.00MB  BenchmarkSpiky  svc.go:32
	//
	// FAIL  score 50  1 passed, 1 failed, 0 unmeasured, 0 inconclusive, 0 regressions
	//   1 contract failed: latency@p99:example.com/svc.Spiky
}

func ExampleParseFormat() {
	_, err := render.ParseFormat("yaml")
	fmt.Println(err)
	// Output:
	// unknown format "yaml" (want one of text, json, markdown, junit, github)
}

// The github format turns failed contracts into annotations at the
// directive's line; SourceRoot makes the module's paths repository paths.
func ExampleWriteGitHub() {
	r := &report.Report{
		Timestamp: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC),
		Summary:   report.Summary{ContractsFailed: 1},
		Contracts: []report.Contract{{
			ID: "queries:example.com/shop/store.(*DB).Orders", Metric: "queries",
			Target: "example.com/shop/store.(*DB).Orders", Threshold: 1, Unit: "queries",
			Status: report.StatusFailed, Measured: report.Float(101), Source: "store/db.go:18",
			Reason: "N+1: 100 identical SELECTs per call",
		}},
		Reasons: []string{"1 contract failed: queries:example.com/shop/store.(*DB).Orders"},
	}
	if err := render.WriteGitHub(os.Stdout, r, render.Options{SourceRoot: "services/shop"}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// ::error file=services/shop/store/db.go,line=18,title=choragen%3A queries contract failed::example.com/shop/store.(*DB).Orders: measured 101 queries, limit 1 query%0AN+1: 100 identical SELECTs per call
	// ::notice title=choragen%3A FAIL::score 0: 0 passed, 1 failed, 0 unmeasured, 0 inconclusive, 0 regressions%0A1 contract failed: queries:example.com/shop/store.(*DB).Orders
}
