package complexity

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/choragen/choragen/internal/metric"
)

// fixture is one function of testdata/accuracy with its true classes. Every
// class is declared against it: those at or above the truth are honest
// bounds, those below are broken.
type fixture struct {
	bench string
	time  metric.Class // class of its time per op
	// allocs is the class of its allocs/op; functions that never allocate
	// (all zero) are left out of the allocs suite as trivially O(1).
	allocs metric.Class
}

var fixtures = []fixture{
	{"BenchmarkMapLookup", metric.O1, metric.O1},
	{"BenchmarkRandomAccess", metric.O1, metric.O1},
	{"BenchmarkPeek", metric.O1, metric.O1},
	{"BenchmarkRingRotate", metric.O1, metric.O1},
	{"BenchmarkBinarySearch", metric.OLogN, metric.O1},
	{"BenchmarkHalvings", metric.OLogN, metric.O1},
	{"BenchmarkHeapPushPop", metric.OLogN, metric.O1},
	{"BenchmarkModPow", metric.OLogN, metric.O1},
	{"BenchmarkTreeLookup", metric.OLogN, metric.O1},
	{"BenchmarkSum", metric.ON, metric.O1},
	{"BenchmarkMapRange", metric.ON, metric.O1},
	{"BenchmarkListWalk", metric.ON, metric.O1},
	{"BenchmarkBuildList", metric.ON, metric.ON},
	{"BenchmarkFNV1a", metric.ON, metric.O1},
	{"BenchmarkCountDistinct", metric.ON, metric.ON},
	{"BenchmarkSortCopy", metric.ONLogN, metric.O1},
	{"BenchmarkMergeSort", metric.ONLogN, metric.ON},
	{"BenchmarkHeapSort", metric.ONLogN, metric.ON},
	{"BenchmarkInsertionSort", metric.ON2, metric.O1},
	{"BenchmarkClosePairs", metric.ON2, metric.O1},
	{"BenchmarkEditDistance", metric.ON2, metric.O1},
	{"BenchmarkMatMul", metric.ON3, metric.O1},
	{"BenchmarkFloydWarshall", metric.ON3, metric.O1},
	{"BenchmarkZeroTriples", metric.ON3, metric.O1},
	{"BenchmarkSubsetSums", metric.O2N, metric.O1},
	{"BenchmarkFib", metric.O2N, metric.O1},
	{"BenchmarkHanoi", metric.O2N, metric.O1},
	{"BenchmarkPowerSet", metric.O2N, metric.O2N},
}

// degree is a class's polynomial degree; 2^n is above every polynomial.
func degree(c metric.Class) int {
	switch c {
	case metric.O1, metric.OLogN:
		return 0
	case metric.ON, metric.ONLogN:
		return 1
	case metric.ON2:
		return 2
	case metric.ON3:
		return 3
	}
	return 4
}

// tally counts verdicts against the truth for one method.
type tally struct {
	// right: passed when honest, failed when broken by a degree or more,
	// decided either way when broken by a log factor. wrong: failed when
	// honest, passed when broken by a degree or more.
	pairs, right, wrong int
	// honest bounds (at or above the truth)
	honest, honestPassed, honestFailed int
	// bounds broken by at least one polynomial degree: must fail
	broken, caught, brokenPassed int
	// bounds broken by a log factor only (log n vs 1, n log n vs n): may
	// pass or fail, but not be inconclusive
	logBroken, logFailed, logInconclusive int
	inconclusive                          int
}

func (t *tally) add(truth, bound metric.Class, st Status) {
	t.pairs++
	if st == Inconclusive {
		t.inconclusive++
	}
	switch {
	case bound >= truth:
		t.honest++
		switch st {
		case Passed:
			t.honestPassed++
			t.right++
		case Failed:
			t.honestFailed++
			t.wrong++
		}
	case degree(truth) > degree(bound):
		t.broken++
		switch st {
		case Failed:
			t.caught++
			t.right++
		case Passed:
			t.brokenPassed++
			t.wrong++
		}
	default:
		t.logBroken++
		switch st {
		case Failed:
			t.logFailed++
			t.right++
		case Passed:
			t.right++
		case Inconclusive:
			t.logInconclusive++
		}
	}
}

func (t tally) String() string {
	return fmt.Sprintf("right %d/%d (%.1f%%), wrong %d; honest passed %d/%d, failed %d; broken ≥1 degree caught %d/%d (passed %d); log-factor broken failed %d/%d (inconclusive %d); inconclusive %d",
		t.right, t.pairs, 100*float64(t.right)/float64(max(t.pairs, 1)), t.wrong, t.honestPassed, t.honest, t.honestFailed,
		t.caught, t.broken, t.brokenPassed, t.logFailed, t.logBroken, t.logInconclusive, t.inconclusive)
}

// accuracy is the suite's outcome for one unit.
type accuracy struct {
	unit       string
	check, ref tally
	lines      []string // per function: verdicts for every bound
	misses     []string // wrong verdicts of Check, one line each
}

// evaluate checks every (function, bound) pair of the fixtures measured in
// text (Go benchmark output) in the given unit, with Check and with the
// reference method.
func evaluate(t testing.TB, text io.Reader, unit string, exact bool) accuracy {
	t.Helper()
	ss, err := readBench(text, "accuracy")
	if err != nil {
		t.Fatal(err)
	}
	acc := accuracy{unit: unit}
	for _, f := range fixtures {
		var pts []Point
		for _, s := range ss {
			if "Benchmark"+s.bench == f.bench && s.unit == unit {
				pts = s.points
			}
		}
		if pts == nil {
			t.Errorf("%s: no %s measurements", f.bench, unit)
			continue
		}
		truth := f.time
		if exact {
			truth = f.allocs
			if allZero(pts) {
				continue
			}
		}
		opts := Options{Exact: exact, Seed: 1}
		fit := Fit(pts, opts)
		var cv, rv strings.Builder
		for _, bound := range metric.Classes() {
			r := Check(pts, bound, opts)
			acc.check.add(truth, bound, r.Status)
			cv.WriteString(strings.ToUpper(string(r.Status[:1])))
			ref := Failed
			if googleCheck(pts, bound) {
				ref = Passed
			}
			acc.ref.add(truth, bound, ref)
			rv.WriteString(strings.ToUpper(string(ref[:1])))
			wrong := (bound >= truth && r.Status != Passed) ||
				(degree(truth) > degree(bound) && r.Status != Failed)
			if wrong {
				acc.misses = append(acc.misses, fmt.Sprintf("%s %s declared %v: %s: %s (segments %s)", f.bench, unit, bound, r.Status, r.Reason, segString(r)))
			}
		}
		acc.lines = append(acc.lines, fmt.Sprintf("%-24s %-10v fitted %-10v n^%.2f [%.2f, %.2f]  check %s  reference %s (%v)  segments %s",
			f.bench, truth, fit.Fitted, fit.Exponent, fit.ExpLo, fit.ExpHi, cv.String(), rv.String(), googleBigO(pts), segString(fit)))
	}
	return acc
}

func segString(r Result) string {
	var s []string
	for _, g := range r.Segments {
		s = append(s, fmt.Sprintf("%.2f", g.Slope))
	}
	return strings.Join(s, " ")
}

func allZero(pts []Point) bool {
	for _, p := range pts {
		for _, v := range p.Values {
			if v != 0 {
				return false
			}
		}
	}
	return true
}

func (a accuracy) print(w io.Writer) {
	fmt.Fprintf(w, "%s: verdicts for bounds O(1) O(log n) O(n) O(n log n) O(n^2) O(n^3) O(2^n) (P passed, F failed, I inconclusive)\n", a.unit)
	for _, l := range a.lines {
		fmt.Fprintln(w, "  "+l)
	}
	fmt.Fprintf(w, "  Check:     %v\n  reference: %v\n", a.check, a.ref)
	for _, m := range a.misses {
		fmt.Fprintln(w, "  miss: "+m)
	}
}

// recorded is a run of the fixture benchmarks on the development VM, kept so
// that the accuracy goals are checked deterministically on real
// measurements (caches, noise and all). The acceptance test rewrites it
// with -update.
var recorded = filepath.Join("testdata", "recorded", "accuracy.txt")

func TestRecordedAccuracy(t *testing.T) {
	for _, tc := range []struct {
		file string
		// all: the run was quiet enough for every goal; otherwise (a run
		// under heavy load from other processes) only the safety goals
		// hold: no honest bound failed, no broken bound passed.
		all bool
	}{
		// load average 1.2 before the run, 4.5 after, on 2 cores
		{recorded, false},
		// go test while the VM ran other engineers' builds: load average
		// 13 and 21 on 2 cores, timings spread up to 5× within a size.
		{filepath.Join("testdata", "recorded", "loaded.txt"), false},
		{filepath.Join("testdata", "recorded", "loaded2.txt"), false},
	} {
		for _, u := range []struct {
			unit  string
			exact bool
		}{{"sec/op", false}, {"allocs/op", true}} {
			t.Run(filepath.Base(tc.file)+"/"+strings.ReplaceAll(u.unit, "/", "-"), func(t *testing.T) {
				f, err := os.Open(tc.file)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				acc := evaluate(t, f, u.unit, u.exact)
				var b strings.Builder
				acc.print(&b)
				t.Log("\n" + b.String())
				checkGoals(t, acc, tc.all)
			})
		}
	}
}

// checkGoals asserts issue 5's accuracy goals: no honest bound failed,
// every bound broken by at least one degree caught, and more right verdicts
// than the reference. Under heavy load (!all) abstaining is right where
// guessing is not, so it asserts instead that no broken bound passed and
// that Check gives fewer wrong verdicts than the reference.
func checkGoals(t *testing.T, acc accuracy, all bool) {
	t.Helper()
	if acc.check.honestFailed != 0 {
		t.Errorf("%s: %d honest bounds failed, want 0", acc.unit, acc.check.honestFailed)
	}
	if acc.check.brokenPassed != 0 {
		t.Errorf("%s: %d bounds broken by at least one degree passed, want 0", acc.unit, acc.check.brokenPassed)
	}
	if acc.check.wrong >= max(acc.ref.wrong, 1) {
		t.Errorf("%s: %d wrong verdicts, the reference %d: want fewer", acc.unit, acc.check.wrong, acc.ref.wrong)
	}
	if !all {
		return
	}
	if acc.check.caught != acc.check.broken {
		t.Errorf("%s: caught %d of %d bounds broken by at least one degree, want all", acc.unit, acc.check.caught, acc.check.broken)
	}
	if acc.check.right <= acc.ref.right {
		t.Errorf("%s: %d right verdicts, the reference %d: want more", acc.unit, acc.check.right, acc.ref.right)
	}
}
