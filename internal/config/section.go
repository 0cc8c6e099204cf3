package config

import (
	"strings"

	"github.com/choragen/choragen/internal/metric"
)

// A sectionSpec describes one contract section of contracts: and the rule
// shape its default and overrides share.
type sectionSpec struct {
	name       string
	units      []unit // nil: the section has no unit key
	defUnit    string // the unit when a rule names none
	percentile bool
	quantities []quantity
}

// A quantity is a rule key that sets one metric's threshold.
type quantity struct {
	key    string
	metric metric.Metric
	scaled bool // in the rule's unit; else a plain count
	// zeroOK: zero is a meaningful bound ("no allocations", "no queries");
	// a time or a peak heap cannot be zero.
	zeroOK bool
}

// A unit is a spelling of a unit and its size in the report unit.
type unit struct {
	name  string
	scale float64
}

// Time units, converted to ms, the report unit of latency and cpu; ms is
// the default. Both micro signs are accepted, as Go's time.ParseDuration
// does.
var timeUnits = []unit{
	{"ns", 1e-6}, {"us", 1e-3}, {"µs", 1e-3}, {"μs", 1e-3}, {"ms", 1}, {"s", 1e3},
}

// Size units, converted to bytes: KB, MB, GB are powers of 1000; KiB,
// MiB, GiB powers of 1024. B is the default.
var sizeUnits = []unit{
	{"B", 1}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30},
}

// sectionOrder is the order of contracts: keys, that of DESIGN.md's
// directives; Rules returns rules in this order.
var sectionOrder = []string{"latency", "memory", "complexity", "queries", "requests", "cpu", "io", "iterations", "depth"}

var sectionSpecs = map[string]*sectionSpec{
	"latency": {name: "latency", units: timeUnits, defUnit: "ms", percentile: true, quantities: []quantity{
		{key: "max", metric: metric.Latency, scaled: true},
	}},
	"memory": {name: "memory", units: sizeUnits, defUnit: "B", quantities: []quantity{
		{key: "max", metric: metric.Bytes, scaled: true, zeroOK: true},
		{key: "allocs", metric: metric.Allocs, zeroOK: true},
		{key: "heap", metric: metric.Heap, scaled: true},
	}},
	"queries":  {name: "queries", quantities: []quantity{{key: "max", metric: metric.Queries, zeroOK: true}}},
	"requests": {name: "requests", quantities: []quantity{{key: "max", metric: metric.Requests, zeroOK: true}}},
	"cpu": {name: "cpu", units: timeUnits, defUnit: "ms", quantities: []quantity{
		{key: "max", metric: metric.CPU, scaled: true},
	}},
	"io": {name: "io", units: sizeUnits, defUnit: "B", quantities: []quantity{
		{key: "syscalls", metric: metric.Syscalls, zeroOK: true},
		{key: "bytes", metric: metric.IOBytes, scaled: true, zeroOK: true},
	}},
	"iterations": {name: "iterations", quantities: []quantity{{key: "max", metric: metric.Iterations, zeroOK: true}}},
	"depth":      {name: "depth", quantities: []quantity{{key: "max", metric: metric.Depth, zeroOK: true}}},
}

// keys returns the keys a rule of the section may have, in order.
func (s *sectionSpec) keys() []string {
	var keys []string
	for _, q := range s.quantities {
		keys = append(keys, q.key)
	}
	if s.units != nil {
		keys = append(keys, "unit")
	}
	if s.percentile {
		keys = append(keys, "percentile")
	}
	return keys
}

// unitNames returns the unit spellings, for messages; the Greek mu is left
// out, as it reads the same as the micro sign.
func (s *sectionSpec) unitNames() []string {
	var names []string
	for _, u := range s.units {
		if u.name != "μs" {
			names = append(names, u.name)
		}
	}
	return names
}

func (s *sectionSpec) unit(name string) (unit, bool) {
	for _, u := range s.units {
		if u.name == name {
			return u, true
		}
	}
	return unit{}, false
}

// rawRule is a rule as written: the keys it sets.
type rawRule struct {
	nums map[string]float64 // quantities and percentile
	unit string             // "" when not written
	bad  bool               // some key had an error
}

// merge returns the override o refined over the default d: what o omits
// comes from d.
func merge(d, o *rawRule) *rawRule {
	m := &rawRule{nums: map[string]float64{}, unit: o.unit}
	if d != nil {
		for k, v := range d.nums {
			m.nums[k] = v
		}
		if m.unit == "" {
			m.unit = d.unit
		}
	}
	for k, v := range o.nums {
		m.nums[k] = v
	}
	return m
}

// complete reports whether the rule sets at least one quantity.
func (s *sectionSpec) complete(r *rawRule) bool {
	for _, q := range s.quantities {
		if _, ok := r.nums[q.key]; ok {
			return true
		}
	}
	return false
}

// missing describes what an incomplete rule lacks.
func (s *sectionSpec) missing() string {
	if len(s.quantities) == 1 {
		return "no " + s.quantities[0].key
	}
	var keys []string
	for _, q := range s.quantities {
		keys = append(keys, q.key)
	}
	return "none of " + orList(keys)
}

// rules converts a complete raw rule to Rules in report units.
func (s *sectionSpec) rules(r *rawRule, pattern string, pos Pos) []Rule {
	scale := 1.0
	if s.units != nil {
		name := r.unit
		if name == "" {
			name = s.defUnit
		}
		u, _ := s.unit(name)
		scale = u.scale
	}
	var rules []Rule
	for _, q := range s.quantities {
		v, ok := r.nums[q.key]
		if !ok {
			continue
		}
		if q.scaled {
			v *= scale
		}
		rules = append(rules, Rule{
			Section:    s.name,
			Metric:     q.metric,
			Max:        v,
			Percentile: r.nums["percentile"],
			Pattern:    pattern,
			Pos:        pos,
		})
	}
	return rules
}

// suggest returns the name closest to key, for "did you mean" hints: one
// that differs only in case, or by at most two edits.
func suggest(key string, names []string) string {
	best, bestDist := "", 3
	for _, n := range names {
		if strings.EqualFold(n, key) {
			return n
		}
		if d := editDistance(key, n); d < bestDist {
			best, bestDist = n, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
