package cli

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/choragen/choragen/internal/history"
)

// envMain makes the test binary run choragen instead of its tests, so that
// tests can start choragen processes without building a binary.
const envMain = "CHORAGEN_CLI_TEST_MAIN"

// Note: an init function, not TestMain, so that the package's TestMain
// (whoever writes it) need not know: the child is choragen before any test
// machinery starts.
func init() {
	if os.Getenv(envMain) == "1" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		code := Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
}

// choragen returns a command that runs choragen with args in a process of
// its own.
func choragen(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), envMain+"=1")
	return cmd
}

// TestConcurrentBench: four perf:bench processes storing into one SQLite
// file at once lose nothing.
func TestConcurrentBench(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "scaled")
	store := filepath.Join(t.TempDir(), "history.db")
	const procs = 4
	var wg sync.WaitGroup
	errs := make([]string, procs)
	for i := range procs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := choragen("perf:bench", "--dir", dir, "--store", store, "--branch", "main",
				"--count", "6", "--warmup", "0", "--benchtime", "20x", "--format", "json")
			out, err := cmd.CombinedOutput()
			if err != nil {
				errs[i] = err.Error() + ": " + string(out)
			}
		}()
	}
	wg.Wait()
	for i, e := range errs {
		if e != "" {
			t.Errorf("process %d: %s", i, e)
		}
	}
	s := openStore(t, store)
	runs, err := s.Runs(context.Background(), history.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != procs {
		t.Fatalf("%d runs stored, want %d", len(runs), procs)
	}
	for _, ri := range runs {
		r, err := s.Run(context.Background(), ri.ID)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		var names []string
		for _, b := range r.Benchmarks {
			n += len(b.Samples)
			names = append(names, fmt.Sprintf("%s %s (%d)", b.Name, b.Unit, len(b.Samples)))
		}
		if len(r.Benchmarks) != 11 || n != 11*6 || r.Report == nil {
			t.Errorf("run %d: %d benchmark metrics, %d samples, report %v; want 11, 66, a report: %s", ri.ID, len(r.Benchmarks), n, r.Report != nil, strings.Join(names, ", "))
		}
	}
}

// TestKilledBench: a perf:bench process killed while its benchmarks run
// leaves the store consistent, without the run; the next run stores
// normally.
func TestKilledBench(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "scaled")
	store := filepath.Join(t.TempDir(), "history.db")
	cmd := choragen("perf:bench", "-v", "--dir", dir, "--store", store, "--branch", "main",
		"--count", "30", "--benchtime", "200x")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it once the first repetition has printed its result.
	buf := make([]byte, 4096)
	var seen strings.Builder
	for !strings.Contains(seen.String(), "BenchmarkSteady  1/") {
		n, err := stderr.Read(buf)
		seen.Write(buf[:n])
		if err != nil {
			t.Fatalf("perf:bench ended before a benchmark ran: %v\n%s", err, seen.String())
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	s := openStore(t, store)
	runs, err := s.Runs(context.Background(), history.Filter{})
	if err != nil {
		t.Fatalf("the store is not readable after the kill: %v", err)
	}
	if len(runs) != 0 {
		t.Errorf("%d runs stored by a killed process, want none", len(runs))
	}
	code, _, stderrText := run(t, "perf:bench", "--dir", dir, "--store", store, "--branch", "main",
		"--count", "6", "--benchtime", "20x", "--bench", "Grow")
	if code != ExitOK {
		t.Fatalf("perf:bench after the kill: exit %d\n%s", code, stderrText)
	}
	if runs, err := s.Runs(context.Background(), history.Filter{}); err != nil || len(runs) != 1 {
		t.Errorf("after the kill and one more run: %d runs (%v), want 1", len(runs), err)
	}
}
