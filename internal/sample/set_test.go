package sample

import (
	"strings"
	"testing"

	"golang.org/x/perf/benchfmt"
)

// TestZeroValuesTidied: benchfmt leaves the unit of a zero value untidied
// ("0 cpu-ns/op"); the set files it with the tidied series.
func TestZeroValuesTidied(t *testing.T) {
	text := "pkg: p\nBenchmarkF-2 10 5 cpu-ns/op\nBenchmarkF-2 10 0 cpu-ns/op\nBenchmarkF-2 10 7 cpu-ns/op\n"
	r := benchfmt.NewReader(strings.NewReader(text), "t")
	s := New(0)
	for r.Scan() {
		if res, ok := r.Result().(*benchfmt.Result); ok {
			s.Add(res)
		}
	}
	keys := s.Keys()
	if len(keys) != 1 || keys[0].Unit != "cpu-sec/op" {
		t.Fatalf("keys %v, want one series in cpu-sec/op", keys)
	}
	if got := s.Values(keys[0]); len(got) != 3 || got[1] != 0 {
		t.Fatalf("values %v", got)
	}
}
