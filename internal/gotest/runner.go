package gotest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Mode is how a benchmark run measures each repetition.
type Mode int

const (
	// Iterations is go test's own method: each repetition runs the
	// benchmark b.N times, for Benchtime, and reports the mean per call.
	Iterations Mode = iota
	// PerCall runs each repetition as a single call of the benchmark
	// function with b.N = 1 (-benchtime=1x), so Count repetitions give
	// Count samples of one call each: what a percentile is judged on.
	// See "Per-call samples" in the package doc for its limits.
	PerCall
)

func (m Mode) String() string {
	switch m {
	case Iterations:
		return "iterations"
	case PerCall:
		return "per-call"
	}
	return "Mode(" + strconv.Itoa(int(m)) + ")"
}

// Options configure a benchmark run. The zero value runs every benchmark of
// the package in the current directory once, as `go test -bench .` does.
type Options struct {
	// Dir is the directory go test runs in (a module or a directory in
	// one); "" is the current directory. Package patterns, profile paths
	// and the file names in build errors are relative to it.
	Dir string
	// Packages are the package patterns to run ("./...",
	// "example.com/shop/api"); none means the package in Dir.
	Packages []string
	// Bench is the -bench regular expression; "" means "." (all). See
	// MatchBenchmarks.
	Bench string
	// Count is the number of repetitions (-count) of each benchmark,
	// warm-up included; 0 means 1. In PerCall mode it is the number of
	// samples.
	Count int
	// Benchtime is -benchtime for each repetition ("100ms", "1000x");
	// "" is go test's default (1s). It must be "" in PerCall mode.
	Benchtime string
	// Mode chooses how each repetition measures.
	Mode Mode
	// Benchmem adds -benchmem: B/op and allocs/op for every benchmark.
	Benchmem bool
	// CPUProfile and MemProfile, if set, are files to write profiles to
	// (-cpuprofile, -memprofile); they need exactly one package. The
	// test binary that go test keeps beside a profile is written to a
	// temporary directory and removed.
	CPUProfile, MemProfile string
	// Env holds extra "KEY=value" entries for go test and the test
	// binaries, added to this process's environment (they win).
	Env []string
	// Progress, if set, receives one line per benchmark result as it is
	// printed ("bench  example.com/shop/api  BenchmarkList  3/11") and one
	// per failure.
	Progress io.Writer
	// Timeout is -timeout for each test binary; 0 is go test's default
	// (10m), which a long run may need to raise.
	Timeout time.Duration
	// Args are further go test flags ("-tags=integration", "-cpu=1,4"),
	// placed after choragen's own and before the packages.
	Args []string
	// Go is the go command to run; "" means "go" from PATH.
	Go string
}

// TestOptions configure a plain test run: `go test -json` over packages,
// used to run the tests with CHORAGEN_PERF_OUT set.
type TestOptions struct {
	// Dir, Packages, Env, Timeout, Args and Go are as in Options.
	Dir      string
	Packages []string
	Env      []string
	Timeout  time.Duration
	Args     []string
	Go       string
	// Run is the -run regular expression; "" runs every test.
	Run string
	// Count is -count; 0 leaves it out, so go test may reuse cached
	// results (it does not when a test reads an environment variable
	// whose value changed, such as a fresh CHORAGEN_PERF_OUT).
	Count int
	// Progress, if set, receives one line per finished package, in the
	// style of go test ("ok     example.com/shop/api  0.52s").
	Progress io.Writer
}

// MatchBenchmarks returns a -bench expression that selects exactly the
// named top-level benchmarks (and their sub-benchmarks).
func MatchBenchmarks(names ...string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = regexp.QuoteMeta(n)
	}
	return "^(?:" + strings.Join(q, "|") + ")$"
}

// args returns the go test arguments, and a temporary directory the
// caller removes (or "").
func (o *Options) args() (args []string, tmp string, err error) {
	bench := o.Bench
	if bench == "" {
		bench = "."
	}
	args = []string{"test", "-json", "-run", "^$", "-bench", bench}
	if o.Count < 0 {
		return nil, "", fmt.Errorf("count %d: want at least 1", o.Count)
	}
	if o.Count > 0 {
		args = append(args, "-count", strconv.Itoa(o.Count))
	}
	switch o.Mode {
	case Iterations:
		if o.Benchtime != "" {
			args = append(args, "-benchtime", o.Benchtime)
		}
	case PerCall:
		if o.Benchtime != "" {
			return nil, "", fmt.Errorf("benchtime %q: per-call sampling runs one call per repetition (-benchtime=1x)", o.Benchtime)
		}
		if o.Count < 1 {
			return nil, "", errors.New("per-call sampling needs Count, the number of samples")
		}
		args = append(args, "-benchtime", "1x")
	default:
		return nil, "", fmt.Errorf("unknown mode %v", o.Mode)
	}
	if o.Benchmem {
		args = append(args, "-benchmem")
	}
	if o.Timeout > 0 {
		args = append(args, "-timeout", o.Timeout.String())
	}
	if o.CPUProfile != "" || o.MemProfile != "" {
		if len(o.Packages) > 1 || (len(o.Packages) == 1 && strings.Contains(o.Packages[0], "...")) {
			return nil, "", fmt.Errorf("profiles need exactly one package, not %s", strings.Join(o.Packages, " "))
		}
		for _, p := range []struct{ flag, path string }{{"-cpuprofile", o.CPUProfile}, {"-memprofile", o.MemProfile}} {
			if p.path != "" {
				args = append(args, p.flag, o.abs(p.path))
			}
		}
		// Note: with a profile, go test keeps the test binary in the
		// current directory unless told where; keep it out of the
		// user's tree.
		tmp, err = os.MkdirTemp("", "choragen-gotest-")
		if err != nil {
			return nil, "", fmt.Errorf("profile: %w", err)
		}
		args = append(args, "-o", filepath.Join(tmp, "bench.test"))
	}
	args = append(args, o.Args...)
	return append(args, o.Packages...), tmp, nil
}

func (o *Options) abs(path string) string {
	if filepath.IsAbs(path) {
		return path
	}
	if o.Dir != "" {
		path = filepath.Join(o.Dir, path)
	}
	if a, err := filepath.Abs(path); err == nil {
		return a
	}
	return path
}

func (o *TestOptions) args() ([]string, error) {
	args := []string{"test", "-json"}
	if o.Run != "" {
		args = append(args, "-run", o.Run)
	}
	if o.Count < 0 {
		return nil, fmt.Errorf("count %d: want at least 1", o.Count)
	}
	if o.Count > 0 {
		args = append(args, "-count", strconv.Itoa(o.Count))
	}
	if o.Timeout > 0 {
		args = append(args, "-timeout", o.Timeout.String())
	}
	args = append(args, o.Args...)
	return append(args, o.Packages...), nil
}

// Bench runs the benchmarks with `go test -run '^$' -bench ... -json` and
// reads their results while they run.
//
// A benchmark that fails or panics is a Failure in its package, not an
// error. The error is a *BuildError when a package did not build (the
// Output then holds the packages that did run), a *GoError when the go
// command failed outside any package, or the context's error when ctx
// ended: the go command and every process it started are stopped first
// (interrupted, then killed after a grace period).
func Bench(ctx context.Context, o Options) (*Output, error) {
	args, tmp, err := o.args()
	if err != nil {
		return nil, fmt.Errorf("go test: %w", err)
	}
	if tmp != "" {
		defer os.RemoveAll(tmp)
	}
	c := newCollector(true, o.Progress, o.Count)
	err = run(ctx, o.Go, o.Dir, args, o.Env, c)
	out := &Output{}
	out.Packages, out.Units, out.Errors = c.finish()
	return out, result(err, out.Packages)
}

// Test runs the tests with `go test -json` and reports, per package,
// whether they passed and the output of those that failed. Failing tests
// are findings, not errors; errors are as for Bench.
func Test(ctx context.Context, o TestOptions) (*TestOutput, error) {
	args, err := o.args()
	if err != nil {
		return nil, fmt.Errorf("go test: %w", err)
	}
	c := newCollector(false, o.Progress, 0)
	err = run(ctx, o.Go, o.Dir, args, o.Env, c)
	out := &TestOutput{}
	out.Packages, _, out.Errors = c.finish()
	return out, result(err, out.Packages)
}

// result decides what a finished run's error is.
func result(runErr error, pkgs []*Package) error {
	var ge *GoError
	if errors.As(runErr, &ge) && ge.ExitStatus == 1 && ge.Err != nil {
		// go test exits 1 when a test or a build failed; that is in
		// the packages. Exit 1 with no failed package is a go command
		// error ("cannot use -cpuprofile flag with multiple packages").
		failed := false
		for _, p := range pkgs {
			failed = failed || p.Status == Failed
		}
		if failed {
			runErr = nil
		}
	}
	if runErr != nil && !errors.As(runErr, &ge) {
		return runErr // the context ended
	}
	if be := firstBuildError(pkgs); be != nil {
		return be
	}
	return runErr
}

// grace is how long an interrupted go command gets to stop its test
// binaries and remove its temporary files before its process group is
// killed.
const grace = 3 * time.Second

// run runs the go command and feeds its JSON events to c.
func run(ctx context.Context, goCmd, dir string, args, env []string, c *collector) error {
	if goCmd == "" {
		goCmd = "go"
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("go test: %w", err)
	}
	cmd := exec.Command(goCmd, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stderr tailBuffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return &GoError{Args: args, ExitStatus: -1, Err: err}
	}
	ownProcessGroup(cmd)
	if err := cmd.Start(); err != nil {
		return &GoError{Args: args, ExitStatus: -1, Err: err}
	}

	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		select {
		case <-done:
			return
		case <-ctx.Done():
		}
		signalGroup(cmd, os.Interrupt)
		select {
		case <-done:
		case <-time.After(grace):
			killGroup(cmd)
		}
	}()

	rd := NewReader(stdout, "go test -json")
	for rd.Scan() {
		c.add(rd.Record())
	}
	readErr := rd.Err()
	io.Copy(io.Discard, stdout) // after a read error, let go finish
	waitErr := cmd.Wait()
	close(done)
	<-stopped

	if ctx.Err() != nil {
		// The go command is gone; make sure no test binary outlives it.
		killGroup(cmd)
		return fmt.Errorf("go test: %w", ctx.Err())
	}
	if readErr != nil {
		return &GoError{Args: args, ExitStatus: cmd.ProcessState.ExitCode(), Stderr: stderr.String(), Err: readErr}
	}
	if waitErr != nil {
		return &GoError{Args: args, ExitStatus: cmd.ProcessState.ExitCode(), Stderr: stderr.String(), Err: waitErr}
	}
	return nil
}

// tailBuffer keeps the last 64 KiB written to it.
type tailBuffer struct{ b []byte }

const tailMax = 64 << 10

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if len(t.b) > tailMax {
		t.b = append(t.b[:0], t.b[len(t.b)-tailMax:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string { return string(t.b) }
