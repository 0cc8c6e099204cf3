package perf

import (
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"
)

// relErr is the bound on the relative error of a value read back from its
// bucket: half a bucket's width, which is at most 1/32 of its lower bound.
const relErr = 1.0 / 64

func checkBucket(t *testing.T, d time.Duration) {
	t.Helper()
	i := bucketOf(d)
	if i < 0 || i >= numBuckets {
		t.Fatalf("bucketOf(%d) = %d, outside [0, %d)", d, i, numBuckets)
	}
	want := max(d, 0)
	if want > maxValue {
		want = maxValue
	}
	got := bucketValue(i)
	if err := math.Abs(float64(got-want)) / math.Max(float64(want), 1); err > relErr {
		t.Errorf("bucketValue(bucketOf(%d)) = %d: relative error %.4f > %.4f", d, got, err, relErr)
	}
	if i > 0 && bucketOf(bucketValue(i)) != i {
		t.Errorf("bucket %d's value %d falls in bucket %d", i, bucketValue(i), bucketOf(bucketValue(i)))
	}
}

func TestBucketRoundTrip(t *testing.T) {
	for _, d := range []time.Duration{-5, 0, 1, 31, 32, 63, 64, 65, 1000, 1023, 1024, 1e6, 1e9, maxValue, maxValue + 1, math.MaxInt64} {
		checkBucket(t, d)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 100000 {
		checkBucket(t, time.Duration(r.Int64N(1<<(1+r.IntN(maxBits)))))
	}
}

func TestBucketsIncrease(t *testing.T) {
	for i := 1; i < numBuckets; i++ {
		if bucketValue(i) <= bucketValue(i-1) {
			t.Fatalf("bucketValue(%d) = %d <= bucketValue(%d) = %d", i, bucketValue(i), i-1, bucketValue(i-1))
		}
	}
}

func FuzzBucket(f *testing.F) {
	for _, seed := range []int64{0, 1, 31, 32, 33, 1e3, 1e6, 1e9, maxValue, -1} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, v int64) { checkBucket(t, time.Duration(v)) })
}

// TestQuantileAgainstSorted compares the histogram's quantiles with the
// exact order statistics of the same values.
func TestQuantileAgainstSorted(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, tc := range []struct {
		name string
		gen  func() time.Duration
	}{
		{"uniform", func() time.Duration { return time.Duration(r.Int64N(int64(time.Millisecond))) }},
		{"lognormal", func() time.Duration { return time.Duration(math.Exp(r.NormFloat64()*2 + 10)) }},
		{"bimodal", func() time.Duration {
			if r.IntN(100) < 3 {
				return 50*time.Millisecond + time.Duration(r.Int64N(1e6))
			}
			return time.Microsecond + time.Duration(r.Int64N(1e3))
		}},
		{"small", func() time.Duration { return time.Duration(r.IntN(40)) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := NewHistogram()
			vals := make([]time.Duration, 20000)
			for i := range vals {
				vals[i] = tc.gen()
				h.Record(vals[i])
			}
			slices.Sort(vals)
			if got := h.Count(); got != uint64(len(vals)) {
				t.Fatalf("Count() = %d, want %d", got, len(vals))
			}
			for _, p := range []float64{0, 1, 50, 90, 95, 99, 99.9, 100} {
				rank := max(1, int(math.Ceil(p/100*float64(len(vals)))))
				want := vals[rank-1]
				got := h.Quantile(p)
				if err := math.Abs(float64(got-want)) / math.Max(float64(want), 1); err > relErr {
					t.Errorf("Quantile(%v) = %v, want %v (relative error %.4f)", p, got, want, err)
				}
			}
			var sum float64
			for _, v := range vals {
				sum += float64(v)
			}
			want := sum / float64(len(vals))
			// A Duration truncates to whole nanoseconds.
			if got := float64(h.Mean()); math.Abs(got-want) > relErr*want+1 {
				t.Errorf("Mean() = %v, want %v", got, want)
			}
		})
	}
}

func TestHistogramEmpty(t *testing.T) {
	h := NewHistogram()
	if h.Count() != 0 || h.Quantile(99) != 0 || h.Mean() != 0 || h.Max() != 0 {
		t.Errorf("empty histogram: count %d, p99 %v, mean %v, max %v", h.Count(), h.Quantile(99), h.Mean(), h.Max())
	}
}

func TestHistogramConcurrent(t *testing.T) {
	h := NewHistogram()
	const goroutines, each = 8, 5000
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range each {
				h.Record(time.Duration(g*each + i))
			}
		})
	}
	// Readers run beside the writers; the race detector checks them.
	for range 2 {
		wg.Go(func() {
			for range 50 {
				_ = h.Quantile(99)
			}
		})
	}
	wg.Wait()
	if got, want := h.Count(), uint64(goroutines*each); got != want {
		t.Errorf("Count() = %d, want %d", got, want)
	}
	if got, want := h.Max(), time.Duration(goroutines*each-1); math.Abs(float64(got-want))/float64(want) > relErr {
		t.Errorf("Max() = %v, want %v", got, want)
	}
}

func TestSnapshotWindow(t *testing.T) {
	h := NewHistogram()
	for range 10 {
		h.Record(time.Millisecond)
	}
	base := new(histSnapshot)
	h.snapshot(base)
	for range 5 {
		h.Record(time.Second)
	}
	w := new(histSnapshot)
	h.snapshot(w)
	w.sub(base)
	if w.count != 5 || w.quantile(1) != bucketValue(bucketOf(time.Second)) {
		t.Errorf("window: count %d, p1 %v; want 5 calls of 1s", w.count, w.quantile(1))
	}
	base.add(w)
	if base.count != 15 {
		t.Errorf("base after add: count %d, want 15", base.count)
	}
}
