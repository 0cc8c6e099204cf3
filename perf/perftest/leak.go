package perftest

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/choragen/choragen/internal/metric"
	"github.com/choragen/choragen/perf"
)

// A CleanupTB is a TB that runs functions when its test ends, as
// *testing.T and *testing.B do.
type CleanupTB interface {
	TB
	Cleanup(func())
}

var _ CleanupTB = testing.TB(nil)

// leakSettings are the options of NoLeaks and HeapGrowth (target and
// collector also of AssertComplexity).
type leakSettings struct {
	target       string
	collector    *perf.Collector
	maxGrowth    float64 // bytes per call
	maxGrowthSet bool
	goleak       []goleak.Option
}

// Target names what a leak check or a complexity assertion covers in
// choragen's report: the violation's contract id is "leak:<target>" or
// "complexity:<target>". By default it is the test, "<package>.<TestName>".
// A bare name (no dot, slash or space) is qualified with the package of
// the test.
func Target(name string) Option {
	return optionFunc(func(s *settings) { s.target = name })
}

// RecordTo makes NoLeaks, HeapGrowth and AssertComplexity record their
// violations in c instead of perf.Default (which perftest.Main writes for choragen).
func RecordTo(c *perf.Collector) Option {
	return optionFunc(func(s *settings) { s.collector = c })
}

// DefaultMaxGrowth is the growth of the live heap, in bytes per call,
// that HeapGrowth tolerates unless MaxGrowth says otherwise: less than any
// leak of one object per call, more than a drift of the runtime's own
// bookkeeping.
const DefaultMaxGrowth = 1

// MaxGrowth sets how many bytes of live heap per call HeapGrowth
// tolerates (DefaultMaxGrowth if not set). MaxGrowth(0) fails on any
// steady growth.
func MaxGrowth(bytesPerCall float64) Option {
	return optionFunc(func(s *settings) { s.maxGrowth, s.maxGrowthSet = bytesPerCall, true })
}

// GoleakOptions passes options to goleak (goleak.IgnoreTopFunction,
// goleak.IgnoreAnyFunction, goleak.MaxRetryAttempts, ...) for NoLeaks.
func GoleakOptions(opts ...goleak.Option) Option {
	return optionFunc(func(s *settings) { s.goleak = append(s.goleak, opts...) })
}

// NoLeaks fails t if, when the test ends, goroutines are running that were
// not running when NoLeaks was called, and records the leak as a violation
// (contract id "leak:<target>", metric "leak", measured in goroutines) for
// choragen's report. Call it first in the test:
//
//	func TestServer(t *testing.T) {
//		perftest.NoLeaks(t)
//		srv := start(t)
//		...
//	}
//
// It is go.uber.org/goleak's check with the goroutines of the moment
// ignored (goleak.IgnoreCurrent), so that goroutines started before the
// test (by TestMain, an earlier test, a package's init) are not blamed on
// it. Goroutines still winding down get time to end: goleak looks again,
// with back-off, for about half a second before it reports.
//
// Note: goroutines carry no record of the test that started them, so a
// test running in parallel with others (t.Parallel) is blamed for the
// goroutines they leave running when it ends. Use NoLeaks in tests that do
// not run in parallel, or goleak.VerifyTestMain for a whole package.
func NoLeaks(t CleanupTB, opts ...Option) {
	t.Helper()
	s := applyOptions(opts)
	target := leakTarget(t, s.target)
	find := append(slices.Clip(s.goleak), goleak.IgnoreCurrent())
	t.Cleanup(func() {
		t.Helper()
		err := goleak.Find(find...)
		if err == nil {
			return
		}
		msg := err.Error()
		n := leakedGoroutines(msg)
		id := metric.ID(metric.Leak, 0, target)
		t.Errorf("perftest: %s: %d goroutines leaked: %s", id, n, msg)
		collector(s).Record(perf.Violation{
			ContractID: id,
			Target:     target,
			Metric:     string(metric.Leak),
			Measured:   float64(n),
			Threshold:  0,
			Unit:       "goroutines",
			Samples:    1,
			Context:    map[string]any{"test": t.Name(), "leak": "goroutines", "stacks": clip(msg, 4000)},
		})
	})
}

// leakedGoroutines counts the goroutines in goleak's error, which lists
// each as "Goroutine <id> in state <state>, with <func> on top of the
// stack:" (goroutine traces spell "goroutine" in lower case).
func leakedGoroutines(msg string) int {
	return max(1, strings.Count(msg, "Goroutine "))
}

// HeapGrowthRounds is how many rounds of calls HeapGrowth measures unless
// Rounds says otherwise.
const HeapGrowthRounds = 10

// HeapGrowth fails t when the heap that op keeps reachable grows steadily
// with the number of calls: an unbounded cache, a slice that is appended to
// and never trimmed, a map whose entries are never deleted. Memory that op
// allocates and drops does not count, only what survives a garbage
// collection. The violation is recorded (contract id "leak:<target>",
// metric "leak", measured in bytes per call) for choragen's report.
//
//	func TestCacheDoesNotGrow(t *testing.T) {
//		c := NewCache(100)
//		i := 0
//		perftest.HeapGrowth(t, func() { i++; c.Get(strconv.Itoa(i)) })
//	}
//
// It follows memlab's protocol: one round of calls as a warm-up (caches
// fill, pools and lazy initialisation settle), a garbage collection, the
// live heap as the baseline; then Rounds (HeapGrowthRounds) rounds of
// Calls (100) calls, each followed by a collection and a reading of the
// live heap (runtime/metrics /gc/heap/live:bytes). The growth per call is
// the Theil–Sen slope of the readings (the median of the slopes between
// every two of them) with its 95% interval (Sen's), divided by the calls
// per round. It fails when the whole interval lies above MaxGrowth
// (DefaultMaxGrowth, 1 byte per call): growth that is steady, not a one-off jump (a lazily built
// table, which moves only a minority of the slopes) and not noise (which
// spans zero).
//
// A bounded cache grows until it is full: make the warm-up round fill it
// (Calls at least its capacity), or it may read as growing. The live heap
// is the process's: keep tests that call HeapGrowth out of t.Parallel.
func HeapGrowth(t TB, op func(), opts ...Option) {
	t.Helper()
	s := applyOptions(opts)
	target := leakTarget(t, s.target)
	if !s.maxGrowthSet {
		s.maxGrowth = DefaultMaxGrowth
	}
	g := measureGrowth(op, s)
	if g.lo <= s.maxGrowth {
		return
	}
	id := metric.ID(metric.Leak, 0, target)
	t.Errorf("perftest: %s: live heap grows %s B per call (95%% interval %s to %s) > max %s, over %d rounds of %d calls (%d B after the warm-up, %d B at the end)",
		id, fmtBytes(g.slope), fmtBytes(g.lo), fmtBytes(g.hi), fmtBytes(s.maxGrowth), g.rounds, g.calls, g.live[0], g.live[len(g.live)-1])
	collector(s).Record(perf.Violation{
		ContractID: id,
		Target:     target,
		Metric:     string(metric.Leak),
		Measured:   g.slope,
		Threshold:  s.maxGrowth,
		Unit:       "B",
		Samples:    g.rounds * g.calls,
		Context: map[string]any{
			"test": t.Name(), "leak": "heap", "per": "call",
			"interval": []float64{g.lo, g.hi}, "rounds": g.rounds, "calls": g.calls,
			"liveHeap": g.live,
		},
	})
}

// growth is what measureGrowth found.
type growth struct {
	slope, lo, hi float64 // bytes per call
	rounds, calls int
	live          []uint64 // after the warm-up, then after each round
}

func measureGrowth(op func(), s settings) growth {
	warmup := timeCall(op)
	calls, rounds := s.calls, s.rounds
	if rounds <= 0 {
		rounds = HeapGrowthRounds
	}
	if calls <= 0 {
		calls = 100
		// Keep the default rounds within the time budget for slow calls.
		if total := warmup * 100 * 11; total > roundsBudget {
			calls = int(max(1, 100*roundsBudget/total))
		}
	}
	g := growth{rounds: rounds, calls: calls, live: make([]uint64, 0, rounds+1)}
	round := func() {
		for range calls {
			op()
		}
		runtime.GC()
		g.live = append(g.live, liveHeap())
	}
	round() // warm-up; its reading is the baseline
	for range rounds {
		round()
	}
	g.slope, g.lo, g.hi = theilSen(g.live)
	g.slope /= float64(calls)
	g.lo /= float64(calls)
	g.hi /= float64(calls)
	return g
}

// theilSen returns the Theil–Sen slope of y over its indexes (the median
// of the slopes between every two points) and Sen's 95% confidence
// interval for it, which needs no assumption on the distribution of the
// noise and is not moved by a few outliers (Sen 1968; Hollander & Wolfe,
// Nonparametric Statistical Methods, 8.4).
func theilSen(y []uint64) (slope, lo, hi float64) {
	n := len(y)
	if n < 2 {
		return 0, math.Inf(-1), math.Inf(1)
	}
	slopes := make([]float64, 0, n*(n-1)/2)
	for i := range n {
		for j := i + 1; j < n; j++ {
			slopes = append(slopes, (float64(y[j])-float64(y[i]))/float64(j-i))
		}
	}
	slices.Sort(slopes)
	N := len(slopes)
	if N%2 == 1 {
		slope = slopes[N/2]
	} else {
		slope = (slopes[N/2-1] + slopes[N/2]) / 2
	}
	// The ranks of the interval's ends (1-based): (N ∓ C)/2, C the
	// normal quantile times the standard deviation of Kendall's S.
	c := 1.959964 * math.Sqrt(float64(n*(n-1)*(2*n+5))/18)
	l := int(math.Floor((float64(N) - c) / 2))
	u := int(math.Ceil((float64(N)+c)/2)) + 1
	lo, hi = math.Inf(-1), math.Inf(1)
	if l >= 1 {
		lo = slopes[l-1]
	}
	if u <= N {
		hi = slopes[u-1]
	}
	return slope, lo, hi
}

func applyOptions(opts []Option) settings {
	var s settings
	for _, o := range opts {
		o.apply(&s)
	}
	return s
}

func collector(s settings) *perf.Collector {
	if s.collector != nil {
		return s.collector
	}
	return perf.Default
}

// leakTarget returns the target of a leak check (or a complexity
// assertion): the one set, qualified with the test's package when bare, or
// "<package>.<test name>". It is called by NoLeaks, HeapGrowth and
// AssertComplexity, whose caller is the test.
func leakTarget(t TB, set string) string {
	name := set
	if name == "" {
		name = t.Name()
	} else if strings.ContainsAny(name, "./ \t") {
		return name
	}
	// 0 callerPackage, 1 leakTarget, 2 NoLeaks, HeapGrowth or
	// AssertComplexity, 3 the test.
	if pkg := callerPackage(3); pkg != "" {
		return pkg + "." + name
	}
	return name
}

// callerPackage returns the import path of the function skip frames up
// the stack (runtime.Caller's skip), without the _test suffix of an
// external test package.
func callerPackage(skip int) string {
	pc, _, _, ok := runtime.Caller(skip)
	if !ok {
		return ""
	}
	fn := runtime.FuncForPC(pc)
	if fn == nil {
		return ""
	}
	name := fn.Name()
	slash := strings.LastIndexByte(name, '/')
	dot := strings.IndexByte(name[slash+1:], '.')
	if dot < 0 {
		return ""
	}
	return strings.TrimSuffix(name[:slash+1+dot], "_test")
}

// fmtBytes prints a number of bytes: whole from 1000 up, else to 4
// significant digits.
func fmtBytes(v float64) string {
	switch {
	case math.IsInf(v, 0):
		return fmt.Sprint(v)
	case math.Abs(v) >= 1000:
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
