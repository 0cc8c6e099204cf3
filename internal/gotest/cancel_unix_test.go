//go:build unix

package gotest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestBenchCancel cancels a run while a benchmark blocks forever and checks
// that the test binary, a grandchild of this process, is gone too.
func TestBenchCancel(t *testing.T) {
	t.Parallel()
	pidFile := filepath.Join(t.TempDir(), "pid")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pid := make(chan int, 1)
	go func() {
		for ctx.Err() == nil {
			if b, err := os.ReadFile(pidFile); err == nil && len(b) > 0 {
				if n, err := strconv.Atoi(string(b)); err == nil {
					pid <- n
					cancel()
					return
				}
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	done := make(chan error, 1)
	go func() {
		_, err := Bench(ctx, Options{Dir: "testdata/benchmod", Packages: []string{"./hang"}, Env: []string{"HANG_PIDFILE=" + pidFile}})
		done <- err
	}()
	var err error
	select {
	case err = <-done:
	case <-time.After(2 * time.Minute):
		t.Fatal("Bench did not return after its context was cancelled")
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	var p int
	select {
	case p = <-pid:
	default:
		t.Fatal("the benchmark never started")
	}
	// The test binary must be gone (a zombie waiting for init to reap
	// it counts as gone).
	deadline := time.Now().Add(30 * time.Second)
	for alive(p) {
		if time.Now().After(deadline) {
			syscall.Kill(p, syscall.SIGKILL)
			t.Fatalf("test binary %d still runs after Bench returned", p)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func alive(pid int) bool {
	if err := syscall.Kill(pid, 0); err != nil {
		return false
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return !os.IsNotExist(err) && !strings.Contains(err.Error(), "no such process")
	}
	// The state follows the command name in parentheses.
	s := string(b)
	if i := strings.LastIndexByte(s, ')'); i >= 0 && i+2 < len(s) {
		return s[i+2] != 'Z' && s[i+2] != 'X'
	}
	return true
}
