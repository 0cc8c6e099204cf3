package complexity

import (
	"encoding/binary"
	"math"
	"testing"

	"github.com/choragen/choragen/internal/metric"
)

// decodePoints reads points from fuzz bytes: per point one byte of
// repetitions (0–7), a float64 size and that many float64 values, all
// little-endian; a truncated tail is dropped.
func decodePoints(b []byte) []Point {
	var pts []Point
	f := func() (float64, bool) {
		if len(b) < 8 {
			return 0, false
		}
		v := math.Float64frombits(binary.LittleEndian.Uint64(b))
		b = b[8:]
		return v, true
	}
	for len(b) > 0 {
		reps := int(b[0] % 8)
		b = b[1:]
		n, ok := f()
		if !ok {
			break
		}
		p := Point{N: n}
		for range reps {
			v, ok := f()
			if !ok {
				break
			}
			p.Values = append(p.Values, v)
		}
		pts = append(pts, p)
	}
	return pts
}

func encodePoints(pts []Point) []byte {
	var b []byte
	for _, p := range pts {
		b = append(b, byte(len(p.Values)))
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(p.N))
		for _, v := range p.Values {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
		}
	}
	return b
}

// FuzzCheck: Check never panics, always answers one of its three verdicts,
// answers inconclusive with a reason for impossible input (non-finite,
// zero or negative values and sizes), and gives finite exponents whenever
// it decides.
func FuzzCheck(f *testing.F) {
	lin := func(n float64) float64 { return n }
	f.Add(encodePoints(synth(1, sweep(1e3, 1e6, 10), 3, 0.03, 0, lin)), uint8(2), false)
	f.Add(encodePoints(synth(2, sweep(100, 3200, 2), 3, 0.1, 1, func(n float64) float64 { return n * n })), uint8(2), false)
	f.Add(encodePoints(exact(sweep(1, 64, 2), func(n float64) float64 { return n + 1 })), uint8(0), true)
	f.Add(encodePoints(exact(steps(2, 16, 2), func(n float64) float64 { return math.Pow(2, n) })), uint8(5), true)
	f.Add(encodePoints([]Point{{N: 1, Values: []float64{0}}, {N: 2, Values: []float64{math.NaN()}}}), uint8(1), false)
	f.Add(encodePoints([]Point{{N: -1, Values: []float64{1}}, {N: math.Inf(1), Values: []float64{-1}}}), uint8(3), true)
	f.Add(encodePoints([]Point{{N: 1e-300, Values: []float64{1e-90}}, {N: 1e300, Values: []float64{1e90}}, {N: 1, Values: []float64{1}}, {N: 2}}), uint8(6), false)
	f.Fuzz(func(t *testing.T, b []byte, bound uint8, exact bool) {
		pts := decodePoints(b)
		if len(pts) > 64 {
			pts = pts[:64]
		}
		c := metric.Class(bound % 8) // 7 is invalid on purpose
		r := Check(pts, c, Options{Exact: exact, Resamples: 100})
		switch r.Status {
		case Passed, Failed, Inconclusive:
		default:
			t.Fatalf("status %q", r.Status)
		}
		if r.Status != Passed && r.Reason == "" {
			t.Fatalf("%s without a reason", r.Status)
		}
		if r.Status != Inconclusive {
			for _, v := range []float64{r.Exponent, r.ExpLo, r.ExpHi, r.Threshold} {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("%s with exponent %v [%v, %v] threshold %v", r.Status, r.Exponent, r.ExpLo, r.ExpHi, r.Threshold)
				}
			}
		}
		bad := !c.Valid()
		for _, p := range pts {
			if math.IsNaN(p.N) || math.IsInf(p.N, 0) || p.N <= 0 {
				bad = true
			}
			for _, v := range p.Values {
				if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || (v == 0 && !exact) {
					bad = true
				}
			}
		}
		if bad && r.Status != Inconclusive {
			t.Fatalf("impossible input judged %s", r.Status)
		}
		fit := Fit(pts, Options{Exact: exact, Resamples: 100})
		if bad && c.Valid() && fit.Status != Inconclusive {
			t.Fatalf("impossible input fitted: %s", fit.Status)
		}
	})
}
