package directive

import (
	"go/token"
	"slices"

	"github.com/choragen/choragen/internal/metric"
)

// A Spec is one contract that a directive declares: one metric and its
// bound. A directive with several keys yields several specs
// ("//perf:memory max=10MB allocs=50" yields a bytes spec and an allocs spec).
type Spec struct {
	// Metric is what the contract judges.
	Metric metric.Metric `json:"metric"`
	// Max is the bound in the metric's report unit (Unit): milliseconds
	// for latency and cpu, bytes for sizes, the count itself for counts,
	// and the class index (metric.Class) for complexity.
	Max float64 `json:"max"`
	// Percentile is the latency percentile (p=), in (0, 100); 0 means the
	// mean time per call. Always 0 for other metrics.
	Percentile float64 `json:"percentile,omitempty"`
	// Class is the complexity bound; meaningful only for metric.Complexity,
	// where Max is float64(Class) (and JSON carries only Max).
	Class metric.Class `json:"-"`

	// Directive is the directive's name ("latency", "memory"), Key the key
	// that set the bound ("max", "allocs") and Value its text as written
	// ("10MB", "O(n log n)").
	Directive string `json:"directive"`
	Key       string `json:"key"`
	Value     string `json:"value"`
	// Pos is the position of the key=value pair.
	Pos token.Position `json:"pos"`
}

// Unit is the report unit of Max ("ms", "B", "queries", "class").
func (s Spec) Unit() string {
	in, _ := metric.Lookup(s.Metric)
	return in.Unit
}

// A Directive is one parsed "//perf:" line.
type Directive struct {
	// Name is the directive's name without "//perf:" ("latency").
	Name string
	// Pos is the position of the "//perf:" comment.
	Pos token.Position
	// Specs are the contracts of the line, in the order of its keys.
	Specs []Spec
	// Bench is the benchmark named by bench=, "" when none; BenchPos is
	// the position of the bench= pair.
	Bench    string
	BenchPos token.Position
}

// valueKind says how a key's value is written and converted.
type valueKind int

const (
	vDuration   valueKind = iota // Go duration → ms; > 0
	vSize                        // bytes with an optional unit → B; >= 0
	vSizePos                     // as vSize, > 0
	vCount                       // whole number; >= 0
	vCountPos                    // whole number; > 0
	vClass                       // O(...) → class index
	vPercentile                  // number in (0, 100)
	vBench                       // benchmark function name
)

type keyDef struct {
	key    string
	metric metric.Metric // "" for keys that modify others (p, bench)
	kind   valueKind
}

// A dirDef describes one directive: its keys, in the order error messages
// list them, and whether it needs max= or at least one of its metric keys.
type dirDef struct {
	name        string
	keys        []keyDef
	requiresMax bool // max= is required; otherwise at least one metric key
}

var bench = keyDef{key: "bench", kind: vBench}

// directives is the table of DESIGN.md ("Declaring contracts").
//
// Note: zero is a valid bound for counts and per-call sizes (allocs=0 is
// the usual zero-allocation contract, queries max=0 says "served without the
// database"), but not for durations, heap, iterations or depth, where it
// can only be a mistake.
var directives = []dirDef{
	{name: "latency", requiresMax: true, keys: []keyDef{{"max", metric.Latency, vDuration}, {"p", "", vPercentile}, bench}},
	{name: "memory", keys: []keyDef{{"max", metric.Bytes, vSize}, {"allocs", metric.Allocs, vCount}, {"heap", metric.Heap, vSizePos}, bench}},
	{name: "complexity", requiresMax: true, keys: []keyDef{{"max", metric.Complexity, vClass}, bench}},
	{name: "queries", requiresMax: true, keys: []keyDef{{"max", metric.Queries, vCount}, bench}},
	{name: "requests", requiresMax: true, keys: []keyDef{{"max", metric.Requests, vCount}, bench}},
	{name: "cpu", requiresMax: true, keys: []keyDef{{"max", metric.CPU, vDuration}, bench}},
	{name: "io", keys: []keyDef{{"syscalls", metric.Syscalls, vCount}, {"bytes", metric.IOBytes, vSize}, bench}},
	{name: "iterations", requiresMax: true, keys: []keyDef{{"max", metric.Iterations, vCountPos}, bench}},
	{name: "depth", requiresMax: true, keys: []keyDef{{"max", metric.Depth, vCountPos}, bench}},
}

func lookupDirective(name string) *dirDef {
	for i := range directives {
		if directives[i].name == name {
			return &directives[i]
		}
	}
	return nil
}

func (d *dirDef) lookupKey(key string) *keyDef {
	for i := range d.keys {
		if d.keys[i].key == key {
			return &d.keys[i]
		}
	}
	return nil
}

// Names returns the directive names, sorted ("complexity", "cpu", ...).
func Names() []string {
	names := make([]string, len(directives))
	for i, d := range directives {
		names[i] = d.name
	}
	slices.Sort(names)
	return names
}
