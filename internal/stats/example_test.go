package stats_test

import (
	"fmt"
	"log"
	"os"

	"golang.org/x/perf/benchfmt"

	"github.com/choragen/choragen/internal/sample"
	"github.com/choragen/choragen/internal/stats"
)

// The whole flow on two benchmark files: read them with benchfmt, collect
// samples, compare every key and apply the regression rule.
func Example() {
	read := func(path string) *sample.Set {
		f, err := os.Open(path)
		if err != nil {
			log.Fatal(err)
		}
		defer f.Close()
		s := sample.New(0)
		r := benchfmt.NewReader(f, path)
		for r.Scan() {
			if res, ok := r.Result().(*benchfmt.Result); ok {
				s.Add(res)
			}
		}
		s.AddUnits(r.Units())
		return s
	}
	base, head := read("testdata/old.txt"), read("testdata/new.txt")
	for _, k := range head.Keys() {
		c := stats.Compare(base.Values(k), head.Values(k), stats.UnitOf(k.Unit, head.Units),
			stats.DefaultThresholdPct, stats.DefaultAlpha)
		verdict := ""
		switch {
		case c.Regression:
			verdict = "REGRESSION"
		case c.Improvement:
			verdict = "improvement"
		case c.Significant:
			verdict = "within threshold"
		}
		if verdict != "" {
			fmt.Printf("%-24s %-10s %+7.2f%%  %-14s %s\n", k.Name, k.Unit, c.Change, c.Test(), verdict)
		}
	}
	// Output:
	// BenchmarkHash            sec/op      +20.13%  p=0.000 n=10   REGRESSION
	// BenchmarkDecode/n=1024   sec/op       +3.91%  p=0.000 n=10   within threshold
	// BenchmarkFew             sec/op      +52.51%  p=0.029 n=4    REGRESSION
	// BenchmarkQuery           queries/op  +50.00%  n=10           REGRESSION
	// BenchmarkQuery           score       -19.78%  p=0.000 n=10   REGRESSION
}

// The median of ten repetitions with its 95% interval.
func ExampleSummarize() {
	secPerOp := []float64{1.21e-6, 1.19e-6, 1.25e-6, 1.20e-6, 1.22e-6, 1.18e-6, 1.24e-6, 1.20e-6, 1.95e-6, 1.21e-6}
	s := stats.Summarize(secPerOp, stats.UnitOf("sec/op", nil))
	fmt.Printf("median %.3gs in [%.3g, %.3g], ±%s, n=%d, %d outlier\n", s.Center, s.Lo, s.Hi, s.PctRange(), s.N, s.Outliers)
	// Output:
	// median 1.21e-06s in [1.19e-06, 1.25e-06], ±3%, n=10, 1 outlier
}

// The 99th percentile of 1,000 single-call samples, with its interval.
func ExamplePercentile() {
	samples := make([]float64, 1000)
	for i := range samples {
		samples[i] = float64(i%100+1) * 1e-6 // 1µs … 100µs
	}
	p := stats.Percentile(samples, 99)
	fmt.Printf("p99 %.3gs in [%.3g, %.3g]\n", p.Center, p.Lo, p.Hi)
	fmt.Println("samples needed for p99 with 10 above it:", stats.SamplesForPercentile(99, 10))
	// Output:
	// p99 9.97e-05s in [9.9e-05, 0.0001]
	// samples needed for p99 with 10 above it: 1000
}

// The regression rule: worse, significant and above the threshold.
func ExampleCompare() {
	base := []float64{40.1, 40.3, 39.9, 40.0, 40.2, 40.1, 39.8, 40.4, 40.0, 40.2}
	for _, f := range []float64{1.04, 1.20} {
		head := make([]float64, len(base))
		for i, v := range base {
			head[i] = v * f
		}
		c := stats.Compare(base, head, stats.UnitOf("sec/op", nil), 10, 0.05)
		fmt.Printf("%+.2f%% (%s) significant=%v regression=%v\n", c.Change, c.Test(), c.Significant, c.Regression)
	}
	// Output:
	// +4.00% (p=0.000 n=10) significant=true regression=false
	// +20.00% (p=0.000 n=10) significant=true regression=true
}
