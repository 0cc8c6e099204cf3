package score_test

import (
	mrand "math/rand"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"testing/quick"

	"github.com/choragen/choragen/internal/report"
	"github.com/choragen/choragen/internal/score"
)

func TestOf(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    score.Counts
		want float64
	}{
		{"nothing judged", score.Counts{}, 100},
		{"only unmeasured", score.Counts{Unmeasured: 3, Inconclusive: 2}, 100},
		{"all passed", score.Counts{Passed: 7}, 100},
		{"DESIGN.md example", score.Counts{Passed: 5, Failed: 1}, 83},
		{"unmeasured left out", score.Counts{Passed: 5, Failed: 1, Unmeasured: 4, Inconclusive: 4}, 83},
		{"two thirds", score.Counts{Passed: 2, Failed: 1}, 66},
		{"one third", score.Counts{Passed: 1, Failed: 2}, 33},
		{"all failed", score.Counts{Failed: 3}, 0},
		{"rounded down, never to 100", score.Counts{Passed: 999, Failed: 1}, 99},
		{"one regression, no contracts", score.Counts{Regressions: 1}, 90},
		{"two regressions", score.Counts{Passed: 4, Regressions: 2}, 80},
		{"failures and a regression", score.Counts{Passed: 6, Failed: 4, Regressions: 1}, 50},
		{"penalty floors at 0", score.Counts{Passed: 1, Failed: 1, Regressions: 6}, 0},
		{"ten regressions", score.Counts{Passed: 1, Regressions: 10}, 0},
		{"many regressions", score.Counts{Passed: 1, Regressions: 1 << 40}, 0},
		{"negative counts as 0", score.Counts{Passed: 1, Failed: -5, Regressions: -1}, 100},
	} {
		if got := score.Of(tc.c); got != tc.want {
			t.Errorf("%s: Of(%+v) = %v, want %v", tc.name, tc.c, got, tc.want)
		}
	}
}

// counts builds Counts from small non-negative numbers, as testing/quick
// generates them.
func counts(p, f, u, i, r uint8) score.Counts {
	return score.Counts{Passed: int(p), Failed: int(f), Unmeasured: int(u), Inconclusive: int(i), Regressions: int(r)}
}

// TestOfProperties checks the score's promises over generated counts:
// within 0–100, a whole number, 100 exactly when nothing failed or
// regressed, blind to unmeasured and inconclusive contracts, and monotone
// in each count.
func TestOfProperties(t *testing.T) {
	// A fixed seed keeps the test deterministic; uint8 counts reach the
	// edges (0, 1, all failed) often.
	cfg := &quick.Config{MaxCount: 5000, Rand: mrand.New(mrand.NewSource(1))}
	props := map[string]any{
		"range": func(p, f, u, i, r uint8) bool {
			s := score.Of(counts(p, f, u, i, r))
			return s >= 0 && s <= 100 && s == float64(int(s))
		},
		"100 iff nothing failed or regressed": func(p, f, u, i, r uint8) bool {
			return (score.Of(counts(p, f, u, i, r)) == 100) == (f == 0 && r == 0)
		},
		"unmeasured and inconclusive left out": func(p, f, u, i, r, u2, i2 uint8) bool {
			return score.Of(counts(p, f, u, i, r)) == score.Of(counts(p, f, u2, i2, r))
		},
		"one more failure never raises it": func(p, f, u, i, r uint8) bool {
			c := counts(p, f, u, i, r)
			more := c
			more.Failed++
			return score.Of(more) <= score.Of(c)
		},
		"one more regression never raises it": func(p, f, u, i, r uint8) bool {
			c := counts(p, f, u, i, r)
			more := c
			more.Regressions++
			return score.Of(more) <= score.Of(c)
		},
		"one more pass never lowers it": func(p, f, u, i, r uint8) bool {
			c := counts(p, f, u, i, r)
			more := c
			more.Passed++
			return score.Of(more) >= score.Of(c)
		},
		"a pass turned failure never raises it": func(p, f, u, i, r uint8) bool {
			c := counts(p, f, u, i, r)
			if c.Passed == 0 {
				return true
			}
			worse := c
			worse.Passed--
			worse.Failed++
			return score.Of(worse) <= score.Of(c)
		},
	}
	for name, prop := range props {
		if err := quick.Check(prop, cfg); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// randomReport builds a report of random contracts, violations and
// benchmark rows from a seeded generator.
func randomReport(rng *rand.Rand) *report.Report {
	statuses := []report.Status{report.StatusPassed, report.StatusFailed, report.StatusUnmeasured,
		report.StatusInconclusive, "from-the-future"}
	r := &report.Report{}
	for i := range rng.IntN(12) {
		r.Contracts = append(r.Contracts, report.Contract{
			ID:     "c" + string(rune('a'+i)),
			Status: statuses[rng.IntN(len(statuses))],
		})
	}
	for range rng.IntN(4) {
		// Some name listed contracts, some do not.
		id := "v" + string(rune('a'+rng.IntN(3)))
		if len(r.Contracts) > 0 && rng.IntN(2) == 0 {
			id = r.Contracts[rng.IntN(len(r.Contracts))].ID
		}
		r.Violations = append(r.Violations, report.Violation{ContractID: id})
	}
	for range rng.IntN(8) {
		r.Benchmarks = append(r.Benchmarks, report.Benchmark{Name: "B", Regression: rng.IntN(4) == 0})
	}
	return r
}

func clone(r *report.Report) *report.Report {
	c := *r
	c.Contracts = append([]report.Contract(nil), r.Contracts...)
	c.Violations = append([]report.Violation(nil), r.Violations...)
	c.Benchmarks = append([]report.Benchmark(nil), r.Benchmarks...)
	return &c
}

// TestScoreReportProperties checks monotonicity on whole reports: one more
// failed contract, one more regression or one more unlisted violation
// never raises the score; one fewer never lowers it; the order of the
// lists never matters.
func TestScoreReportProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := range 3000 {
		r := randomReport(rng)
		s := score.Score(r)
		check := func(what string, other *report.Report, ok func(a, b float64) bool) {
			t.Helper()
			if o := score.Score(other); !ok(s, o) {
				t.Fatalf("case %d, %s: score %v → %v\nreport %+v", n, what, s, o, r)
			}
		}
		atMost := func(a, b float64) bool { return b <= a }
		atLeast := func(a, b float64) bool { return b >= a }
		same := func(a, b float64) bool { return a == b }

		more := clone(r)
		more.Contracts = append(more.Contracts, report.Contract{ID: "new", Status: report.StatusFailed})
		check("a failed contract added", more, atMost)

		more = clone(r)
		more.Benchmarks = append(more.Benchmarks, report.Benchmark{Regression: true})
		check("a regression added", more, atMost)

		more = clone(r)
		more.Violations = append(more.Violations, report.Violation{ContractID: "unlisted-new"})
		check("an unlisted violation added", more, atMost)

		more = clone(r)
		more.Contracts = append(more.Contracts, report.Contract{ID: "u", Status: report.StatusUnmeasured},
			report.Contract{ID: "i", Status: report.StatusInconclusive})
		check("unmeasured and inconclusive added", more, same)

		for i, c := range r.Contracts {
			switch c.Status {
			case report.StatusFailed:
				fewer := clone(r)
				fewer.Contracts = append(fewer.Contracts[:i:i], r.Contracts[i+1:]...)
				check("a failed contract removed", fewer, atLeast)
				fixed := clone(r)
				fixed.Contracts[i].Status = report.StatusPassed
				check("a failed contract fixed", fixed, atLeast)
			case report.StatusPassed:
				broken := clone(r)
				broken.Contracts[i].Status = report.StatusFailed
				check("a passed contract broken", broken, atMost)
			}
		}
		for i, b := range r.Benchmarks {
			if b.Regression {
				fewer := clone(r)
				fewer.Benchmarks[i].Regression = false
				check("a regression cleared", fewer, atLeast)
			}
		}

		shuffled := clone(r)
		rng.Shuffle(len(shuffled.Contracts), func(i, j int) {
			shuffled.Contracts[i], shuffled.Contracts[j] = shuffled.Contracts[j], shuffled.Contracts[i]
		})
		rng.Shuffle(len(shuffled.Violations), func(i, j int) {
			shuffled.Violations[i], shuffled.Violations[j] = shuffled.Violations[j], shuffled.Violations[i]
		})
		check("lists shuffled", shuffled, same)
	}
}

func TestCount(t *testing.T) {
	r := &report.Report{
		Contracts: []report.Contract{
			{ID: "a", Status: report.StatusPassed},
			{ID: "b", Status: report.StatusFailed},
			{ID: "c", Status: report.StatusUnmeasured},
			{ID: "d", Status: report.StatusInconclusive},
			{ID: "e", Status: "from-the-future"},
			{ID: "f", Status: ""},
		},
		Violations: []report.Violation{
			{ContractID: "a"}, // listed: its status stands
			{ContractID: "code:x.F"},
			{ContractID: "code:x.F"}, // the same contract twice: one failure
			{ContractID: "code:x.G"},
		},
		Benchmarks: []report.Benchmark{{Regression: true}, {}, {Regression: true}},
	}
	want := score.Counts{Passed: 1, Failed: 3, Unmeasured: 3, Inconclusive: 1, Regressions: 2}
	if got := score.Count(r); got != want {
		t.Errorf("Count = %+v, want %+v", got, want)
	}
}

// TestFixtureSummaries checks that the summaries in the report package's
// fixtures are what this package computes, so that the renderers' golden
// files show consistent reports.
func TestFixtureSummaries(t *testing.T) {
	paths, err := filepath.Glob("../report/testdata/reports/*.json")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		r, err := report.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if got := score.Summary(r); got != r.Summary {
			t.Errorf("%s: summary %+v, computed %+v", path, r.Summary, got)
		}
	}
}
