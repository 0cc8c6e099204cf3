// Package sample turns benchmark results into samples: the values of one
// unit of one benchmark, in run order, keyed by (package, benchmark,
// GOMAXPROCS, unit), with the warm-up repetitions dropped.
//
// The steps: gotest reads results (benchfmt.Result, units already tidied
// by benchfmt: ns/op becomes sec/op); a Set collects them with Add; the
// stats package summarizes and compares the Values of each Key. Names
// come apart with ParseName, for complexity fits over "n=" sub-benchmarks
// and for "the worst sub-benchmark decides".
//
// Keep one Set per kind of run: per-call samples (-benchtime=1x) and
// ordinary repetitions have the same units but measure different things.
package sample

import (
	"fmt"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchunit"
)

// Key identifies one series of measurements.
type Key struct {
	// Package is the benchmark's import path (its "pkg:" configuration).
	Package string
	// Name is the benchmark's name as go test prints it, sub-benchmarks
	// included, without the -GOMAXPROCS suffix: "BenchmarkSort/n=100".
	Name string
	// Procs is GOMAXPROCS, from the suffix go test adds (1 without one).
	// It is part of the key so that a run with -cpu=1,4 keeps its
	// series apart.
	Procs int
	// Unit is the unit as benchfmt tidies it: "sec/op", "B/op",
	// "allocs/op", "p99-sec/op", "queries/op".
	Unit string
}

func (k Key) String() string {
	s := k.Package + " " + k.Name
	if k.Procs != 1 {
		s += fmt.Sprintf("-%d", k.Procs)
	}
	return s + " " + k.Unit
}

// Config is what the run's benchmark output says about where it ran.
type Config struct {
	// GOOS, GOARCH and CPU are the first values of the "goos:",
	// "goarch:" and "cpu:" lines (spaces trimmed).
	GOOS, GOARCH, CPU string
	// GOMAXPROCS is the GOMAXPROCS of the first result.
	GOMAXPROCS int
	// Packages are the "pkg:" values, in the order first seen.
	Packages []string
}

// Set holds the samples of one run.
type Set struct {
	// Config describes the machine the results came from.
	Config Config
	// Units is the unit metadata the run printed; stats reads the
	// assumption (assume=exact) and direction (better=) from it.
	Units benchfmt.UnitMetadataMap
	// Warmup is how many leading values of each key were dropped.
	Warmup int

	keys   []Key
	values map[Key][]float64
	seen   map[Key]int
}

// New returns an empty set that drops the first warmup values of each key.
func New(warmup int) *Set {
	return &Set{
		Warmup: max(warmup, 0),
		Units:  benchfmt.UnitMetadataMap{},
		values: map[Key][]float64{},
		seen:   map[Key]int{},
	}
}

// FromResults collects results, in run order, into a new set.
func FromResults(results []*benchfmt.Result, units benchfmt.UnitMetadataMap, warmup int) *Set {
	s := New(warmup)
	s.AddUnits(units)
	for _, r := range results {
		s.Add(r)
	}
	return s
}

// AddUnits merges unit metadata into the set's.
func (s *Set) AddUnits(units benchfmt.UnitMetadataMap) {
	for k, v := range units {
		s.Units[k] = v
	}
}

// Add adds each value of a result to the sample of its key. The result is
// not retained, so a benchfmt.Reader's reused Result may be passed.
func (s *Set) Add(r *benchfmt.Result) {
	name, procs := splitProcs("Benchmark" + string(r.Name))
	pkg := r.GetConfig("pkg")
	s.config(r, pkg, procs)
	for _, v := range r.Values {
		// Note: benchfmt tidies a unit ("cpu-ns/op" to "cpu-sec/op") only
		// when the value is not zero, which would split a series whose
		// values are sometimes 0 in two; tidy every value here.
		unit, value := v.Unit, v.Value
		if value == 0 {
			_, unit = benchunit.Tidy(1, v.Unit)
		}
		k := Key{Package: pkg, Name: name, Procs: procs, Unit: unit}
		n, ok := s.seen[k]
		if !ok {
			s.keys = append(s.keys, k)
			s.values[k] = nil
		}
		s.seen[k] = n + 1
		if n < s.Warmup {
			continue
		}
		s.values[k] = append(s.values[k], value)
	}
}

func (s *Set) config(r *benchfmt.Result, pkg string, procs int) {
	c := &s.Config
	if c.GOMAXPROCS == 0 {
		c.GOMAXPROCS = procs
	}
	for _, f := range []struct {
		key string
		dst *string
	}{{"goos", &c.GOOS}, {"goarch", &c.GOARCH}, {"cpu", &c.CPU}} {
		if *f.dst == "" {
			*f.dst = strings.TrimSpace(r.GetConfig(f.key))
		}
	}
	if pkg != "" && (len(c.Packages) == 0 || c.Packages[len(c.Packages)-1] != pkg) {
		for _, p := range c.Packages {
			if p == pkg {
				return
			}
		}
		c.Packages = append(c.Packages, pkg)
	}
}

// Keys returns every key seen, in the order first seen; a key whose
// values were all warm-up has no values.
func (s *Set) Keys() []Key { return append([]Key(nil), s.keys...) }

// Values returns the kept values of k in run order (nil for an unknown
// key). The slice is the set's: copy it before changing it.
func (s *Set) Values(k Key) []float64 { return s.values[k] }

// Len returns the number of keys.
func (s *Set) Len() int { return len(s.keys) }

// Find returns the keys of a benchmark in a package, for every unit and
// GOMAXPROCS, in the order first seen. name is as in Key.Name.
func (s *Set) Find(pkg, name string) []Key {
	var keys []Key
	for _, k := range s.keys {
		if k.Package == pkg && k.Name == name {
			keys = append(keys, k)
		}
	}
	return keys
}

// FindTree returns the keys of a top-level benchmark and of all its
// sub-benchmarks ("BenchmarkSort", "BenchmarkSort/n=10", ...), for every
// unit and GOMAXPROCS, in the order first seen: what a contract bound to
// the benchmark judges, the worst of them deciding.
func (s *Set) FindTree(pkg, base string) []Key {
	var keys []Key
	for _, k := range s.keys {
		if k.Package == pkg && (k.Name == base || strings.HasPrefix(k.Name, base+"/")) {
			keys = append(keys, k)
		}
	}
	return keys
}
