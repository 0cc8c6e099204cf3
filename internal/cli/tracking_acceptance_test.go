//go:build acceptance

package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"sync"
	"testing"

	"github.com/choragen/choragen/internal/report"
)

// maxNoise is the widest interval (half-width, relative to the median)
// of a timing for which this test checks its verdicts: it asserts that a
// 4% slowdown stays under a 10% threshold and that a 20% one goes over
// it, which repetitions scattered more widely cannot tell apart.
const maxNoise = 0.05

// TestAcceptanceRegressionVerdicts is issue 4's acceptance on the scaled
// fixture, through the stored flow: perf:bench on main (the baseline),
// perf:bench on a feature branch with BenchmarkScaled's work scaled by
// CHORAGEN_TEST_SCALE, then perf:compare of that run with its baseline
// (the default base). An unchanged rerun (A/A) raises no
// regression; +4% raises none (under the 10% threshold); +20% is flagged,
// on BenchmarkScaled only, and exits 1; BenchmarkSteady, unchanged, is
// never flagged.
//
// The fixture's benchmarks report two timings: wall time (sec/op) and
// their thread's CPU time (cpu-sec/op, on Linux), which other processes
// on the machine inflate less. Each head gets a fresh baseline run, in a
// process of its own side by side with the head's: on a shared machine,
// two runs a minute apart see different loads, and the rule is right to
// call that a difference; run together, both see the same machine, which
// is what this test is about (the rule, not the machine). A timing whose repetitions scatter more than
// maxNoise in either run (a loaded, shared machine) is not judged in
// that step, and the exit code is only checked when both timings are
// judged; the test says so in its log, and skips when nothing could be
// judged.
func TestAcceptanceRegressionVerdicts(t *testing.T) {
	dir := fixture(t, "scaled")
	store := filepath.Join(t.TempDir(), "history.db")
	// noisy records the timings (name unit) too noisy in the last runs.
	noisy := map[string]bool{}
	bench := func(branch, scale string) (*report.Report, error) {
		cmd := choragen("perf:bench", "--dir", dir, "--store", store, "--branch", branch,
			"--bench", "^Benchmark(Scaled|Steady)$", "--count", "20", "--warmup", "1", "--benchtime", "10ms", "--format", "json")
		cmd.Env = append(cmd.Env, "CHORAGEN_TEST_SCALE="+scale)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("perf:bench on %s at scale %s: %v\n%s", branch, scale, err, stderr.String())
		}
		return report.Decode(bytes.NewReader(out))
	}
	// pair runs the baseline and the head side by side, so that both
	// see the same machine.
	pair := func(scale string) (base, head *report.Report) {
		t.Helper()
		var wg sync.WaitGroup
		var errs [2]error
		wg.Add(2)
		go func() { defer wg.Done(); base, errs[0] = bench("main", "1") }()
		go func() { defer wg.Done(); head, errs[1] = bench("feature", scale) }()
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		for _, r := range []*report.Report{base, head} {
			for _, b := range r.Benchmarks {
				if isTime(b.Unit) && halfWidth(&b) > maxNoise {
					noisy[b.Name+" "+b.Unit] = true
					t.Logf("run %d (%s): %s %s varies ±%.0f%% between repetitions: not judged", r.Run.ID, r.Run.Branch, b.Name, b.Unit, 100*halfWidth(&b))
				}
			}
		}
		return base, head
	}
	judged := 0
	for _, step := range []struct {
		name, scale string
		regressed   bool
	}{
		{"A/A", "1", false},
		{"+4%", "1.04", false},
		{"+20%", "1.20", true},
	} {
		clear(noisy)
		base, head := pair(step.scale)
		// The head by its id (the two runs finish in either order); the
		// base is its baseline, the latest run of main.
		code, stdout, stderr := run(t, "perf:compare", "--dir", dir, "--store", store, "--head", fmt.Sprint(head.Run.ID), "--format", "json")
		var c report.Comparison
		if err := json.Unmarshal([]byte(stdout), &c); err != nil {
			t.Fatalf("%s: perf:compare: exit %d, %v\n%s", step.name, code, err, stderr)
		}
		if c.Base.Run.ID != base.Run.ID || c.Head.Run.ID != head.Run.ID {
			t.Fatalf("%s: compared run %d with %d, want %d with %d", step.name, c.Head.Run.ID, c.Base.Run.ID, head.Run.ID, base.Run.ID)
		}
		timings, anyNoisy := 0, false
		for _, b := range c.Benchmarks {
			if isTime(b.Unit) {
				t.Logf("%s: %s", step.name, describeRow(&b))
			}
			if noisy[b.Name+" "+b.Unit] {
				anyNoisy = true
				continue
			}
			if isTime(b.Unit) {
				timings++
				judged++
			}
			flagged := step.regressed && b.Name == "BenchmarkScaled" && isTime(b.Unit)
			if b.Regression != flagged {
				t.Errorf("%s: %s %s regression=%v, want %v (%s)", step.name, b.Name, b.Unit, b.Regression, flagged, describeRow(&b))
			}
		}
		want := ExitOK
		if step.regressed {
			want = ExitFailed
		}
		switch {
		case !anyNoisy && timings > 0 && code != want:
			t.Errorf("%s: exit %d, want %d\n%s", step.name, code, want, stderr)
		case anyNoisy:
			t.Logf("%s: exit code %d not checked: a timing was too noisy to judge", step.name, code)
		}
	}
	if judged == 0 {
		t.Skipf("machine too noisy: every timing varied more than ±%.0f%% between repetitions", 100*maxNoise)
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
	return fmt.Sprintf("%s %s: %v %v → %v %v, change %v%% p %v", b.Name, b.Unit, deref(b.Baseline), b.BaselineInterval,
		b.Current, b.CurrentInterval, deref(b.Change), deref(b.PValue))
}
