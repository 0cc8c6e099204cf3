package stats_test

import (
	"fmt"

	"github.com/choragen/choragen/internal/stats"
)

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
		fmt.Printf("%s (%s) significant=%v regression=%v\n", c.Delta(), c.Test(), c.Significant, c.Regression)
	}
	// Output:
	// +4.00% (p=0.000 n=10) significant=true regression=false
	// +20.00% (p=0.000 n=10) significant=true regression=true
}
