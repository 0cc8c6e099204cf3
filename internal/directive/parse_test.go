package directive

import (
	"errors"
	"go/token"
	"strings"
	"testing"

	"github.com/choragen/choragen/internal/metric"
)

var pos = token.Position{Filename: "f.go", Offset: 100, Line: 7, Column: 1}

func TestParseValid(t *testing.T) {
	type spec struct {
		metric     metric.Metric
		max        float64
		percentile float64
		col        int
	}
	for _, tc := range []struct {
		line  string
		want  []spec
		bench string
	}{
		{"//perf:latency max=100ms", []spec{{metric.Latency, 100, 0, 16}}, ""},
		{"//perf:latency max=250us p=95", []spec{{metric.Latency, 0.25, 95, 16}}, ""},
		{"//perf:latency p=99.9 max=2s", []spec{{metric.Latency, 2000, 99.9, 23}}, ""},
		{"//perf:latency max=1m30s", []spec{{metric.Latency, 90000, 0, 16}}, ""},
		{"//perf:latency\tmax=1ms   bench=BenchmarkGet", []spec{{metric.Latency, 1, 0, 16}}, "BenchmarkGet"},
		{"//perf:memory max=10MB allocs=50", []spec{{metric.Bytes, 10e6, 0, 15}, {metric.Allocs, 50, 0, 24}}, ""},
		{"//perf:memory max=512", []spec{{metric.Bytes, 512, 0, 15}}, ""},
		{"//perf:memory max=0", []spec{{metric.Bytes, 0, 0, 15}}, ""},
		{"//perf:memory allocs=0", []spec{{metric.Allocs, 0, 0, 15}}, ""},
		{"//perf:memory heap=64MiB max=1.5KB", []spec{{metric.Heap, 64 << 20, 0, 15}, {metric.Bytes, 1500, 0, 26}}, ""},
		{"//perf:memory max=1kB heap=2GiB allocs=1_000", []spec{{metric.Bytes, 1000, 0, 15}, {metric.Heap, 2 << 30, 0, 23}, {metric.Allocs, 1000, 0, 33}}, ""},
		{"//perf:memory max=1B", []spec{{metric.Bytes, 1, 0, 15}}, ""},
		{"//perf:memory max=1GB", []spec{{metric.Bytes, 1e9, 0, 15}}, ""},
		{"//perf:complexity max=O(n log n)", []spec{{metric.Complexity, float64(metric.ONLogN), 0, 19}}, ""},
		{"//perf:complexity max=O(1)", []spec{{metric.Complexity, 0, 0, 19}}, ""},
		{"//perf:complexity max=O(n^2) bench=BenchmarkSort_n", []spec{{metric.Complexity, float64(metric.ON2), 0, 19}}, "BenchmarkSort_n"},
		{"//perf:complexity max=O(2^n)", []spec{{metric.Complexity, float64(metric.O2N), 0, 19}}, ""},
		{"//perf:complexity max=O( log n )", []spec{{metric.Complexity, float64(metric.OLogN), 0, 19}}, ""},
		{"//perf:queries max=1", []spec{{metric.Queries, 1, 0, 16}}, ""},
		{"//perf:queries max=0", []spec{{metric.Queries, 0, 0, 16}}, ""},
		{"//perf:requests max=3", []spec{{metric.Requests, 3, 0, 17}}, ""},
		{"//perf:cpu max=5ms", []spec{{metric.CPU, 5, 0, 12}}, ""},
		{"//perf:io syscalls=10 bytes=4KiB", []spec{{metric.Syscalls, 10, 0, 11}, {metric.IOBytes, 4096, 0, 23}}, ""},
		{"//perf:io bytes=0", []spec{{metric.IOBytes, 0, 0, 11}}, ""},
		{"//perf:iterations max=1_000_000", []spec{{metric.Iterations, 1e6, 0, 19}}, ""},
		{"//perf:depth max=64 bench=Benchmark", []spec{{metric.Depth, 64, 0, 14}}, "Benchmark"},
		{"//perf:depth max=64 ", []spec{{metric.Depth, 64, 0, 14}}, ""},
	} {
		d, err := Parse(pos, tc.line)
		if err != nil || d == nil {
			t.Errorf("Parse(%q) = %v, %v", tc.line, d, err)
			continue
		}
		if got, want := d.Bench, tc.bench; got != want {
			t.Errorf("Parse(%q).Bench = %q, want %q", tc.line, got, want)
		}
		if len(d.Specs) != len(tc.want) {
			t.Errorf("Parse(%q) has %d specs, want %d", tc.line, len(d.Specs), len(tc.want))
			continue
		}
		for i, w := range tc.want {
			s := d.Specs[i]
			if s.Metric != w.metric || s.Max != w.max || s.Percentile != w.percentile || s.Pos.Column != w.col {
				t.Errorf("Parse(%q).Specs[%d] = %s max=%v p=%v col %d; want %s max=%v p=%v col %d",
					tc.line, i, s.Metric, s.Max, s.Percentile, s.Pos.Column, w.metric, w.max, w.percentile, w.col)
			}
			if s.Pos.Line != pos.Line || s.Pos.Filename != pos.Filename || s.Pos.Offset != pos.Offset+w.col-1 {
				t.Errorf("Parse(%q).Specs[%d].Pos = %+v", tc.line, i, s.Pos)
			}
			if s.Metric == metric.Complexity && float64(s.Class) != s.Max {
				t.Errorf("Parse(%q): class %v, max %v", tc.line, s.Class, s.Max)
			}
		}
	}
}

func TestParseNotDirective(t *testing.T) {
	for _, line := range []string{
		"// perf:latency max=1ms",
		"//\tperf:latency max=1ms",
		"//perfect",
		"//perf",
		"//perf is slow here, see #12",
		"//perf-latency max=1ms",
		"/*perf:latency max=1ms*/",
		"//go:noinline",
		"// Package perf",
	} {
		d, err := Parse(pos, line)
		if d != nil || err != nil {
			t.Errorf("Parse(%q) = %v, %v; want nil, nil", line, d, err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		line string
		col  int
		msg  string
	}{
		{"//perf:", 8, "missing directive name after //perf: (want one of complexity, cpu, depth, io, iterations, latency, memory, queries, requests)"},
		{"//perf: latency max=1ms", 8, "no space is allowed after //perf:"},
		{"//perf :latency max=1ms", 7, "no space is allowed after //perf (write //perf:<directive>)"},
		{"//perf latency max=1ms", 7, "no space is allowed after //perf"},
		{"//perf\tlatency\tmax=1ms", 7, "no space is allowed after //perf"},
		{"//perf memory", 7, "no space is allowed after //perf"},
		{"//perf:latncy max=1ms", 8, `unknown directive "//perf:latncy" (did you mean //perf:latency?)`},
		{"//perf:Memory max=1ms", 8, "did you mean //perf:memory?"},
		{"//perf:speed max=1ms", 8, `unknown directive "//perf:speed" (want one of complexity`},
		{"//perf:latency", 8, "//perf:latency needs max="},
		{"//perf:latency p=95", 8, "//perf:latency needs max="},
		{"//perf:latency bench=BenchmarkX", 8, "//perf:latency needs max="},
		{"//perf:memory", 8, "//perf:memory needs at least one of max=, allocs=, heap="},
		{"//perf:io bench=BenchmarkIO", 8, "//perf:io needs at least one of syscalls=, bytes="},
		{"//perf:latency max=fast", 16, "max=fast: not a duration (want a Go duration such as 250us, 100ms or 2s)"},
		{"//perf:latency max=100", 16, "max=100: a duration needs a unit, as in 100ms"},
		{"//perf:latency max=0s", 16, "max=0s: must be greater than zero"},
		{"//perf:latency max=0", 16, "max=0: a duration needs a unit"},
		{"//perf:latency max=-1ms", 16, "max=-1ms: must be greater than zero"},
		{"//perf:cpu max=0ms", 12, "max=0ms: must be greater than zero"},
		{"//perf:latency max=1ms p=0", 24, "p=0: a percentile must be greater than 0 and less than 100"},
		{"//perf:latency max=1ms p=100", 24, "p=100: a percentile must be greater than 0 and less than 100"},
		{"//perf:latency max=1ms p=-5", 24, "p=-5: a percentile must be"},
		{"//perf:latency max=1ms p=p99", 24, "p=p99: not a percentile"},
		{"//perf:latency max=1ms p=1e1", 24, "p=1e1: not a percentile"},
		{"//perf:latency max=1ms p=NaN", 24, "p=NaN: not a percentile"},
		{"//perf:latency max=1ms percentile=95", 24, `unknown key "percentile" for //perf:latency (want max=, p=, bench=)`},
		{"//perf:latency mx=1ms", 16, `unknown key "mx" for //perf:latency (did you mean max=?)`},
		{"//perf:latency max=1ms max=2ms", 24, "duplicate key max= (first at column 16)"},
		{"//perf:latency max = 1ms", 16, `"max" is not key=value (write max=<value>, without spaces around '=')`},
		{"//perf:latency max= 1ms", 16, "missing value after max= (no spaces are allowed around '=')"},
		{"//perf:latency max =1ms", 16, `"max" is not key=value`},
		{"//perf:latency =1ms", 16, `missing key before '=' in "=1ms"`},
		{"//perf:latency max=1ms // tight", 24, "a directive cannot end with a comment (put the comment on its own line)"},
		{"//perf:latency max=1ms ;", 24, `";" is not key=value`},
		{"//perf:memory max=fast", 15, "max=fast: not a size (want a number of bytes with an optional unit"},
		{"//perf:memory max=10mb", 15, `max=10mb: unknown size unit "mb" (want B, KB, MB, GB, KiB, MiB or GiB)`},
		{"//perf:memory max=10TB", 15, `unknown size unit "TB"`},
		{"//perf:memory max=-1MB", 15, "max=-1MB: must not be negative"},
		{"//perf:memory max=1e3", 15, `max=1e3: unknown size unit "e3"`},
		{"//perf:memory max=.5MB", 15, "max=.5MB: not a size"},
		{"//perf:memory max=1__0", 15, "max=1__0: not a size"},
		{"//perf:memory max=99999999999GiB", 15, "max=99999999999GiB: too large"},
		{"//perf:memory heap=0", 15, "heap=0: must be greater than zero"},
		{"//perf:memory allocs=1.5", 15, "allocs=1.5: not a whole number"},
		{"//perf:memory allocs=-1", 15, "allocs=-1: must not be negative"},
		{"//perf:memory allocs=_1", 15, "allocs=_1: not a whole number"},
		{"//perf:memory allocs=99999999999999999999", 15, "allocs=99999999999999999999: too large"},
		{"//perf:complexity max=O(n!)", 19, "max=O(n!): not a complexity class (want one of O(1), O(log n), O(n), O(n log n), O(n^2), O(n^3), O(2^n))"},
		{"//perf:complexity max=fast", 19, "max=fast: not a complexity class"},
		{"//perf:complexity max=O(n log n", 19, `unclosed '(' in "max=O(n log n"`},
		{"//perf:complexity max=O(n))", 27, `unbalanced ')' in "max=O(n))"`},
		{"//perf:complexity max=O(n) p=95", 28, `unknown key "p" for //perf:complexity (want max=, bench=)`},
		{"//perf:queries max=1.5", 16, "max=1.5: not a whole number"},
		{"//perf:queries max=one", 16, "max=one: not a whole number"},
		{"//perf:iterations max=0", 19, "max=0: must be greater than zero"},
		{"//perf:depth max=0", 14, "max=0: must be greater than zero"},
		{"//perf:io syscalls=x", 11, "syscalls=x: not a whole number"},
		{"//perf:latency max=1ms bench=Benchmarkfoo", 24, "bench=Benchmarkfoo: not a benchmark function name: go test runs BenchmarkXxx only when Xxx does not start with a lower-case letter"},
		{"//perf:latency max=1ms bench=Benchmarkété", 24, "bench=Benchmarkété: not a benchmark function name: go test runs"},
		{"//perf:latency max=1ms bench=TestFoo", 24, "bench=TestFoo: not a benchmark function name (want BenchmarkXxx)"},
		{"//perf:latency max=1ms bench=BenchmarkX/n=10", 24, "bench=BenchmarkX/n=10: not a benchmark function name"},
	} {
		d, err := Parse(pos, tc.line)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Parse(%q) = %v, %v; want a *SyntaxError", tc.line, d, err)
			continue
		}
		if d != nil {
			t.Errorf("Parse(%q) returned a directive with its error", tc.line)
		}
		if se.Pos.Column != tc.col || se.Pos.Line != pos.Line || se.Pos.Filename != pos.Filename || se.Pos.Offset != pos.Offset+tc.col-1 {
			t.Errorf("Parse(%q): error at %+v, want column %d", tc.line, se.Pos, tc.col)
		}
		if !strings.Contains(se.Msg, tc.msg) {
			t.Errorf("Parse(%q): error %q, want it to contain %q", tc.line, se.Msg, tc.msg)
		}
		if got, want := se.Error(), se.Pos.String()+": "+se.Msg; got != want {
			t.Errorf("Error() = %q, want %q", got, want)
		}
		if se.ExitCode() != 2 {
			t.Errorf("ExitCode() = %d, want 2", se.ExitCode())
		}
	}
}

func TestNames(t *testing.T) {
	got := strings.Join(Names(), " ")
	if want := "complexity cpu depth io iterations latency memory queries requests"; got != want {
		t.Errorf("Names() = %q, want %q", got, want)
	}
	// Every metric key converts to a metric that internal/metric knows, so
	// that Spec.Unit is never empty.
	for _, d := range directives {
		for _, k := range d.keys {
			if k.metric == "" {
				continue
			}
			if _, ok := metric.Lookup(k.metric); !ok {
				t.Errorf("//perf:%s %s= judges unknown metric %q", d.name, k.key, k.metric)
			}
		}
	}
}
