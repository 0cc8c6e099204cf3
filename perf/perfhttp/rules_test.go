package perfhttp

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/choragen/choragen/internal/config"
	"github.com/choragen/choragen/internal/pattern"
	"github.com/choragen/choragen/perf"
)

// TestRulesChooseAsConfig checks that a route takes the limits that
// config.Rules gives it: the middleware applies the configuration's
// precedence in the test process, from the rules choragen passes on.
func TestRulesChooseAsConfig(t *testing.T) {
	cfg, err := config.Parse([]byte(`contracts:
  latency:
    default: {max: 50, unit: ms}
    overrides:
      "api/*": {max: 1, unit: s}
      "GET /api/**": {max: 100, percentile: 95}
      "/api/users/{id}": {max: 20}
      "GET /api/users/*": {max: 30, percentile: 99}
      "GET /*/users/*": {max: 40, percentile: 90}
      "**/{id}": {max: 60}
      "store.*": {max: 2}
      "POST /api/**": {max: 70, percentile: 50}
  memory:
    default: {max: 1, unit: MB}
`), ".choragen/performance.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// What the engine writes: the latency rules, in report units.
	var rules []perf.Rule
	for _, r := range cfg.AllRules() {
		if r.Section != "latency" {
			continue
		}
		rules = append(rules, perf.Rule{Pattern: r.Pattern, Section: r.Section, Metric: string(r.Metric),
			Max: r.Max, Unit: "ms", Percentile: r.Percentile, Source: r.Pos.File + ":" + strconv.Itoa(r.Pos.Line)})
	}
	set, problems := newRuleSet(rules)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	for _, route := range []string{
		"GET /api/users/{id}", "GET /api/users/{userID}", "POST /api/users/{id}", "DELETE /api/users/{id}",
		"GET /api/users", "GET /v1/users/{id}", "GET /api/", "/api/x", "GET /health", "/health",
		"POST /api/orders", "GET /files/{path...}", "PUT /x/{id}", "GET api.example.com/api/x",
	} {
		target := pattern.ParseTarget(route)
		limits, at := set.limits(&target)
		var want []string
		var wantSource string
		for _, r := range cfg.Rules(route) {
			if r.Section == "latency" {
				want = append(want, fmt.Sprintf("%g@p%g", r.Max, r.Percentile))
				wantSource = r.Pos.File + ":" + strconv.Itoa(r.Pos.Line)
			}
		}
		var got []string
		for _, l := range limits {
			switch l := l.(type) {
			case perf.Latency:
				got = append(got, fmt.Sprintf("%g@p%g", float64(l.Max.Milliseconds()), l.Percentile))
			case perf.MeanLatency:
				got = append(got, fmt.Sprintf("%g@p0", float64(l.Max.Milliseconds())))
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) || at.Source != wantSource || (len(got) > 0) != (at.Origin == "config") {
			t.Errorf("%s: middleware %v from %+v; config %v from %s", route, got, at, want, wantSource)
		}
	}
}
