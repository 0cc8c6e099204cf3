package perftest_test

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/choragen/choragen/internal/race"
	"github.com/choragen/choragen/perf"
	"github.com/choragen/choragen/perf/perftest"
)

// The functions of these tests count their own work, as a user's function
// counts its iterations with a perf.Counter: exact counts whose class is
// known.

// linearSearch looks for x in s, counting comparisons: n for a missing x.
func linearSearch(s []int, x int, c *atomic.Int64) int {
	for i, v := range s {
		c.Add(1)
		if v == x {
			return i
		}
	}
	return -1
}

// binarySearch looks for x in the sorted s, counting halvings: log2(n)+1
// for an x above every element and n a power of 2.
func binarySearch(s []int, x int, c *atomic.Int64) int {
	lo, hi := 0, len(s)
	for lo < hi {
		c.Add(1)
		m := int(uint(lo+hi) >> 1)
		if s[m] < x {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// insertionSort sorts s, counting comparisons: n(n-1)/2 on reversed input.
func insertionSort(s []int, c *atomic.Int64) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0; j-- {
			c.Add(1)
			if s[j-1] <= s[j] {
				break
			}
			s[j-1], s[j] = s[j], s[j-1]
		}
	}
}

// ranks returns, for each element, how many elements are smaller,
// counting comparisons: n².
func ranks(s []int, c *atomic.Int64) []int {
	r := make([]int, len(s))
	for i, x := range s {
		for _, y := range s {
			c.Add(1)
			if y < x {
				r[i]++
			}
		}
	}
	return r
}

var sinkInts []int

// first returns the first element, counting one step.
func first(s []int, c *atomic.Int64) int {
	c.Add(1)
	return s[0]
}

func ascending(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

func descending(n int) []int {
	s := ascending(n)
	slices.Reverse(s)
	return s
}

var sinkInt int

// skipRecorder is a recorder that can also skip, as *testing.T can; its
// Skipf returns instead of ending the test.
type skipRecorder struct {
	recorder
	skips []string
}

func (r *skipRecorder) Skipf(format string, args ...any) {
	r.skips = append(r.skips, fmt.Sprintf(format, args...))
}

// counted is a function of known growth in the count it keeps.
type counted struct {
	name  string
	sizes []int
	setup func(n int) []int
	f     func(s []int, c *atomic.Int64)
	class int // index of its class, 0 for O(1) … 6 for O(2^n)
}

var countedFuncs = []counted{
	{"first", []int{1 << 8, 1 << 10, 1 << 12, 1 << 14}, ascending,
		func(s []int, c *atomic.Int64) { sinkInt = first(s, c) }, 0},
	{"binary search", []int{1 << 8, 1 << 10, 1 << 12, 1 << 14, 1 << 16}, ascending,
		func(s []int, c *atomic.Int64) { sinkInt = binarySearch(s, len(s), c) }, 1},
	{"linear search", []int{1 << 8, 1 << 10, 1 << 12, 1 << 14, 1 << 16}, ascending,
		func(s []int, c *atomic.Int64) { sinkInt = linearSearch(s, -1, c) }, 2},
	{"insertion sort", []int{8, 16, 32, 64, 128, 256}, descending,
		func(s []int, c *atomic.Int64) { insertionSort(slices.Clone(s), c) }, 4},
	{"ranks", []int{8, 16, 32, 64, 128, 256}, ascending,
		func(s []int, c *atomic.Int64) { sinkInts = ranks(s, c) }, 4},
}

var bounds = []string{"O(1)", "O(log n)", "O(n)", "O(n log n)", "O(n^2)", "O(n^3)", "O(2^n)"}

// TestAssertComplexityCount declares every class against functions of
// known class that count their work: the honest bounds (at or above the
// class) hold, the broken ones fail, naming the fitted class, and each
// failure is recorded as a violation.
func TestAssertComplexityCount(t *testing.T) {
	for _, fn := range countedFuncs {
		for b, bound := range bounds {
			t.Run(fn.name+"/"+bound, func(t *testing.T) {
				var c atomic.Int64
				col := perf.NewCollector(perf.CollectorOpts{})
				r := &skipRecorder{}
				perftest.AssertComplexity(r, bound, fn.sizes, fn.setup,
					func(s []int) { fn.f(s, &c) },
					perftest.FitCount("steps", c.Load), perftest.RecordTo(col), perftest.Target("F"),
					perftest.Calls(3)) // exact counts: a few calls suffice
				if len(r.skips) > 0 {
					t.Fatalf("skipped (inconclusive): %s", r.skips)
				}
				fitted := bounds[fn.class]
				honest := b >= fn.class
				if honest {
					if len(r.errors) > 0 || len(col.Violations()) > 0 {
						t.Fatalf("honest bound failed: %q", r.errors)
					}
					if len(r.logs) == 0 || !strings.Contains(r.logs[len(r.logs)-1], bound+" holds on steps per call: fitted "+fitted) {
						t.Errorf("logs %q, want the growth within %s", r.logs, bound)
					}
					return
				}
				if len(r.errors) != 1 {
					t.Fatalf("broken bound: %d errors, want 1: %q", len(r.errors), r.errors)
				}
				const id = "complexity:github.com/choragen/choragen/perf/perftest.F"
				if want := "perftest: " + id + ": " + bound + " failed on steps per call: fitted " + fitted + ", growth n^"; !strings.HasPrefix(r.errors[0], want) {
					t.Errorf("error %q, want it to start %q", r.errors[0], want)
				}
				vs := col.Violations()
				if len(vs) != 1 {
					t.Fatalf("%d violations, want 1", len(vs))
				}
				v := vs[0]
				if v.ContractID != id || v.Metric != "complexity" || v.Unit != "class" ||
					v.Measured != float64(fn.class) || v.Threshold != float64(b) || v.Samples != len(fn.sizes) {
					t.Errorf("violation %+v, want %s measured %d threshold %d over %d sizes", v, id, fn.class, b, len(fn.sizes))
				}
				for k, want := range map[string]any{"test": "TestRecorded", "bound": bound, "fitted": fitted, "measure": "steps/op"} {
					if v.Context[k] != want {
						t.Errorf("violation context %s = %v, want %v", k, v.Context[k], want)
					}
				}
				for _, k := range []string{"exponent", "interval", "sizes", "reason"} {
					if v.Context[k] == nil {
						t.Errorf("violation context has no %s: %v", k, v.Context)
					}
				}
			})
		}
	}
}

// TestAssertComplexityMessage pins the whole message of a failure: a
// count that is exactly a class, and one that is not (insertion sort's
// n(n-1)/2 comparisons), fitted as time is.
func TestAssertComplexityMessage(t *testing.T) {
	const prefix = "perftest: complexity:github.com/choragen/choragen/perf/perftest.TestRecorded: O(n) failed on comparisons per call: "
	for _, tc := range []struct {
		f    func(s []int, c *atomic.Int64)
		want string
	}{
		{func(s []int, c *atomic.Int64) { sinkInts = ranks(s, c) },
			"fitted O(n^2), growth n^2.00 [2.00, 2.00] (95% interval) over n=16…512: " +
				"counts grow as O(n^2) over n=16…512 (O(n^2) fits exactly), above O(n)"},
		{func(s []int, c *atomic.Int64) { insertionSort(slices.Clone(s), c) },
			"fitted O(n^2), growth n^2.01 [2.01, 2.01] (95% interval) over n=16…512: " +
				"grows as n^2.01 [2.01, 2.01] over n=64…512, above O(n) (n^1.60 allowed) in every segment; O(n^2) fits p=0.003"},
	} {
		var c atomic.Int64
		r := &skipRecorder{}
		perftest.AssertComplexity(r, "O(n)", []int{16, 32, 64, 128, 256, 512}, descending,
			func(s []int) { tc.f(s, &c) },
			perftest.FitCount("comparisons", c.Load), perftest.RecordTo(perf.NewCollector(perf.CollectorOpts{})))
		if len(r.errors) != 1 || r.errors[0] != prefix+tc.want {
			t.Errorf("errors %q\nwant %q", r.errors, prefix+tc.want)
		}
	}
}

// TestAssertComplexityInconclusive: counts that grow faster than the bound
// but unevenly (a regime change, not a class) skip the test, saying why
// and what would decide, and record nothing.
func TestAssertComplexityInconclusive(t *testing.T) {
	// n^0.7 up to 4096, then quadratic.
	steps := func(n int) int64 {
		if n <= 4096 {
			return int64(math.Pow(float64(n), 0.7))
		}
		return int64(math.Pow(4096, 0.7) * float64(n/4096) * float64(n/4096))
	}
	sizes := []int{256, 1024, 4096, 16384, 65536}
	col := perf.NewCollector(perf.CollectorOpts{})
	var c atomic.Int64
	var sub *testing.T
	t.Run("skipped", func(t *testing.T) {
		sub = t
		perftest.AssertComplexity(t, "O(1)", sizes, func(n int) int { return n },
			func(n int) { c.Add(steps(n)) },
			perftest.FitCount("steps", c.Load), perftest.RecordTo(col))
		t.Error("AssertComplexity returned: want the test skipped")
	})
	if !sub.Skipped() || sub.Failed() {
		t.Errorf("skipped %v, failed %v: want skipped", sub.Skipped(), sub.Failed())
	}
	if vs := col.Violations(); len(vs) > 0 {
		t.Errorf("inconclusive recorded violations: %v", vs)
	}

	// A TB that cannot skip gets a log line, not an error.
	r := &recorder{}
	perftest.AssertComplexity(r, "O(1)", sizes, func(n int) int { return n },
		func(n int) { c.Add(steps(n)) },
		perftest.FitCount("steps", c.Load), perftest.RecordTo(col))
	if len(r.errors) > 0 || len(r.logs) == 0 ||
		!strings.Contains(r.logs[len(r.logs)-1], "O(1) inconclusive on steps per call: grows faster than O(1), but unevenly") ||
		!strings.Contains(r.logs[len(r.logs)-1], "; add sizes") {
		t.Errorf("errors %q, logs %q: want an inconclusive log line with a fix", r.errors, r.logs)
	}
}

// TestAssertComplexityInvalid: mistakes in the test fail it at once,
// before anything is measured.
func TestAssertComplexityInvalid(t *testing.T) {
	var c atomic.Int64
	for _, tc := range []struct {
		name, bound string
		sizes       []int
		opts        []perftest.Option
		want        string
	}{
		{"unknown class", "O(n!)", []int{1, 10, 100, 1000}, nil, `unknown complexity class "O(n!)"`},
		{"too few sizes", "O(n)", []int{100, 1000, 10000}, nil, "too few sizes: 3, need at least 4; add size n=100000"},
		{"duplicates do not count", "O(n)", []int{100, 100, 1000, 10000}, nil, "too few sizes: 3"},
		{"narrow span", "O(n)", []int{100, 200, 300, 400}, nil, "sizes span only 4× (n=100…400), need at least 8×; add size n=800"},
		{"no sizes", "O(n)", nil, nil, "no measurements"},
		{"zero size", "O(n)", []int{0, 10, 100, 1000}, nil, "size 0 is not positive"},
		{"nil counter", "O(n)", []int{1, 10, 100, 1000}, []perftest.Option{perftest.FitCount("steps", nil)}, `FitCount("steps") with a nil read function`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &skipRecorder{}
			calls := 0
			perftest.AssertComplexity(r, tc.bound, tc.sizes, func(n int) int { calls++; return n },
				func(n int) { c.Add(int64(n)) }, tc.opts...)
			if len(r.errors) != 1 || !strings.Contains(r.errors[0], tc.want) || !strings.HasPrefix(r.errors[0], "perftest: AssertComplexity: ") {
				t.Errorf("errors %q, want one containing %q", r.errors, tc.want)
			}
			if calls > 0 {
				t.Errorf("setup called %d times: want nothing measured", calls)
			}
		})
	}
	r := &recorder{}
	perftest.AssertComplexity[int](r, "O(n)", []int{1, 10, 100, 1000}, nil, func(int) {})
	if len(r.errors) != 1 || !strings.Contains(r.errors[0], "nil setup or function") {
		t.Errorf("nil setup: errors %q", r.errors)
	}
}

// TestAssertComplexityTarget: the violation's target is the one named,
// qualified with the test's package when bare, or the test.
func TestAssertComplexityTarget(t *testing.T) {
	for _, tc := range []struct {
		opts []perftest.Option
		want string
	}{
		{nil, "complexity:github.com/choragen/choragen/perf/perftest.TestRecorded"},
		{[]perftest.Option{perftest.Target("Search")}, "complexity:github.com/choragen/choragen/perf/perftest.Search"},
		{[]perftest.Option{perftest.Target("example.com/x.Search")}, "complexity:example.com/x.Search"},
	} {
		var c atomic.Int64
		col := perf.NewCollector(perf.CollectorOpts{})
		r := &recorder{}
		perftest.AssertComplexity(r, "O(1)", []int{1 << 8, 1 << 10, 1 << 12, 1 << 14}, ascending,
			func(s []int) { sinkInt = linearSearch(s, -1, &c) },
			append(tc.opts, perftest.FitCount("", c.Load), perftest.RecordTo(col))...)
		vs := col.Violations()
		if len(vs) != 1 || vs[0].ContractID != tc.want {
			t.Errorf("violations %v, want one of %s", vs, tc.want)
		}
		if len(r.errors) != 1 || !strings.Contains(r.errors[0], tc.want+": O(1) failed on count per call") {
			t.Errorf("errors %q", r.errors)
		}
	}
}

// TestAssertComplexityDefaultCollector: without RecordTo the violation
// goes to perf.Default, which perftest.Main writes for choragen.
func TestAssertComplexityDefaultCollector(t *testing.T) {
	defer perf.Default.Reset()
	var c atomic.Int64
	perftest.AssertComplexity(&recorder{}, "O(1)", []int{1 << 8, 1 << 10, 1 << 12, 1 << 14}, ascending,
		func(s []int) { sinkInt = linearSearch(s, -1, &c) },
		perftest.FitCount("", c.Load), perftest.Target("Search"))
	found := false
	for _, v := range perf.Default.Violations() {
		found = found || v.ContractID == "complexity:github.com/choragen/choragen/perf/perftest.Search"
	}
	if !found {
		t.Errorf("no violation in perf.Default: %v", perf.Default.Violations())
	}
}

// TestAssertComplexityCountRounds: increments from other work in some
// rounds do not count (the fewest per call of the rounds is fitted); a
// counter that other work advances in every round cannot be told apart,
// and is the user's to keep private.
func TestAssertComplexityCountRounds(t *testing.T) {
	var c atomic.Int64
	calls := 0
	r := &skipRecorder{}
	perftest.AssertComplexity(r, "O(n)", []int{1 << 8, 1 << 10, 1 << 12, 1 << 14}, ascending,
		func(s []int) {
			calls++
			if calls%7 == 0 {
				c.Add(1 << 30) // someone else's work, in one round at most
			}
			sinkInt = linearSearch(s, -1, &c)
		},
		perftest.FitCount("steps", c.Load), perftest.Calls(3), perftest.Rounds(3))
	if len(r.errors) > 0 || len(r.skips) > 0 {
		t.Errorf("errors %q, skips %q: want O(n) to hold", r.errors, r.skips)
	}
}

// TestAssertComplexityAllocs fits allocations: a list of n nodes is O(n),
// not O(1); one allocation per call is O(1).
func TestAssertComplexityAllocs(t *testing.T) {
	if race.Enabled {
		t.Skip("allocation counts differ under -race")
	}
	type node struct{ next *node }
	var list *node
	build := func(n int) {
		list = nil
		for range n {
			list = &node{list}
		}
	}
	sizes := []int{16, 64, 256, 1024, 4096}
	for _, tc := range []struct {
		bound string
		f     func(int)
		fail  string
	}{
		{"O(n)", build, ""},
		{"O(1)", build, "O(1) failed on allocations per call: fitted O(n)"},
		{"O(1)", func(int) { list = &node{} }, ""},
	} {
		r := &skipRecorder{}
		col := perf.NewCollector(perf.CollectorOpts{})
		perftest.AssertComplexity(r, tc.bound, sizes, func(n int) int { return n }, tc.f,
			perftest.FitAllocs(), perftest.RecordTo(col))
		switch {
		case len(r.skips) > 0:
			t.Errorf("%s: skipped: %q", tc.bound, r.skips)
		case tc.fail == "" && len(r.errors) > 0:
			t.Errorf("%s: honest bound failed: %q", tc.bound, r.errors)
		case tc.fail != "" && (len(r.errors) != 1 || !strings.Contains(r.errors[0], tc.fail)):
			t.Errorf("%s: errors %q, want %q", tc.bound, r.errors, tc.fail)
		case tc.fail != "" && (len(col.Violations()) != 1 || col.Violations()[0].Context["measure"] != "allocs/op"):
			t.Errorf("%s: violations %v", tc.bound, col.Violations())
		}
	}
}

// TestAssertComplexityAllocsAdvisoryUnderRace: under the race detector a
// failed allocation bound is logged, not failed.
func TestAssertComplexityAllocsAdvisoryUnderRace(t *testing.T) {
	if !race.Enabled {
		t.Skip("only under -race")
	}
	type node struct{ next *node }
	var list *node
	r := &skipRecorder{}
	perftest.AssertComplexity(r, "O(1)", []int{16, 64, 256, 1024, 4096}, func(n int) int { return n },
		func(n int) {
			list = nil
			for range n {
				list = &node{list}
			}
		}, perftest.FitAllocs(), perftest.RecordTo(perf.NewCollector(perf.CollectorOpts{})))
	if len(r.errors) > 0 || len(r.logs) == 0 || !strings.HasSuffix(r.logs[len(r.logs)-1], "(advisory under -race)") {
		t.Errorf("errors %q, logs %q: want an advisory log line under -race", r.errors, r.logs)
	}
}

// TestAssertComplexityWire: the violation reaches the file that choragen
// reads as its report's violation shape, with the fit in its context.
func TestAssertComplexityWire(t *testing.T) {
	var c atomic.Int64
	col := perf.NewCollector(perf.CollectorOpts{})
	perftest.AssertComplexity(&recorder{}, "O(n)", []int{16, 32, 64, 128, 256}, ascending,
		func(s []int) { sinkInts = ranks(s, &c) },
		perftest.FitCount("comparisons", c.Load), perftest.Target("Ranks"), perftest.RecordTo(col))
	path, err := col.WriteViolations(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Violations []struct {
			ContractID          string
			Measured, Threshold float64
			Context             map[string]any
		}
	}
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Violations) != 1 {
		t.Fatalf("%d violations in %s", len(f.Violations), data)
	}
	v := f.Violations[0]
	if v.ContractID != "complexity:github.com/choragen/choragen/perf/perftest.Ranks" || v.Measured != 4 || v.Threshold != 2 {
		t.Errorf("violation %+v", v)
	}
	for k, want := range map[string]any{"metric": "complexity", "unit": "class", "measure": "comparisons/op",
		"bound": "O(n)", "fitted": "O(n^2)", "test": "TestRecorded"} {
		if got := v.Context[k]; got != want {
			t.Errorf("context %s = %v, want %v", k, got, want)
		}
	}
	// log(1+n²) over log n: just under 2.
	if e, ok := v.Context["exponent"].(float64); !ok || math.Abs(e-2) > 0.01 {
		t.Errorf("context exponent = %v, want 2", v.Context["exponent"])
	}
}
