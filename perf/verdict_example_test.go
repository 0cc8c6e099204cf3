package perf_test

import (
	"fmt"
	"time"

	"github.com/choragen/choragen/perf"
)

// Observe adds calls timed elsewhere, such as requests whose route is
// known only once the router has chosen it; Verdicts says how each limit
// fared, passed or not.
func ExampleContract_Observe() {
	col := perf.NewCollector(perf.CollectorOpts{})
	route, err := col.NewContractAt("GET /api/users/{id}",
		perf.Declaration{Origin: "config", Source: ".choragen/performance.yaml:7"},
		perf.Latency{Max: 100 * time.Millisecond, Percentile: 95},
		perf.MeanLatency{Max: 20 * time.Millisecond})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i := range 400 {
		d := 4 * time.Millisecond
		if i%25 == 0 {
			d = 500 * time.Millisecond // 4% of the calls are slow
		}
		route.Observe(d)
	}
	col.Check() // judge the open window now (Flush does this at exit)
	for _, v := range route.Verdicts() {
		fmt.Printf("%s: %s, %s %.0fms (max %gms) over %d calls, from %s\n",
			v.ID, v.Status, v.Statistic, v.Measured, v.Threshold, v.Samples, v.Source)
	}
	// Output:
	// latency@p95:GET /api/users/{id}: passed, p95 4ms (max 100ms) over 400 calls, from .choragen/performance.yaml:7
	// latency:GET /api/users/{id}: failed, mean 24ms (max 20ms) over 400 calls, from .choragen/performance.yaml:7
}

// A configuration rule becomes a limit: with a percentile, a Latency
// judged on it; without one, a MeanLatency, as a benchmark judges it.
func ExampleRule_Limit() {
	for _, r := range []perf.Rule{
		{Pattern: "GET /api/**", Section: "latency", Metric: "latency", Max: 100, Unit: "ms", Percentile: 95},
		{Pattern: "", Section: "latency", Metric: "latency", Max: 50, Unit: "ms"},
		{Pattern: "store/*", Section: "queries", Metric: "queries", Max: 1, Unit: "queries"},
	} {
		l, err := r.Limit()
		fmt.Printf("%q: %+v %v\n", r.Pattern, l, err)
	}
	// Output:
	// "GET /api/**": {Max:100ms Percentile:95 Enforce:false} <nil>
	// "": {Max:50ms} <nil>
	// "store/*": <nil> perf: metric not measured at run time: queries
}
