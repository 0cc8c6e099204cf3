//go:build acceptance

package complexity

import (
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// subBenchmarks is the number of n= sub-benchmarks in testdata/accuracy,
// for the run plan.
const subBenchmarks = 143

// TestAcceptanceAccuracy runs the fixture module's benchmarks for real and
// checks every (function, declared bound) pair with Check and with Google
// Benchmark's method, on time and on allocations. Rerun it with
//
//	go test -tags acceptance -run TestAcceptanceAccuracy -v ./internal/complexity/
//
// and add -update to record the run in testdata/recorded for the
// deterministic TestRecordedAccuracy.
var strictGoals = flag.Bool("accuracy.strict", false, "require every accuracy goal, catching every broken bound, when the machine is quiet")

func TestAcceptanceAccuracy(t *testing.T) {
	if testing.Short() {
		t.Skip("runs benchmarks for about a minute")
	}
	plan := Plan(make([]int, subBenchmarks), 55*time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	args := []string{"test", "-run", "^$", "-bench", ".", "-benchmem",
		"-count", itoa(plan.Count), "-benchtime", plan.Benchtime.String(), "-json", "."}
	var text strings.Builder
	loadBefore, _ := loadAverage()
	start := time.Now()
	for range plan.Rounds {
		cmd := exec.CommandContext(ctx, "go", args...)
		cmd.Dir = filepath.Join("testdata", "accuracy")
		cmd.Env = append(os.Environ(), "GOWORK=off")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		round, err := testJSONOutput(strings.NewReader(string(out)))
		if err != nil {
			t.Fatal(err)
		}
		text.WriteString(round)
	}
	wall := time.Since(start)
	t.Logf("%d× go %s: %v (plan: %v expected)", plan.Rounds, strings.Join(args, " "), wall.Round(time.Second), plan.Expected.Round(time.Second))
	if *update {
		if err := os.WriteFile(recorded, []byte(text.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The development VM is shared: under load from other processes
	// timings spread 2–5× within a size and some verdicts on time are
	// rightly inconclusive. Every goal is required of a quiet run (our own
	// go test adds about 2 to the load average); otherwise the safety goals
	// (no honest bound failed, no broken bound passed, fewer wrong
	// verdicts than the reference) are.
	loadAfter, _ := loadAverage()
	cpus := float64(runtime.NumCPU())
	// Note: even quiet, a degree-above bound is now and then left
	// inconclusive (1 of 69 on a run at load 2), so CI requires the safety
	// goals; -accuracy.strict asks for every goal on a quiet machine.
	all := *strictGoals && loadBefore <= cpus && loadAfter <= cpus+2
	if !all {
		t.Logf("load average %.1f before, %.1f after, on %d CPUs: requiring the safety goals only", loadBefore, loadAfter, runtime.NumCPU())
	}
	for _, tc := range []struct {
		unit  string
		exact bool
	}{{"sec/op", false}, {"allocs/op", true}} {
		acc := evaluate(t, strings.NewReader(text.String()), tc.unit, tc.exact)
		var b strings.Builder
		acc.print(&b)
		t.Log("\n" + b.String())
		checkGoals(t, acc, all || tc.exact)
	}
}

func itoa(n int) string { return fmtN(float64(n)) }

// loadAverage is the one-minute load average, where Linux reports it.
func loadAverage() (float64, bool) {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0, false
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return 0, false
	}
	v, err := strconv.ParseFloat(f[0], 64)
	return v, err == nil
}
