package perf

import (
	"math"
	"math/bits"
	"runtime"
	"sync/atomic"
	"time"
	"unsafe"
)

// The histogram is log-linear: values below 2^subBits nanoseconds have a
// bucket each, and every power of two above is split into 2^subBits
// buckets of equal width. With subBits = 5 a bucket is at most 1/32 of its
// lower bound wide, so a value read back (the bucket's midpoint) is within
// 1.6% of the values recorded in it.
const (
	subBits    = 5
	subCount   = 1 << subBits
	maxBits    = 41 // values up to 2^41 ns (36 minutes); longer ones count as that
	numBuckets = (maxBits - subBits + 1) * subCount
	maxValue   = 1<<maxBits - 1
	maxShards  = 8
)

// A Histogram counts durations in bounded memory and answers quantiles
// (p50, p95, p99, ...) at any time. It is safe for concurrent use: Record
// is one atomic add, without locks or allocation, into one of a few shards
// so that goroutines on different CPUs rarely share a cache line.
//
// Quantiles are read back with a relative error of at most 1.6%
// (log-linear buckets, 32 per power of two, from 1ns to 36 minutes).
// Memory is about 9.5 KiB per shard, with one shard per CPU up to 8.
//
// The zero Histogram is not usable; make one with NewHistogram.
type Histogram struct {
	shards []histShard
	mask   uintptr
}

type histShard struct {
	counts [numBuckets]atomic.Uint64
}

// NewHistogram returns an empty histogram.
func NewHistogram() *Histogram {
	n := 1
	for n < runtime.GOMAXPROCS(0) && n < maxShards {
		n <<= 1
	}
	return &Histogram{shards: make([]histShard, n), mask: uintptr(n - 1)}
}

// Record counts one duration. Negative durations count as zero.
func (h *Histogram) Record(d time.Duration) {
	h.shards[shardHint()&h.mask].counts[bucketOf(d)].Add(1)
}

// shardHint returns a number that differs between goroutines and stays the
// same for one goroutine while its stack does not move: the address of a
// local variable. It spreads concurrent writers over the shards at the cost
// of a few instructions, where a random number would cost a call.
//
//go:noinline
func shardHint() uintptr {
	var x byte
	// Note: the address is only hashed, never dereferenced.
	p := uintptr(unsafe.Pointer(&x))
	return uintptr(uint64(p>>12) * 0x9E3779B97F4A7C15 >> (64 - 3))
}

func bucketOf(d time.Duration) int {
	if d < 0 {
		return 0
	}
	v := uint64(d)
	if v > maxValue {
		v = maxValue
	}
	if v < subCount {
		return int(v)
	}
	e := bits.Len64(v) - 1 - subBits
	return e*subCount + int(v>>e)
}

// bucketValue is the value a bucket stands for: its midpoint.
func bucketValue(i int) time.Duration {
	if i < 2*subCount {
		return time.Duration(i)
	}
	e := i/subCount - 1
	lo := uint64(i%subCount+subCount) << e
	width := uint64(1) << e
	return time.Duration(lo + (width-1)/2)
}

// Count returns how many durations were recorded.
func (h *Histogram) Count() uint64 {
	var s histSnapshot
	h.snapshot(&s)
	return s.count
}

// Quantile returns the duration below which p percent of the recorded
// durations fall (p in 0–100: 99 for p99), or 0 if none was recorded.
func (h *Histogram) Quantile(p float64) time.Duration {
	var s histSnapshot
	h.snapshot(&s)
	return s.quantile(p)
}

// Mean returns the mean of the recorded durations, from the buckets'
// midpoints, or 0 if none was recorded.
func (h *Histogram) Mean() time.Duration {
	var s histSnapshot
	h.snapshot(&s)
	return s.mean()
}

// Max returns (the midpoint of the bucket of) the longest recorded duration.
func (h *Histogram) Max() time.Duration {
	var s histSnapshot
	h.snapshot(&s)
	return s.quantile(100)
}

// histSnapshot is a copy of a histogram's counts, summed over the shards.
type histSnapshot struct {
	counts [numBuckets]uint64
	count  uint64
}

func (h *Histogram) snapshot(s *histSnapshot) {
	s.count = 0
	clear(s.counts[:])
	for i := range h.shards {
		sh := &h.shards[i]
		for b := range sh.counts {
			if n := sh.counts[b].Load(); n != 0 {
				s.counts[b] += n
				s.count += n
			}
		}
	}
}

// sub leaves in s what was recorded after base was taken.
func (s *histSnapshot) sub(base *histSnapshot) {
	s.count = 0
	for i := range s.counts {
		s.counts[i] -= min(base.counts[i], s.counts[i])
		s.count += s.counts[i]
	}
}

// add adds w's counts to s.
func (s *histSnapshot) add(w *histSnapshot) {
	for i, n := range w.counts {
		s.counts[i] += n
	}
	s.count += w.count
}

func (s *histSnapshot) quantile(p float64) time.Duration {
	if s.count == 0 || math.IsNaN(p) {
		return 0
	}
	// The rank of the p-th percentile among count values, 1-based: the
	// smallest value that at least p percent of the values do not exceed.
	rank := uint64(math.Ceil(p / 100 * float64(s.count)))
	rank = max(1, min(rank, s.count))
	var seen uint64
	for i, n := range s.counts {
		seen += n
		if seen >= rank {
			return bucketValue(i)
		}
	}
	return bucketValue(numBuckets - 1)
}

func (s *histSnapshot) mean() time.Duration {
	if s.count == 0 {
		return 0
	}
	var sum float64
	for i, n := range s.counts {
		if n != 0 {
			sum += float64(n) * float64(bucketValue(i))
		}
	}
	return time.Duration(sum / float64(s.count))
}
