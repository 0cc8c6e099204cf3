// Package metric is choragen's vocabulary of what a contract can judge: each
// metric's coarse kind, the unit the report gives it in, and the benchmark
// unit (as benchfmt tidies it) that carries its measurements.
//
// It is the one table that the directive parser, the config loader, the
// verdict stage and the report agree on. Adding a metric means adding a row
// here; nothing else has to learn its name.
package metric

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Metric names exactly what a contract judges, as the report's "metric"
// field spells it.
type Metric string

// The metrics of DESIGN.md ("The report").
const (
	Latency    Metric = "latency"
	Bytes      Metric = "bytes"
	Allocs     Metric = "allocs"
	Heap       Metric = "heap"
	Complexity Metric = "complexity"
	Queries    Metric = "queries"
	Requests   Metric = "requests"
	CPU        Metric = "cpu"
	Syscalls   Metric = "syscalls"
	IOBytes    Metric = "io-bytes"
	Iterations Metric = "iterations"
	Depth      Metric = "depth"
	Leak       Metric = "leak"
)

// Kind is the specification's coarse contract type (the report's "type").
type Kind string

// The kinds of the original specification.
const (
	KindLatency    Kind = "latency"
	KindMemory     Kind = "memory"
	KindComplexity Kind = "complexity"
	KindResource   Kind = "resource"
)

// Info describes one metric.
type Info struct {
	Metric Metric
	Kind   Kind
	// Unit is the unit of threshold and measured values in the report
	// ("ms", "B", "queries", ...).
	Unit string
	// BenchUnit is the benchmark unit that measures the metric, as
	// golang.org/x/perf/benchunit.Tidy spells it ("sec/op" for ns/op).
	// Empty when no benchmark unit measures it (complexity, leak).
	BenchUnit string
	// Scale converts a value in BenchUnit to Unit (1e3 for sec/op to ms).
	Scale float64
	// Exact marks integer counts that the runtime reports exactly
	// (benchfmt's "assume=exact").
	Exact bool
}

var table = []Info{
	{Metric: Latency, Kind: KindLatency, Unit: "ms", BenchUnit: "sec/op", Scale: 1e3},
	{Metric: Bytes, Kind: KindMemory, Unit: "B", BenchUnit: "B/op", Scale: 1},
	{Metric: Allocs, Kind: KindMemory, Unit: "allocs", BenchUnit: "allocs/op", Scale: 1},
	{Metric: Heap, Kind: KindMemory, Unit: "B", BenchUnit: "peak-heap-B", Scale: 1},
	{Metric: Complexity, Kind: KindComplexity, Unit: "class"},
	{Metric: Queries, Kind: KindResource, Unit: "queries", BenchUnit: "queries/op", Scale: 1, Exact: true},
	{Metric: Requests, Kind: KindResource, Unit: "requests", BenchUnit: "requests/op", Scale: 1, Exact: true},
	{Metric: CPU, Kind: KindResource, Unit: "ms", BenchUnit: "cpu-sec/op", Scale: 1e3},
	{Metric: Syscalls, Kind: KindResource, Unit: "syscalls", BenchUnit: "syscalls/op", Scale: 1},
	{Metric: IOBytes, Kind: KindResource, Unit: "B", BenchUnit: "io-bytes/op", Scale: 1},
	{Metric: Iterations, Kind: KindComplexity, Unit: "iterations", BenchUnit: "iterations/op", Scale: 1, Exact: true},
	{Metric: Depth, Kind: KindComplexity, Unit: "depth", BenchUnit: "depth/op", Scale: 1, Exact: true},
	{Metric: Leak, Kind: KindMemory, Unit: "goroutines"},
}

// Lookup returns the description of m.
func Lookup(m Metric) (Info, bool) {
	for _, in := range table {
		if in.Metric == m {
			return in, true
		}
	}
	return Info{}, false
}

// All returns every metric, in the order of DESIGN.md.
func All() []Info { return append([]Info(nil), table...) }

// PercentileUnit is the benchmark unit that carries the p-th percentile of
// time per call, as perftest reports it ("p99-ns/op", tidied to
// "p99-sec/op"). Fractional percentiles keep their digits: "p99.9-sec/op".
func PercentileUnit(p float64) string {
	return "p" + strconv.FormatFloat(p, 'f', -1, 64) + "-sec/op"
}

// ParsePercentileUnit reports the percentile a benchmark unit carries, for
// units of the form "p<N>-sec/op" or "p<N>-ns/op".
func ParsePercentileUnit(unit string) (float64, bool) {
	rest, ok := strings.CutPrefix(unit, "p")
	if !ok {
		return 0, false
	}
	num, suffix, ok := strings.Cut(rest, "-")
	if !ok || (suffix != "sec/op" && suffix != "ns/op") {
		return 0, false
	}
	p, err := strconv.ParseFloat(num, 64)
	if err != nil || p <= 0 || p >= 100 {
		return 0, false
	}
	return p, true
}

// ID returns a contract's identifier, "<metric>[@p<N>]:<target>", which is
// unique per contract (DESIGN.md, "The report").
func ID(m Metric, percentile float64, target string) string {
	if percentile > 0 {
		return fmt.Sprintf("%s@p%s:%s", m, strconv.FormatFloat(percentile, 'f', -1, 64), target)
	}
	return string(m) + ":" + target
}

// Names returns the metric names, sorted, for error messages.
func Names() []string {
	names := make([]string, len(table))
	for i, in := range table {
		names[i] = string(in.Metric)
	}
	sort.Strings(names)
	return names
}
