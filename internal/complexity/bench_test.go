package complexity

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/perf/benchfmt"
)

var update = flag.Bool("update", false, "rewrite testdata/recorded from a fresh acceptance run")

// series is one benchmark's measurements in one unit, by size.
type series struct {
	bench, unit string
	points      []Point
}

// readBench reads Go benchmark text and groups the results of sub-benchmarks
// named n=<size> (also size= and len=) by benchmark and unit.
func readBench(r io.Reader, name string) ([]series, error) {
	type key struct{ bench, unit string }
	got := map[key]map[float64][]float64{}
	br := benchfmt.NewReader(r, name)
	for br.Scan() {
		res, ok := br.Result().(*benchfmt.Result)
		if !ok {
			continue
		}
		base, parts := res.Name.Parts()
		n, ok := sizeOf(parts)
		if !ok {
			continue
		}
		for _, v := range res.Values {
			k := key{string(base), v.Unit}
			if got[k] == nil {
				got[k] = map[float64][]float64{}
			}
			got[k][n] = append(got[k][n], v.Value)
		}
	}
	if err := br.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	var out []series
	for _, k := range slices.SortedFunc(maps.Keys(got), func(a, b key) int {
		return strings.Compare(a.bench+" "+a.unit, b.bench+" "+b.unit)
	}) {
		s := series{bench: k.bench, unit: k.unit}
		for _, n := range slices.Sorted(maps.Keys(got[k])) {
			s.points = append(s.points, Point{N: n, Values: got[k][n]})
		}
		out = append(out, s)
	}
	return out, nil
}

// sizeOf finds the n=, size= or len= part of a benchmark name.
func sizeOf(parts [][]byte) (float64, bool) {
	for _, p := range parts {
		s := strings.TrimPrefix(string(p), "/")
		for _, k := range []string{"n=", "size=", "len="} {
			if v, ok := strings.CutPrefix(s, k); ok {
				n, err := strconv.ParseFloat(v, 64)
				return n, err == nil
			}
		}
	}
	return 0, false
}

// testJSONOutput rejoins the output of a `go test -json` stream (one
// package), which splits benchmark lines across events.
func testJSONOutput(r io.Reader) (string, error) {
	var b strings.Builder
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var ev struct{ Action, Output string }
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			continue // go test prints build errors as plain text
		}
		if ev.Action == "output" {
			b.WriteString(ev.Output)
		}
	}
	return b.String(), sc.Err()
}
