package perftest

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/choragen/choragen/internal/complexity"
	"github.com/choragen/choragen/internal/metric"
	"github.com/choragen/choragen/internal/race"
	"github.com/choragen/choragen/perf"
)

// fitSettings say what AssertComplexity fits.
type fitSettings struct {
	what fitWhat
	read func() int64 // FitCount's counter
	unit string       // FitCount's unit
}

type fitWhat int

const (
	fitTime fitWhat = iota
	fitAllocs
	fitCount
)

// FitAllocs makes AssertComplexity fit the heap allocations per call
// instead of the time: an exact count, measured as MemoryPerCall measures
// it (the fewest per call of several rounds), with no noise and no caches
// to tolerate. Under the race detector, where allocation counts change, a
// failed bound is only logged.
func FitAllocs() Option {
	return optionFunc(func(s *settings) { s.fit = fitSettings{what: fitAllocs} })
}

// FitCount makes AssertComplexity fit what read counts per call instead of
// the time: the loop iterations, comparisons or queries that the function
// counts as it works ([perf.Counter.Load], an atomic.Int64's Load, or
// any function that returns a running total). unit names the count in
// messages ("comparisons"). The count per call at a size is the fewest of
// several rounds, so that increments from other goroutines do not count.
func FitCount(unit string, read func() int64) Option {
	return optionFunc(func(s *settings) { s.fit = fitSettings{what: fitCount, read: read, unit: unit} })
}

// The time sweep of AssertComplexity: timeRounds rounds that visit every
// size in turn, each size running for about complexityBudget / (sizes ×
// rounds), at least minRoundTime.
//
// Note: this is complexity.Plan's idea (repetitions spread over rounds, the
// fastest fitted) taken further. Plan keeps to 3 rounds because each round
// of a benchmark sweep is a go test run that repeats the setup; in process
// a round costs nothing more, so every repetition is a round of its own.
// Under load, many short rounds also decide more often than a few long
// ones: a short round is more likely to run undisturbed between the other
// processes' time slices (on the development VM at load 8, two bounds
// broken by a degree were caught 8 times in 8 with 20 rounds of about
// 13ms, 4 in 8 with 6 rounds of 43ms; honest bounds never failed).
const (
	complexityBudget = roundsBudget
	timeRounds       = 20
	minTimeRounds    = 5
	minRoundTime     = 5 * time.Millisecond
	// calibration and garbage collection add about this much to each
	// round, relative to its measured time.
	roundOverhead = 1.3
)

// roundTime is how long each size runs in each round.
func roundTime(sizes, rounds int) time.Duration {
	return max(minRoundTime, time.Duration(float64(complexityBudget)/(float64(sizes*rounds)*roundOverhead)))
}

// Rounds of the exact counters: the fewest per call of countRounds rounds
// of up to maxCountCalls calls, each round taking about countRoundTime.
const (
	countRounds    = 3
	maxCountCalls  = 100
	countRoundTime = 20 * time.Millisecond
)

// AssertComplexity fails t when the cost of f grows faster with the input
// size than bound ("O(n)", "O(n log n)", "O(n^2)", ... as directives spell
// it) allows. It is the fit of the //perf:complexity directive
// (docs/complexity.md) at test scale:
//
//	func TestIndexComplexity(t *testing.T) {
//		perftest.AssertComplexity(t, "O(log n)", []int{1 << 10, 1 << 13, 1 << 16, 1 << 19},
//			func(n int) []int { return sortedInts(n) }, // setup, not measured
//			func(s []int) { sink = Index(s, -1) })
//	}
//
// For each size it calls setup once, then measures f on its result: the
// time per call by default, the heap allocations per call with FitAllocs,
// or a count the function keeps with FitCount. f must leave its input as
// it found it (sort a copy, not the input) and use its result, or the
// compiler may drop the work. Time is measured in 20 rounds that visit
// every size in turn, so that a burst of load from other processes spoils
// one round of each size rather than every round of one size. In each
// round a size runs enough calls to last about 2s / (20 × sizes), at least
// 5ms (13ms for 6 sizes: the sweep aims at 2 seconds, plus setup and
// calibration); the fastest round is fitted, as the engine fits the
// fastest repetition of a benchmark. The inputs of all sizes stay in
// memory together while time is measured. When the rounds would take
// longer than planned (a largest size whose single call outlasts its
// round), they are cut, down to 5, to keep the sweep within about twice
// its budget: keep the largest size's call within a few milliseconds.
//
// The verdict is complexity.Check's, with the same defaults as choragen's
// report:
//
//   - failed: t.Errorf with the fitted class, the log-log exponent and its
//     95% interval, the sizes and the reason, and a violation
//     "complexity:<target>" recorded for choragen's report (see Target and
//     RecordTo; measured and threshold are the indexes of the fitted and
//     declared classes, 0 for O(1) … 6 for O(2^n));
//   - inconclusive (timings too noisy, or a growth that changes over the
//     sizes as caches fill): the test is skipped with the reason and what
//     would decide, when t can skip (*testing.T can), and the reason is
//     logged otherwise. An inconclusive check never passes: it claims
//     nothing either way. Skipping ends the test, so give each
//     AssertComplexity a test (or subtest) of its own;
//   - passed: the growth is logged (go test -v shows it).
//
// Sizes that cannot decide whatever the measurements (fewer than 4
// distinct sizes, or a span under 8×), a bound that is not a class, and
// nil functions fail the test at once: they are mistakes in the test,
// not in the code. docs/complexity.md says how to choose sizes: spaced
// geometrically, spanning 64× or more, the work dominating the smallest.
//
// Rounds(n) sets the number of rounds (20 for time, 3 for counters);
// Calls(n) fixes the calls per round at every size instead of calibrating
// them.
func AssertComplexity[In any](t TB, bound string, sizes []int, setup func(n int) In, f func(In), opts ...Option) {
	t.Helper()
	s := applyOptions(opts)
	target := leakTarget(t, s.target)
	class, err := metric.ParseClass(bound)
	switch {
	case err != nil:
		t.Errorf("perftest: AssertComplexity: %v", err)
		return
	case setup == nil || f == nil:
		t.Errorf("perftest: AssertComplexity: nil setup or function")
		return
	case s.fit.what == fitCount && s.fit.read == nil:
		t.Errorf("perftest: AssertComplexity: FitCount(%q) with a nil read function", s.fit.unit)
		return
	}
	ns, err := checkSizes(sizes)
	if err != nil {
		t.Errorf("perftest: AssertComplexity: %v", err)
		return
	}
	call := func(n int) func() {
		in := setup(n)
		return func() { f(in) }
	}
	var points []complexity.Point
	switch s.fit.what {
	case fitAllocs:
		points = measureCounts(ns, call, s, allocsPerCall)
	case fitCount:
		points = measureCounts(ns, call, s, func(f func(), calls, rounds int) float64 {
			return fewestPerCall(f, s.fit.read, calls, rounds)
		})
	default:
		points = measureTimes(ns, call, s)
	}
	res := complexity.Check(points, class, complexity.Options{
		Exact:    s.fit.what != fitTime,
		Seed:     1,
		NoiseFix: "rerun on a quieter machine, with more rounds (perftest.Rounds(40)) or an exact counter (perftest.FitAllocs, perftest.FitCount)",
	})
	judgeComplexity(t, class, target, s, res)
}

// checkSizes returns the distinct sizes, ascending, or why they cannot
// decide.
func checkSizes(sizes []int) ([]int, error) {
	ns := slices.Sorted(slices.Values(sizes))
	ns = slices.Compact(ns)
	if len(ns) > 0 && ns[0] <= 0 {
		return nil, fmt.Errorf("size %d is not positive", ns[0])
	}
	fs := make([]float64, len(ns))
	for i, n := range ns {
		fs[i] = float64(n)
	}
	if err := complexity.CheckSizes(fs, complexity.Options{}); err != nil {
		return nil, err
	}
	return ns, nil
}

// measureTimes measures the time per call at every size, in rounds that
// visit every size in turn, and returns each size's rounds (ns per call).
func measureTimes(ns []int, setup func(int) func(), s settings) []complexity.Point {
	rounds := timeRounds
	if s.rounds > 0 {
		rounds = s.rounds
	}
	benchtime := roundTime(len(ns), rounds)
	calls := make([]func(), len(ns))
	iters := make([]int, len(ns))
	var total time.Duration // of one round of every size
	for i, n := range ns {
		calls[i] = setup(n)
		runtime.GC()
		var per time.Duration
		iters[i], per = calibrate(calls[i], benchtime)
		if s.calls > 0 {
			iters[i] = s.calls
		}
		total += per * time.Duration(iters[i])
	}
	// A slow largest size makes every round long: keep the sweep within
	// twice its budget, down to minTimeRounds.
	if s.rounds <= 0 && total > 0 && time.Duration(rounds)*total > 2*complexityBudget {
		rounds = max(minTimeRounds, int(2*complexityBudget/total))
	}
	points := make([]complexity.Point, len(ns))
	for i, n := range ns {
		points[i] = complexity.Point{N: float64(n), Values: make([]float64, 0, rounds)}
	}
	for r := range rounds {
		// Up the sizes, then down: a drift in the machine's speed over
		// the sweep does not favour one end.
		for j := range ns {
			i := j
			if r%2 == 1 {
				i = len(ns) - 1 - j
			}
			runtime.GC() // as testing does before a run: the last size's garbage is not this one's cost
			start := mono()
			for range iters[i] {
				calls[i]()
			}
			d := mono() - start
			points[i].Values = append(points[i].Values, float64(d)/float64(iters[i]))
		}
	}
	return points
}

// calibrate finds how many calls of f take about target, as testing grows
// b.N: it runs f 1, then more times until a run lasts target, and returns
// the calls that would last target and the time per call. A single call
// longer than target gives 1.
func calibrate(f func(), target time.Duration) (calls int, per time.Duration) {
	const maxCalls = 1e9
	n := 1
	for {
		start := mono()
		for range n {
			f()
		}
		d := max(time.Duration(mono()-start), 1)
		if d >= target || n >= maxCalls {
			per = d / time.Duration(n)
			return max(1, int(float64(n)*float64(target)/float64(d))), per
		}
		next := int(1.2 * float64(n) * float64(target) / float64(d))
		n = min(max(next, n+1), 100*n, maxCalls)
	}
}

// countCalls chooses the calls per round of a counter at one size from the
// time of a warm-up call: rounds of about countRoundTime, at most
// maxCountCalls calls.
func countCalls(warmup time.Duration, s settings) (calls, rounds int) {
	calls, rounds = s.calls, s.rounds
	if calls <= 0 {
		calls = int(min(maxCountCalls, max(1, countRoundTime/max(warmup, 1))))
	}
	if rounds <= 0 {
		rounds = countRounds
	}
	return calls, rounds
}

// measureCounts measures an exact count per call at every size with
// perCall. Sizes are measured one after another, each input dropped before
// the next is made.
func measureCounts(ns []int, setup func(int) func(), s settings, perCall func(f func(), calls, rounds int) float64) []complexity.Point {
	points := make([]complexity.Point, len(ns))
	for i, n := range ns {
		call := setup(n)
		c, r := countCalls(timeCall(call), s)
		points[i] = complexity.Point{N: float64(n), Values: []float64{perCall(call, c, r)}}
	}
	return points
}

// allocsPerCall is the heap allocations per call of f, as MemoryPerCall
// measures them: the fewest per call of the rounds.
func allocsPerCall(f func(), calls, rounds int) float64 {
	_, allocs, _ := memoryPerCall(f, []Option{Calls(calls), Rounds(rounds)})
	return allocs
}

// fewestPerCall is what read counts per call of f: the fewest per call of
// the rounds, so that increments from other goroutines do not count.
func fewestPerCall(f func(), read func() int64, calls, rounds int) float64 {
	best := math.Inf(1)
	for range rounds {
		before := read()
		for range calls {
			f()
		}
		best = min(best, float64(read()-before)/float64(calls))
	}
	return best
}

// judgeComplexity reports the verdict to t and, when the bound failed,
// records the violation.
func judgeComplexity(t TB, bound metric.Class, target string, s settings, res complexity.Result) {
	t.Helper()
	id := metric.ID(metric.Complexity, 0, target)
	what := "time per call"
	unit := "ns/op"
	switch s.fit.what {
	case fitAllocs:
		what, unit = "allocations per call", "allocs/op"
	case fitCount:
		u := s.fit.unit
		if u == "" {
			u = "count"
		}
		what, unit = u+" per call", u+"/op"
	}
	sizes := sizesText(res.Sizes)
	growth := fmt.Sprintf("fitted %v, growth n^%s [%s, %s] (%.0f%% interval) over n=%s",
		res.Fitted, fmtExp(res.Exponent), fmtExp(res.ExpLo), fmtExp(res.ExpHi), 100*res.Confidence, sizes)
	for _, w := range res.Warnings {
		t.Logf("perftest: %s: %v", id, w)
	}
	switch res.Status {
	case complexity.Passed:
		t.Logf("perftest: %s: %v holds on %s: %s", id, bound, what, growth)
	case complexity.Inconclusive:
		msg := fmt.Sprintf("perftest: %s: %v inconclusive on %s: %s", id, bound, what, res.Reason)
		if res.Fix != "" {
			msg += "; " + res.Fix
		}
		if sk, ok := t.(interface{ Skipf(string, ...any) }); ok {
			sk.Skipf("%s", msg)
			return
		}
		t.Logf("%s", msg)
	case complexity.Failed:
		msg := fmt.Sprintf("perftest: %s: %v failed on %s: %s: %s", id, bound, what, growth, res.Reason)
		if s.fit.what == fitAllocs && race.Enabled {
			t.Logf("%s (advisory under -race)", msg)
			return
		}
		t.Errorf("%s", msg)
		ctx := res.Context()
		ctx["test"] = t.Name()
		ctx["bound"] = bound.String()
		ctx["fitted"] = res.Fitted.String()
		ctx["measure"] = unit // not "unit": the violation's own unit is "class"
		ctx["reason"] = res.Reason
		if finite(res.Exponent, res.ExpLo, res.ExpHi) {
			ctx["exponent"] = res.Exponent
			ctx["interval"] = []float64{res.ExpLo, res.ExpHi}
			ctx["confidence"] = res.Confidence
		}
		collector(s).Record(perf.Violation{
			ContractID: id,
			Target:     target,
			Metric:     string(metric.Complexity),
			Measured:   float64(res.Fitted),
			Threshold:  float64(bound),
			Unit:       "class",
			Samples:    len(res.Sizes),
			Context:    ctx,
		})
	}
}

// finite reports whether every value is a finite number (JSON has no NaN).
func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

func fmtExp(e float64) string {
	if !finite(e) {
		return "?"
	}
	return strconv.FormatFloat(e, 'f', 2, 64)
}

// sizesText spells the sizes as "16…1024".
func sizesText(ns []float64) string {
	if len(ns) == 0 {
		return "?"
	}
	f := func(n float64) string { return strconv.FormatFloat(n, 'f', -1, 64) }
	return strings.Join([]string{f(ns[0]), f(ns[len(ns)-1])}, "…")
}
