package complexity

import (
	"math"
	"time"
)

// RunPlan is how to run a size sweep: Rounds runs of go test with the flags
// -benchtime and -count.
type RunPlan struct {
	// Benchtime is the time each sub-benchmark repetition runs. A time
	// (not an iteration count) lets the testing package choose b.N per
	// size: small sizes run many iterations, for stable timing, and large
	// sizes few.
	Benchtime time.Duration
	// Count is the number of repetitions of every size in one round
	// (-count).
	Count int
	// Rounds is how many times to run the sweep. go test runs the
	// repetitions of one sub-benchmark back to back, so a burst of load
	// from other processes can spoil all of them; repetitions taken in
	// separate rounds are disturbed independently, and the fastest of them
	// (what Check fits) is then rarely disturbed.
	Rounds int
	// Expected is the run's expected wall time, setup and compilation
	// excluded.
	Expected time.Duration
}

// The limits of a plan. Fewer than 3 repetitions cannot give a median that
// resists one outlier; more than 10 add little; runs shorter than 5ms are
// dominated by the timer and the ramp-up of b.N.
const (
	minCount     = 3
	defaultCount = 6
	maxCount     = 10
	minBenchtime = 5 * time.Millisecond
	maxBenchtime = time.Second
	// rampUp is the run time of one repetition relative to -benchtime:
	// the testing package grows b.N in steps before the final run.
	rampUp = 1.3
	// maxRounds splits the repetitions into at most 3 rounds: each round
	// repeats the benchmarks' setup.
	maxRounds = 3
)

// Plan chooses -benchtime, -count and the number of rounds so that sweeping
// the given sizes (one entry per sub-benchmark; pass the sizes of several
// benchmarks together when one go test run measures them all) fits in
// budget. It prefers 6 repetitions per size, goes down to 3 before
// shortening runs below 5ms, and up to 10 before lengthening them beyond
// 1s; it spreads them over up to 3 rounds of at least 2.
//
// Note: a sub-benchmark whose single operation takes longer than Benchtime
// still runs one operation per repetition, so a sweep whose largest sizes
// are slow takes longer than Expected; keep the largest size's operation
// under Benchtime.
func Plan(sizes []int, budget time.Duration) RunPlan {
	k := max(len(sizes), 1)
	per := func(count int) time.Duration {
		return time.Duration(float64(budget) / (float64(k*count) * rampUp))
	}
	count := defaultCount
	bt := per(count)
	if bt < minBenchtime {
		count = int(math.Floor(float64(budget) / (float64(k) * rampUp * float64(minBenchtime))))
		count = max(count, minCount)
		bt = max(per(count), minBenchtime)
	}
	if bt > maxBenchtime {
		count = maxCount
		bt = min(per(count), maxBenchtime)
	}
	rounds := max(1, min(maxRounds, count/2))
	per1 := count / rounds
	bt = min(max(per(per1*rounds), minBenchtime), maxBenchtime).Round(time.Millisecond)
	return RunPlan{
		Benchtime: bt,
		Count:     per1,
		Rounds:    rounds,
		Expected:  time.Duration(float64(bt) * rampUp * float64(k*per1*rounds)),
	}
}
