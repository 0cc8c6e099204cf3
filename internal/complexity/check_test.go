package complexity

import (
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/choragen/choragen/internal/metric"
)

// sweep returns the sizes from, from·factor, … up to to.
func sweep(from, to, factor float64) []float64 {
	var out []float64
	for n := from; n <= to*1.0000001; n *= factor {
		out = append(out, math.Round(n))
	}
	return out
}

// steps returns the sizes from, from+step, … up to to.
func steps(from, to, step float64) []float64 {
	var out []float64
	for n := from; n <= to; n += step {
		out = append(out, n)
	}
	return out
}

// synth makes timings of f at the sizes: reps repetitions each, with
// positive noise (interference only adds time): exp(sigma·|Z|), and, when
// spikes > 0, that many repetitions per size slowed 2–5×.
func synth(seed uint64, sizes []float64, reps int, sigma float64, spikes int, f func(n float64) float64) []Point {
	rng := rand.New(rand.NewPCG(seed, 42))
	var pts []Point
	for _, n := range sizes {
		p := Point{N: n}
		for r := range reps {
			v := f(n) * math.Exp(sigma*math.Abs(rng.NormFloat64()))
			if r < spikes {
				v *= 2 + 3*rng.Float64()
			}
			p.Values = append(p.Values, v)
		}
		pts = append(pts, p)
	}
	return pts
}

// exact makes exact counts: one value per size, twice (two repetitions).
func exact(sizes []float64, f func(n float64) float64) []Point {
	var pts []Point
	for _, n := range sizes {
		v := math.Floor(f(n))
		pts = append(pts, Point{N: n, Values: []float64{v, v}})
	}
	return pts
}

// sigmoid is a smooth step from 0 to 1 around n0, over about a factor e^w
// of sizes on either side: the shape of a working set crossing a cache
// level.
func sigmoid(n, n0, w float64) float64 { return 1 / (1 + math.Exp(-(math.Log(n)-math.Log(n0))/w)) }

const (
	P = Passed
	F = Failed
	I = Inconclusive
	// A marks a pair whose verdict the tests leave open (a bound broken
	// by a log factor only: "O(n) vs O(n log n) need not be told apart").
	A = Status("")
)

func TestCheck(t *testing.T) {
	decades := sweep(1e3, 1e6, 10)
	doublings := sweep(100, 3200, 2)
	for _, tc := range []struct {
		name   string
		points []Point
		exact  bool
		// want is the verdict for each bound, O(1) … O(2^n).
		want [7]Status
	}{
		{"linear", synth(1, decades, 6, 0.03, 0, func(n float64) float64 { return 2 * n }),
			false, [7]Status{F, F, P, P, P, P, P}},
		{"linear with overhead", synth(2, sweep(100, 1e5, 10), 6, 0.03, 0, func(n float64) float64 { return 50 + 2*n }),
			false, [7]Status{F, F, P, P, P, P, P}},
		{"n log n", synth(3, sweep(1024, 1<<20, 4), 6, 0.03, 0, func(n float64) float64 { return n * math.Log2(n) }),
			false, [7]Status{F, F, A, P, P, P, P}},
		{"quadratic", synth(4, doublings, 6, 0.05, 0, func(n float64) float64 { return n * n / 2 }),
			false, [7]Status{F, F, F, F, P, P, P}},
		{"quadratic with linear term", synth(5, doublings, 6, 0.05, 0, func(n float64) float64 { return n*n/2 + 20*n }),
			false, [7]Status{F, F, F, F, P, P, P}},
		{"cubic", synth(6, sweep(16, 256, 2), 6, 0.05, 0, func(n float64) float64 { return n * n * n }),
			false, [7]Status{F, F, F, F, F, P, P}},
		{"exponential", synth(7, steps(4, 32, 4), 6, 0.05, 0, func(n float64) float64 { return math.Pow(2, n) }),
			false, [7]Status{F, F, F, F, F, F, P}},
		{"log n", synth(8, sweep(16, 1<<20, 8), 6, 0.03, 0, func(n float64) float64 { return 3 * math.Log2(n) }),
			false, [7]Status{A, P, P, P, P, P, P}},
		{"constant", synth(9, decades, 6, 0.03, 0, func(float64) float64 { return 7 }),
			false, [7]Status{P, P, P, P, P, P, P}},
		// A lookup that slows 9× as its table outgrows a cache level
		// between n=1e4 and 1e6, then settles.
		{"constant with cache knee", synth(10, sweep(1e3, 1e7, 10), 6, 0.03, 0, func(n float64) float64 { return 5 * (1 + 8*sigmoid(n, 1e5, 0.7)) }),
			false, [7]Status{P, P, P, P, P, P, P}},
		// A linear pass whose cost per element quadruples in the last
		// segment.
		{"linear with cache knee at the top", synth(11, sweep(1024, 1<<20, 4), 6, 0.03, 0, func(n float64) float64 { return n * (1 + 3*sigmoid(n, 5e5, 0.3)) }),
			false, [7]Status{F, F, P, P, P, P, P}},
		// A binary search whose probes turn into cache misses.
		{"log n with cache misses", synth(12, sweep(1024, 1<<24, 8), 6, 0.03, 0, func(n float64) float64 {
			return math.Log2(n) * (1 + 10*sigmoid(n, 1<<18, 1))
		}), false, [7]Status{A, P, P, P, P, P, P}},
		{"linear with outliers", synth(13, decades, 6, 0.03, 2, func(n float64) float64 { return n }),
			false, [7]Status{F, F, P, P, P, P, P}},
		{"quadratic with outliers", synth(14, doublings, 6, 0.05, 2, func(n float64) float64 { return n * n }),
			false, [7]Status{F, F, F, F, P, P, P}},
		{"too noisy", synth(15, sweep(1000, 8000, 2), 3, 1.5, 0, func(n float64) float64 { return n }),
			false, [7]Status{I, I, I, I, P, P, P}},

		{"exact linear", exact(decades, func(n float64) float64 { return n }),
			true, [7]Status{F, F, P, P, P, P, P}},
		{"exact constant", exact(decades, func(float64) float64 { return 3 }),
			true, [7]Status{P, P, P, P, P, P, P}},
		{"exact zero", exact(decades, func(float64) float64 { return 0 }),
			true, [7]Status{P, P, P, P, P, P, P}},
		{"exact escape to heap", exact(decades, func(n float64) float64 {
			if n >= 1e6 {
				return 1
			}
			return 0
		}), true, [7]Status{P, P, P, P, P, P, P}},
		{"exact pairs", exact(sweep(10, 640, 2), func(n float64) float64 { return n * (n - 1) / 2 }),
			true, [7]Status{F, F, F, F, P, P, P}},
		{"exact N+1 queries", exact(sweep(1, 64, 2), func(n float64) float64 { return n + 1 }),
			true, [7]Status{F, F, P, P, P, P, P}},
		{"exact subsets", exact(steps(2, 16, 2), func(n float64) float64 { return math.Pow(2, n) - 1 }),
			true, [7]Status{F, F, F, F, F, F, P}},
		{"exact append growth", exact(decades, func(n float64) float64 { return math.Ceil(math.Log2(n)) }),
			true, [7]Status{A, P, P, P, P, P, P}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for i, bound := range metric.Classes() {
				want := tc.want[i]
				if want == A {
					continue
				}
				r := Check(tc.points, bound, Options{Exact: tc.exact, Seed: 1})
				if r.Status != want {
					t.Errorf("declared %v: %s, want %s: %s (n^%.2f [%.2f, %.2f], segments %s)",
						bound, r.Status, want, r.Reason, r.Exponent, r.ExpLo, r.ExpHi, segString(r))
				}
				if r.Status != P && r.Reason == "" {
					t.Errorf("declared %v: %s without a reason", bound, r.Status)
				}
				if r.Status == I && r.Fix == "" {
					t.Errorf("declared %v: inconclusive without a fix", bound)
				}
			}
		})
	}
}

func TestFitClass(t *testing.T) {
	for _, tc := range []struct {
		name   string
		points []Point
		exact  bool
		want   metric.Class
	}{
		{"constant", synth(1, sweep(1e3, 1e6, 10), 6, 0.03, 0, func(float64) float64 { return 7 }), false, metric.O1},
		{"linear", synth(2, sweep(1e3, 1e6, 10), 6, 0.03, 0, func(n float64) float64 { return 3 * n }), false, metric.ON},
		{"quadratic", synth(3, sweep(100, 3200, 2), 6, 0.03, 0, func(n float64) float64 { return n * n }), false, metric.ON2},
		{"cubic", synth(4, sweep(16, 256, 2), 6, 0.03, 0, func(n float64) float64 { return n * n * n }), false, metric.ON3},
		{"exponential", synth(5, steps(4, 32, 4), 6, 0.03, 0, func(n float64) float64 { return math.Pow(2, n) }), false, metric.O2N},
		{"exact linear", exact(sweep(1e3, 1e6, 10), func(n float64) float64 { return n + 2 }), true, metric.ON},
		{"exact quadratic", exact(sweep(10, 640, 2), func(n float64) float64 { return n * (n - 1) / 2 }), true, metric.ON2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Fit(tc.points, Options{Exact: tc.exact, Seed: 1})
			if got := r.Fitted; got != tc.want || r.Status != P {
				t.Errorf("Fit = %v (%s: %s), want %v", got, r.Status, r.Reason, tc.want)
			}
		})
	}
}

func TestCheckExponent(t *testing.T) {
	for _, tc := range []struct {
		name string
		k    float64
	}{{"linear", 1}, {"n^1.5", 1.5}, {"quadratic", 2}, {"cubic", 3}} {
		t.Run(tc.name, func(t *testing.T) {
			pts := synth(7, sweep(100, 12800, 2), 6, 0.03, 1, func(n float64) float64 { return math.Pow(n, tc.k) })
			r := Fit(pts, Options{Seed: 3})
			if !(r.ExpLo <= tc.k+0.05 && tc.k-0.05 <= r.ExpHi) || r.ExpHi-r.ExpLo > 0.3 {
				t.Errorf("exponent %.3f [%.3f, %.3f], want an interval near %v", r.Exponent, r.ExpLo, r.ExpHi, tc.k)
			}
		})
	}
}

func TestCheckInconclusive(t *testing.T) {
	lin := func(n float64) float64 { return n }
	for _, tc := range []struct {
		name        string
		points      []Point
		exact       bool
		reason, fix string
	}{
		{"no data", nil, false, "no measurements", "n=<size>"},
		{"three sizes", synth(1, []float64{1000, 4000, 16000}, 6, 0.03, 0, lin), false, "too few sizes: 3", "add size n=64000"},
		{"narrow span", synth(1, []float64{1000, 1200, 1400, 1600}, 6, 0.03, 0, lin), false, "span only 1.6×", "add sizes n=3200, n=6400 and n=12800"},
		{"duplicates merge", synth(1, []float64{1000, 1000, 2000, 2000}, 3, 0.03, 0, lin), false, "too few sizes: 2", "add sizes"},
		{"zero time", []Point{{N: 1, Values: []float64{1}}, {N: 2, Values: []float64{0}}}, false, "zero time per op at n=2", "optimised away"},
		{"negative", []Point{{N: 1, Values: []float64{-1}}}, true, "negative value -1 at n=1", "cannot be negative"},
		{"NaN value", []Point{{N: 1, Values: []float64{math.NaN()}}}, false, "not finite", "finite number"},
		{"infinite value", []Point{{N: 1, Values: []float64{math.Inf(1)}}}, true, "not finite", "finite number"},
		{"NaN size", []Point{{N: math.NaN(), Values: []float64{1}}}, false, "size n=NaN", "positive integer"},
		{"zero size", []Point{{N: 0, Values: []float64{1}}}, false, "size n=0", "positive integer"},
		{"huge value", []Point{{N: 1, Values: []float64{1e300}}}, false, "out of range", "change the unit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Check(tc.points, metric.ON, Options{Exact: tc.exact})
			if r.Status != I {
				t.Fatalf("status %s, want inconclusive", r.Status)
			}
			if !strings.Contains(r.Reason, tc.reason) {
				t.Errorf("reason %q, want it to contain %q", r.Reason, tc.reason)
			}
			if !strings.Contains(r.Fix, tc.fix) {
				t.Errorf("fix %q, want it to contain %q", r.Fix, tc.fix)
			}
		})
	}
}

func TestCheckInvalidBound(t *testing.T) {
	r := Check(synth(1, sweep(1e3, 1e6, 10), 3, 0.03, 0, func(n float64) float64 { return n }), metric.Class(9), Options{})
	if r.Status != I || !strings.Contains(r.Reason, "invalid bound") {
		t.Errorf("got %s %q, want inconclusive for an invalid bound", r.Status, r.Reason)
	}
}

func TestCheckDeterministic(t *testing.T) {
	pts := synth(1, sweep(100, 3200, 2), 6, 0.1, 1, func(n float64) float64 { return n * math.Log2(n) })
	a := Check(pts, metric.ON, Options{Seed: 7})
	b := Check(pts, metric.ON, Options{Seed: 7})
	if !reflect.DeepEqual(a, b) {
		t.Errorf("two checks with one seed differ:\n%+v\n%+v", a, b)
	}
}

func TestCheckReason(t *testing.T) {
	r := Check(synth(1, sweep(100, 3200, 2), 6, 0.03, 0, func(n float64) float64 { return n * n }), metric.ON, Options{Seed: 1})
	for _, want := range []string{"grows as n^2.0", "above O(n)", "O(n^2) fits"} {
		if !strings.Contains(r.Reason, want) {
			t.Errorf("reason %q, want it to contain %q", r.Reason, want)
		}
	}
	if got, want := len(r.Sizes), 6; got != want {
		t.Errorf("%d sizes, want %d", got, want)
	}
	// O(2^n) is not fitted to sizes above 64.
	if got, want := len(r.Models), 6; got != want {
		t.Errorf("%d models, want %d", got, want)
	}
	for _, m := range r.Models {
		if m.Better && (m.Class <= metric.ON || m.PValue > 0.05) {
			t.Errorf("%v: better with p=%v", m.Class, m.PValue)
		}
		if m.Class == metric.ON2 && !m.Better {
			t.Errorf("O(n^2) not better than O(n) on quadratic data (p=%v)", m.PValue)
		}
	}
}

func TestCheckExactReason(t *testing.T) {
	r := Check(exact(sweep(1e3, 1e6, 10), func(n float64) float64 { return n + 1 }), metric.O1, Options{Exact: true})
	if r.Status != F || !strings.Contains(r.Reason, "O(n) fits exactly") {
		t.Errorf("got %s %q, want failed with O(n) fitting exactly", r.Status, r.Reason)
	}
}

// TestCheckRegimeWarning: over sizes where a fixed overhead dominates, or a
// cache level is crossed, growth a class above the bound looks the same;
// the bound holds, with a warning that says so.
func TestCheckRegimeWarning(t *testing.T) {
	pts := synth(1, sweep(10, 1e4, 10), 6, 0.02, 0, func(n float64) float64 { return 1000 + n })
	r := Check(pts, metric.O1, Options{Seed: 1})
	if r.Status != P || len(r.Warnings) == 0 || !strings.Contains(r.Warnings[0].Error(), "regime change") {
		t.Errorf("got %s with warnings %v, want passed with a regime-change warning", r.Status, r.Warnings)
	}
}

// BenchmarkCheck measures one verdict on a typical sweep: 6 sizes × 6
// repetitions, 1000 bootstrap resamples.
func BenchmarkCheck(b *testing.B) {
	pts := synth(1, sweep(100, 3200, 2), 6, 0.05, 1, func(n float64) float64 { return n * n })
	for b.Loop() {
		Check(pts, metric.ON, Options{Seed: 1})
	}
}

func TestResultContext(t *testing.T) {
	r := Check(synth(1, sweep(100, 3200, 2), 3, 0.03, 0, func(n float64) float64 { return n }), metric.ON, Options{Seed: 1})
	c := r.Context()
	if got, ok := c["sizes"].([]float64); !ok || len(got) != 6 {
		t.Errorf("sizes %v, want the 6 sizes", c["sizes"])
	}
	if got, ok := c["segments"].([]map[string]any); !ok || len(got) != len(r.Segments) {
		t.Errorf("segments %v, want %d", c["segments"], len(r.Segments))
	}
	if _, ok := c["threshold"].(float64); !ok {
		t.Errorf("no threshold in %v", c)
	}
	inc := Check(nil, metric.ON, Options{}).Context()
	if _, ok := inc["fix"].(string); !ok {
		t.Errorf("no fix in the context of an inconclusive result: %v", inc)
	}
}

// TestCheckSizes: before measuring, sizes that cannot decide are refused
// with the reason and fix that Check would give.
func TestCheckSizes(t *testing.T) {
	for _, tc := range []struct {
		name  string
		sizes []float64
		want  string // "" when the sizes can decide
	}{
		{"enough", []float64{1000, 4000, 16000, 64000}, ""},
		{"unordered", []float64{64000, 1000, 16000, 4000}, ""},
		{"none", nil, "no measurements; add sub-benchmarks"},
		{"three", []float64{1000, 4000, 16000}, "too few sizes: 3, need at least 4; add size n=64000"},
		{"duplicates merge", []float64{1000, 1000, 4000, 16000}, "too few sizes: 3"},
		{"narrow", []float64{1000, 1200, 1400, 1600}, "sizes span only 1.6× (n=1000…1600), need at least 8×; add sizes n=3200, n=6400 and n=12800"},
		{"zero", []float64{0, 10, 100, 1000}, "size n=0 is not a positive finite number"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckSizes(tc.sizes, Options{})
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("CheckSizes = %v, want nil", err)
			case tc.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tc.want)):
				t.Errorf("CheckSizes = %v, want %q", err, tc.want)
			}
			// The same rule as Check's.
			var pts []Point
			for _, n := range tc.sizes {
				pts = append(pts, Point{N: n, Values: []float64{n, n}})
			}
			r := Check(pts, metric.ON, Options{Exact: true})
			if (err == nil) != (r.Reason == "" || r.Status != I) {
				t.Errorf("CheckSizes = %v, but Check gives %s %q", err, r.Status, r.Reason)
			}
		})
	}
}

// TestCheckNoiseFix: the remedy for noisy data is the caller's to name.
func TestCheckNoiseFix(t *testing.T) {
	// Timings spread 2× at every size around linear growth, declared
	// O(1): neither clearly within nor clearly above.
	pts := synth(3, sweep(1000, 8000, 2), 3, 0.7, 0, func(n float64) float64 { return n })
	for _, tc := range []struct{ set, want string }{
		{"", "rerun with more repetitions (-count 10) or a longer -benchtime, or add sizes"},
		{"rerun quietly", "rerun quietly, or add sizes"},
	} {
		r := Check(pts, metric.O1, Options{Seed: 1, NoiseFix: tc.set})
		if r.Status != I || !strings.HasPrefix(r.Reason, "too noisy") || !strings.HasPrefix(r.Fix, tc.want) {
			t.Errorf("NoiseFix %q: %s %q, fix %q; want too noisy, fix %q", tc.set, r.Status, r.Reason, r.Fix, tc.want)
		}
	}
}

// TestCheckExactRegime: exact counts that grow unevenly are inconclusive,
// and the fix does not suggest fitting an exact counter: they are one.
func TestCheckExactRegime(t *testing.T) {
	steps := func(n float64) float64 {
		if n <= 4096 {
			return math.Pow(n, 0.7)
		}
		return math.Pow(4096, 0.7) * (n / 4096) * (n / 4096)
	}
	sizes := []float64{256, 1024, 4096, 16384, 65536}
	r := Check(exact(sizes, steps), metric.O1, Options{Exact: true, Seed: 1})
	if r.Status != I || !strings.Contains(r.Reason, "unevenly") || r.Fix != "add sizes n=262144 and n=1048576 to see whether the growth settles" {
		t.Errorf("exact: %s %q, fix %q", r.Status, r.Reason, r.Fix)
	}
	r = Check(synth(1, sizes, 6, 0.01, 0, steps), metric.O1, Options{Seed: 1})
	if r.Status != I || !strings.HasSuffix(r.Fix, "or fit an exact counter (allocations, iterations) instead of time") {
		t.Errorf("time: %s %q, fix %q", r.Status, r.Reason, r.Fix)
	}
}
