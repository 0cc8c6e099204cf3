package complexity_test

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/perf/benchfmt"

	"github.com/choragen/choragen/internal/complexity"
	"github.com/choragen/choragen/internal/metric"
)

// Example checks two declared bounds against a real run of an insertion
// sort's n= sub-benchmarks on reversed input (testdata/example.txt).
func Example() {
	f, err := os.Open("testdata/example.txt")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	bySize := map[float64][]float64{}
	var sizes []float64
	r := benchfmt.NewReader(f, "example.txt")
	for r.Scan() {
		res, ok := r.Result().(*benchfmt.Result)
		if !ok {
			continue
		}
		_, parts := res.Name.Parts()
		n, err := strconv.ParseFloat(strings.TrimPrefix(string(parts[0]), "/n="), 64)
		if err != nil {
			continue
		}
		if v, ok := res.Value("sec/op"); ok {
			if bySize[n] == nil {
				sizes = append(sizes, n)
			}
			bySize[n] = append(bySize[n], v)
		}
	}
	var points []complexity.Point
	for _, n := range sizes {
		points = append(points, complexity.Point{N: n, Values: bySize[n]})
	}
	for _, bound := range []metric.Class{metric.ON, metric.ON2} {
		res := complexity.Check(points, bound, complexity.Options{Seed: 1})
		fmt.Printf("%v: %s\n", bound, res.Status)
	}
	// Output:
	// O(n): failed
	// O(n^2): passed
}

func ExampleCheck() {
	// allocs/op of a function that allocates one node per element.
	var points []complexity.Point
	for _, n := range []float64{100, 1000, 10000, 100000} {
		points = append(points, complexity.Point{N: n, Values: []float64{n + 2, n + 2}})
	}
	res := complexity.Check(points, metric.O1, complexity.Options{Exact: true})
	fmt.Println(res.Status)
	fmt.Println(res.Reason)
	// Output:
	// failed
	// counts grow as O(n) over n=100…100000 (O(n) fits exactly), above O(1)
}

func ExampleCheck_inconclusive() {
	points := []complexity.Point{
		{N: 1000, Values: []float64{1.1e-6, 1.0e-6, 1.2e-6}},
		{N: 2000, Values: []float64{2.1e-6, 2.0e-6, 2.2e-6}},
		{N: 4000, Values: []float64{4.1e-6, 4.0e-6, 4.3e-6}},
	}
	res := complexity.Check(points, metric.ON, complexity.Options{})
	fmt.Println(res.Status)
	fmt.Println(res.Reason)
	fmt.Println(res.Fix)
	// Output:
	// inconclusive
	// too few sizes: 3, need at least 4
	// add size n=8000
}

func ExampleFit() {
	var points []complexity.Point
	for _, n := range []float64{64, 128, 256, 512, 1024} {
		t := 3e-9 * n * n // a quadratic pass, in seconds
		points = append(points, complexity.Point{N: n, Values: []float64{t, t * 1.02, t * 1.01}})
	}
	res := complexity.Fit(points, complexity.Options{Seed: 1})
	fmt.Printf("%v, n^%.1f\n", res.Fitted, res.Exponent)
	// Output:
	// O(n^2), n^2.0
}

func ExamplePlan() {
	// Five sizes, one minute.
	p := complexity.Plan([]int{1000, 4000, 16000, 64000, 256000}, time.Minute)
	fmt.Printf("%d rounds of -count %d -benchtime %v\n", p.Rounds, p.Count, p.Benchtime)
	// Output:
	// 3 rounds of -count 3 -benchtime 1s
}
