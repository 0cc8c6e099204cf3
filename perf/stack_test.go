package perf_test

import (
	"strings"
	"testing"
	"time"

	"github.com/choragen/choragen/perf"
)

// TestViolationStack runs outside package perf, whose own frames a stack
// leaves out.
func TestViolationStack(t *testing.T) {
	col := perf.NewCollector(perf.CollectorOpts{Stack: true})
	c, _ := col.NewContract("example.com/x.Slow", perf.Latency{Max: time.Microsecond})
	func() {
		defer c.Begin().End()
		time.Sleep(2 * time.Millisecond)
	}()
	vs := col.Violations()
	if len(vs) != 1 {
		t.Fatalf("%d violations, want 1", len(vs))
	}
	st := vs[0].Stack
	if len(st) == 0 || len(st) > 8 || !strings.HasPrefix(st[0], "github.com/choragen/choragen/perf_test.TestViolationStack.func1 ") || !strings.Contains(st[0], "stack_test.go:") {
		t.Errorf("stack %q: want at most 8 frames from the deferred call", st)
	}
}
