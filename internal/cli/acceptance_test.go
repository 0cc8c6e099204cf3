//go:build acceptance

package cli

import (
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"testing"

	"github.com/choragen/choragen/internal/engine"
	"github.com/choragen/choragen/internal/report"
)

// maxNoise is the widest interval (half-width, relative to the median)
// of the unchanged benchmark for which this test's verdicts are checkable:
// it asserts that a 4% slowdown stays under a 10% threshold and that a
// 20% one goes over it, which repetitions scattered by more than this
// cannot tell apart.
const maxNoise = 0.05

// TestAcceptanceRegressionVerdicts is issue 4's acceptance on the scaled
// fixture, through the stored flow: perf:bench on main (the baseline),
// perf:bench on a feature branch with BenchmarkScaled's work scaled by
// CHORAGEN_TEST_SCALE, then perf:compare with its defaults (the latest
// run against its baseline). An unchanged rerun (A/A) raises no
// regression; +4% raises none (under the 10% threshold); +20% is flagged,
// on BenchmarkScaled only, and exits 1; BenchmarkSteady, unchanged, is
// never flagged.
//
// Each head gets a fresh baseline run just before it, so that the
// machine's drift between the two runs is as small as a stored flow
// allows. On a machine whose repetitions scatter more than maxNoise, the
// test skips, saying how noisy it found the machine.
func TestAcceptanceRegressionVerdicts(t *testing.T) {
	dir := fixture(t, "scaled")
	store := filepath.Join(t.TempDir(), "history.db")
	bench := func(branch, scale string) *report.Report {
		t.Helper()
		t.Setenv("CHORAGEN_TEST_SCALE", scale)
		code, stdout, stderr := run(t, "perf:bench", "--dir", dir, "--store", store, "--branch", branch,
			"--bench", "^Benchmark(Scaled|Steady)$", "--count", "10", "--warmup", "1", "--benchtime", "20ms", "--format", "json")
		if code != ExitOK {
			t.Fatalf("perf:bench on %s at scale %s: exit %d\n%s", branch, scale, code, stderr)
		}
		r := decodeReport(t, stdout)
		for _, name := range []string{"BenchmarkSteady", "BenchmarkScaled"} {
			b := row(r, name, "sec/op")
			if b == nil {
				t.Fatalf("no %s sec/op row", name)
			}
			if noise := halfWidth(b); noise > maxNoise {
				t.Skipf("machine too noisy for these verdicts: %s varies ±%.0f%% between repetitions (this test needs ≤ %.0f%%)",
					name, 100*noise, 100*maxNoise)
			}
		}
		return r
	}
	for _, step := range []struct {
		name, scale string
		regressed   bool
	}{
		{"A/A", "1", false},
		{"+4%", "1.04", false},
		{"+20%", "1.20", true},
	} {
		base := bench("main", "1")
		head := bench("feature", step.scale)
		code, stdout, stderr := run(t, "perf:compare", "--dir", dir, "--store", store, "--format", "json")
		var c engine.Comparison
		if err := json.Unmarshal([]byte(stdout), &c); err != nil {
			t.Fatalf("%s: perf:compare: exit %d, %v\n%s", step.name, code, err, stderr)
		}
		if c.Base.Run.ID != base.Run.ID || c.Head.Run.ID != head.Run.ID {
			t.Fatalf("%s: compared run %d with %d, want %d with %d", step.name, c.Head.Run.ID, c.Base.Run.ID, head.Run.ID, base.Run.ID)
		}
		want := ExitOK
		if step.regressed {
			want = ExitFailed
		}
		if code != want {
			t.Errorf("%s: exit %d, want %d\n%s", step.name, code, want, stderr)
		}
		for _, b := range c.Benchmarks {
			flagged := step.regressed && b.Name == "BenchmarkScaled" && b.Unit == "sec/op"
			if b.Regression != flagged {
				t.Errorf("%s: %s %s regression=%v, want %v (%s)", step.name, b.Name, b.Unit, b.Regression, flagged, describeRow(&b))
			}
		}
		for _, b := range c.Benchmarks {
			if b.Unit == "sec/op" {
				t.Logf("%s: %s", step.name, describeRow(&b))
			}
		}
	}
}

// halfWidth is the interval's half-width relative to the centre (+Inf
// when there is no interval).
func halfWidth(b *report.Benchmark) float64 {
	iv := b.CurrentInterval
	if iv == nil || b.Current == 0 {
		return math.Inf(1)
	}
	return math.Max(iv.Hi/b.Current-1, 1-iv.Lo/b.Current)
}

func describeRow(b *report.Benchmark) string {
	base := "?"
	if b.Baseline != nil {
		base = withInterval(*b.Baseline, b.Unit, b.BaselineInterval)
	}
	return fmt.Sprintf("%s %s: %s → %s, %s", b.Name, b.Unit, base, withInterval(b.Current, b.Unit, b.CurrentInterval), changeCell(b))
}
