package perfsql

import (
	"strconv"

	"github.com/choragen/choragen/internal/metric"
	"github.com/choragen/choragen/perf"
)

// Violation returns f as a violation of the queries contract of target, a
// function's pprof-style name ("example.com/shop/store.(*Store).Orders"),
// for a perf.Collector and so for choragen's report:
//
//   - ContractID "queries:<target>", Metric "queries", Unit "queries";
//   - Measured is how many times the repeated statement ran in one call
//     (Finding.Count), Threshold 1: a statement that runs once per row
//     should run once per call; Samples 1 (one call was checked);
//   - Stack is the caller's frames from the call site outwards
//     ("function file:line");
//   - Context names the evidence: "nplusone" (the Signal: "repeated" or
//     "scaling"), "fingerprint", "site" ("file:line", the file as
//     compiled), "function" (the call site's), "count", and for the
//     scaling signal "n" and "countAtN".
//
// The statement's literals (Finding.Example) are left out: a violation
// leaves the process, a fingerprint has none.
func (f Finding) Violation(target string) perf.Violation {
	ctx := map[string]any{
		"nplusone":    string(f.Signal),
		"fingerprint": f.Fingerprint,
		"function":    f.Site.Function,
		"count":       f.Count,
	}
	if f.Site.File != "" {
		ctx["site"] = f.Site.File + ":" + strconv.Itoa(f.Site.Line)
	}
	if f.Signal == SignalScaling {
		ctx["n"] = f.N
		ctx["countAtN"] = f.CountAtN
	}
	var stack []string
	for _, s := range f.Stack {
		stack = append(stack, s.Function+" "+s.File+":"+strconv.Itoa(s.Line))
	}
	return perf.Violation{
		ContractID: metric.ID(metric.Queries, 0, target),
		Target:     target,
		Metric:     string(metric.Queries),
		Measured:   float64(f.Count),
		Threshold:  1,
		Unit:       "queries",
		Samples:    1,
		Stack:      stack,
		Context:    ctx,
	}
}

// Record records each finding in c (perf.Default if nil) as a violation of
// target's queries contract (Finding.Violation). This is how N+1s found at
// run time or in a test reach choragen's report: perftest.Main, or
// perf.Flush as the process ends, writes the collector's violations for
// the choragen command, which shows each one's fingerprint, call site and
// count beside the contract.
//
//	scope := perfsql.NewScope(ctx)
//	orders, err := store.RecentOrders(scope.Context(), customer, 20)
//	perfsql.Record(nil, "example.com/shop/store.(*Store).RecentOrders", scope.NPlusOne())
func Record(c *perf.Collector, target string, findings []Finding) {
	if c == nil {
		c = perf.Default
	}
	for _, f := range findings {
		c.Record(f.Violation(target))
	}
}
