package complexity

import (
	"math"

	"github.com/choragen/choragen/internal/metric"
)

// googleBigO is Google Benchmark's complexity fit (src/complexity.cc,
// oAuto), the reference the accuracy suite compares Check with: for each
// candidate g it fits one coefficient through the origin,
// coef = Σ t·g(n) / Σ g(n)², scores it by the RMS of the residuals
// normalised by the mean time, and keeps the smallest score, starting from
// O(1) and replacing it only when strictly better. Every repetition is a
// data point. It has no O(2^n) and no intercept.
func googleBigO(points []Point) metric.Class {
	var ns, ts []float64
	for _, p := range points {
		for _, v := range p.Values {
			ns, ts = append(ns, p.N), append(ts, v)
		}
	}
	curve := map[metric.Class]func(n float64) float64{
		metric.O1:     func(float64) float64 { return 1 },
		metric.OLogN:  func(n float64) float64 { return math.Log2(n) },
		metric.ON:     func(n float64) float64 { return n },
		metric.ONLogN: func(n float64) float64 { return n * math.Log2(n) },
		metric.ON2:    func(n float64) float64 { return n * n },
		metric.ON3:    func(n float64) float64 { return n * n * n },
	}
	fit := func(c metric.Class) float64 {
		g := curve[c]
		var sTG, sGG, sT float64
		for i, n := range ns {
			sTG += ts[i] * g(n)
			sGG += g(n) * g(n)
			sT += ts[i]
		}
		coef := sTG / sGG
		var sq float64
		for i, n := range ns {
			r := ts[i] - coef*g(n)
			sq += r * r
		}
		meanT := sT / float64(len(ts))
		return math.Sqrt(sq/float64(len(ts))) / meanT
	}
	best, bestRMS := metric.O1, fit(metric.O1)
	for _, c := range []metric.Class{metric.OLogN, metric.ON, metric.ONLogN, metric.ON2, metric.ON3} {
		if rms := fit(c); rms < bestRMS {
			best, bestRMS = c, rms
		}
	}
	return best
}

// googleCheck is the verdict a user of the reference method would draw: the
// bound holds when the fitted class is not above it.
func googleCheck(points []Point, bound metric.Class) bool {
	return googleBigO(points) <= bound
}
