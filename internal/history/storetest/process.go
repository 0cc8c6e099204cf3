package storetest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/choragen/choragen/internal/history"
	"github.com/choragen/choragen/internal/history/internal/sqlstore"
)

// The environment of a child process.
const (
	envRole   = "CHORAGEN_STORETEST_ROLE" // "writer" or "crasher"
	envDSN    = "CHORAGEN_STORETEST_DSN"
	envWriter = "CHORAGEN_STORETEST_WRITER" // the writer's number
	envEach   = "CHORAGEN_STORETEST_EACH"   // runs per writer
)

// prefix marks the lines a child prints for its parent.
const prefix = "storetest: "

func withSaveHook(ctx context.Context, hook func(context.Context) error) context.Context {
	return sqlstore.WithSaveHook(ctx, hook)
}

func isChild() bool { return os.Getenv(envRole) != "" }

// child plays a child process's part: it talks to its parent with lines on
// stdout and stdin.
func child(t *testing.T) {
	ctx := context.Background()
	say := func(format string, args ...any) { fmt.Printf(prefix+format+"\n", args...) }
	s, err := history.Open(ctx, os.Getenv(envDSN))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	switch role := os.Getenv(envRole); role {
	case "writer":
		w, _ := strconv.Atoi(os.Getenv(envWriter))
		each, _ := strconv.Atoi(os.Getenv(envEach))
		say("ready")
		// Wait for the parent's go, so that all writers start together.
		if _, err := bufio.NewReader(os.Stdin).ReadString('\n'); err != nil {
			t.Fatal(err)
		}
		for i := range each {
			id, err := s.Save(ctx, numberedRun(w, i))
			if err != nil {
				t.Fatal(err)
			}
			say("saved %d", id)
		}
	case "crasher":
		id, err := s.Save(ctx, numberedRun(0, 0))
		if err != nil {
			t.Fatal(err)
		}
		say("saved %d", id)
		block := func(context.Context) error {
			say("in transaction")
			time.Sleep(time.Hour) // until killed
			return nil
		}
		_, err = s.Save(withSaveHook(ctx, block), numberedRun(1, 0))
		t.Fatalf("the second Save returned (%v); it should have been killed", err)
	default:
		t.Fatalf("unknown %s %q", envRole, role)
	}
}

// proc is a child process and its stdout lines.
type proc struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	lines chan string // lines with the prefix, prefix removed; closed at EOF
	out   *strings.Builder
}

// start starts the test binary again, running t's top-level test as a child
// with env added.
func start(t *testing.T, env ...string) *proc {
	t.Helper()
	if runtime.GOOS == "js" || runtime.GOOS == "wasip1" || runtime.GOOS == "ios" || runtime.GOOS == "android" {
		t.Skipf("cannot start processes on %s", runtime.GOOS)
	}
	// Run only the test that called Run (the path up to this subtest's
	// parent), whose first statement makes it the child.
	parts := strings.Split(t.Name(), "/")
	parts = parts[:len(parts)-1]
	for i, p := range parts {
		parts[i] = "^" + regexp.QuoteMeta(p) + "$"
	}
	cmd := exec.Command(os.Args[0], "-test.run="+strings.Join(parts, "/"), "-test.count=1", "-test.timeout=5m")
	cmd.Env = append(os.Environ(), env...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &proc{cmd: cmd, stdin: stdin, lines: make(chan string, 100), out: new(strings.Builder)}
	cmd.Stderr = p.out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	go func() {
		defer close(p.lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			line := sc.Text()
			if rest, ok := strings.CutPrefix(line, prefix); ok {
				p.lines <- rest
			} else {
				fmt.Fprintln(p.out, line) // go test's own output, for failures
			}
		}
	}()
	return p
}

// expect waits for the child's next line, which must start with want.
func (p *proc) expect(t testing.TB, want string) string {
	t.Helper()
	select {
	case line, ok := <-p.lines:
		if !ok {
			p.cmd.Wait()
			t.Fatalf("child %d exited before saying %q:\n%s", p.cmd.Process.Pid, want, p.out)
		}
		if !strings.HasPrefix(line, want) {
			t.Fatalf("child %d said %q, want %q", p.cmd.Process.Pid, line, want)
		}
		return line
	case <-time.After(2 * time.Minute):
		t.Fatalf("child %d did not say %q in time:\n%s", p.cmd.Process.Pid, want, p.out)
	}
	return ""
}

// testConcurrentProcesses has 4 processes open one fresh store at once
// (racing to create its schema) and then save runs at once: nothing may be
// lost.
func testConcurrentProcesses(t *testing.T, fresh Fresh) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	dsn := fresh(t)
	const writers, each = 4, 5
	var ps []*proc
	for w := range writers {
		ps = append(ps, start(t, envRole+"=writer", envDSN+"="+dsn,
			envWriter+"="+strconv.Itoa(w), envEach+"="+strconv.Itoa(each)))
	}
	for _, p := range ps {
		p.expect(t, "ready")
	}
	for _, p := range ps {
		if _, err := io.WriteString(p.stdin, "go\n"); err != nil {
			t.Fatal(err)
		}
	}
	ids := make(chan int64, writers*each)
	for _, p := range ps {
		for range each {
			line := p.expect(t, "saved ")
			id, err := strconv.ParseInt(strings.TrimPrefix(line, "saved "), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			ids <- id
		}
		if err := p.cmd.Wait(); err != nil {
			t.Fatalf("writer: %v\n%s", err, p.out)
		}
	}
	close(ids)
	verifyNumbered(t, open(t, dsn), writers, each, ids)
}

// testKilledMidSave kills (SIGKILL on Unix) a process inside Save's
// transaction, after every row was written: the store must hold the run
// saved before and nothing of the one being saved, and go on working.
func testKilledMidSave(t *testing.T, fresh Fresh) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	dsn := fresh(t)
	p := start(t, envRole+"=crasher", envDSN+"="+dsn)
	line := p.expect(t, "saved ")
	first, err := strconv.ParseInt(strings.TrimPrefix(line, "saved "), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	p.expect(t, "in transaction")
	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	p.cmd.Wait()

	s := open(t, dsn)
	ctx := context.Background()
	infos, err := s.Runs(ctx, history.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(infos) != 1 || infos[0].ID != first {
		t.Fatalf("after the kill the store holds %+v, want only run %d", infos, first)
	}
	got, err := s.Run(ctx, first)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, got, stored(numberedRun(0, 0), first))
	// The killed run's benchmarks are its own (BenchmarkW1/...): none may
	// be left behind.
	pts, err := s.Series(ctx, history.SeriesQuery{Package: module, Name: "BenchmarkW1/n=0", Unit: "sec/op"})
	if err != nil || len(pts) != 0 {
		t.Errorf("Series of the killed run's benchmark = %+v, %v; want nothing", pts, err)
	}
	// The store still takes writes.
	id := save(t, s, numberedRun(1, 0))
	if id <= first {
		t.Errorf("id after the kill %d, want more than %d", id, first)
	}
	got, err = s.Run(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, got, stored(numberedRun(1, 0), id))
}
