package stats

import (
	"strings"

	"golang.org/x/perf/benchfmt"

	"github.com/choragen/choragen/internal/metric"
)

// Unit says how to treat the values of one benchmark unit: which direction
// is better and whether they are exact.
type Unit struct {
	// Name is the unit as benchfmt tidies it ("sec/op", "queries/op").
	Name string
	// Better is -1 when lower values are better, +1 when higher values
	// are, 0 when unknown (then no change is called a regression).
	Better int
	// Exact marks units whose values are exact counts
	// ("Unit queries/op assume=exact"): summarized by their mode and
	// compared without a statistical test.
	Exact bool
}

// UnitOf describes a unit from the run's unit metadata (nil is allowed).
//
// Direction: the metadata's better= wins; then benchfmt's defaults (time,
// B/op, allocs/op: lower; MB/s, B/s: higher); then choragen's vocabulary,
// where every metric a contract judges is a cost, so that p99-sec/op,
// cpu-sec/op, peak-heap-B and any other unit per operation are lower-is-
// better; a unit per second is higher-is-better. Anything else is unknown.
//
// Exactness comes only from the metadata (assume=exact), as in benchstat:
// a value that merely looks like a count may still vary.
func UnitOf(name string, meta benchfmt.UnitMetadataMap) Unit {
	u := Unit{Name: name}
	u.Exact = meta.GetAssumption(name).SummaryLabel() == "exact"
	u.Better = meta.GetBetter(name)
	if u.Better != 0 || meta.Get(name, "better") != nil {
		return u
	}
	switch {
	case isMetricUnit(name), strings.HasSuffix(name, "/op"):
		u.Better = -1
	case strings.HasSuffix(name, "/s"):
		u.Better = +1
	}
	return u
}

func isMetricUnit(name string) bool {
	if _, ok := metric.ParsePercentileUnit(name); ok {
		return true
	}
	for _, in := range metric.All() {
		if in.BenchUnit != "" && in.BenchUnit == name {
			return true
		}
	}
	return false
}
