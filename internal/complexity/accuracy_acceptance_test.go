//go:build acceptance

package complexity

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
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
	for _, tc := range []struct {
		unit  string
		exact bool
	}{{"sec/op", false}, {"allocs/op", true}} {
		acc := evaluate(t, strings.NewReader(text.String()), tc.unit, tc.exact)
		var b strings.Builder
		acc.print(&b)
		t.Log("\n" + b.String())
		checkGoals(t, acc, true)
	}
}

func itoa(n int) string { return fmtN(float64(n)) }
