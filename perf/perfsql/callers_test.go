package perfsql

import (
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// frameNames symbolises a call stack as function:line, expanding inlined
// calls and leaving out the wrappers the compiler generates for go
// statements, which runtime.Callers elides.
func frameNames(pcs []uintptr) []string {
	var out []string
	frames := runtime.CallersFrames(pcs)
	for {
		f, more := frames.Next()
		if !strings.Contains(f.Function, ".gowrap") {
			out = append(out, f.Function+":"+strconv.Itoa(f.Line))
		}
		if !more {
			return out
		}
	}
}

// bothStacks captures the stack of its caller with callers and with
// runtime.Callers, from the same frame.
//
//go:noinline
func bothStacks() (fp, rt []uintptr) {
	var a, b [maxDepth]uintptr
	n, h := callers(a[:])
	if h != hashPCs(a[:n]) {
		panic("callers' hash differs from hashPCs")
	}
	m := runtime.Callers(1, b[:]) // from bothStacks, as callers starts

	return a[:n], b[:m]
}

//go:noinline
func recurse(depth int) (fp, rt []uintptr) {
	if depth == 0 {
		return bothStacks()
	}
	return recurse(depth - 1)
}

// inlined is small enough to be inlined into its caller; the stacks must
// still name it.
func inlined() (fp, rt []uintptr) { return recurse(3) }

func TestCallersMatchesRuntimeCallers(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    func() ([]uintptr, []uintptr)
	}{
		{"shallow", bothStacks},
		{"recursive", func() ([]uintptr, []uintptr) { return recurse(10) }},
		{"inlined", inlined},
		{"deeper than maxDepth", func() ([]uintptr, []uintptr) { return recurse(2 * maxDepth) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fp, rt := tc.f()
			got, want := frameNames(fp), frameNames(rt)
			// Both stop at maxDepth entries, but runtime.Callers counts
			// inlined frames as entries and frame pointers do not: compare
			// the common prefix, which must be most of the stack.
			// The first frame is bothStacks at two different lines.
			n := min(len(got), len(want))
			if n < len(want)-4 || !slices.Equal(got[1:n], want[1:n]) ||
				!strings.HasPrefix(got[0], "github.com/choragen/choragen/perf/perfsql.bothStacks:") {
				t.Errorf("frame-pointer stack differs from runtime.Callers:\n got  %q\n want %q", got, want)
			}
		})
	}
}

func TestCallersStopsAtBufferEnd(t *testing.T) {
	var pcs [3]uintptr
	if n, _ := callers(pcs[:]); n != len(pcs) {
		t.Errorf("callers filled %d of %d entries", n, len(pcs))
	}
	if n, _ := callers(nil); n != 0 {
		t.Errorf("callers(nil) = %d, want 0", n)
	}
}
