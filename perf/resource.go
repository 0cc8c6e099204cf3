package perf

import (
	"errors"
	"fmt"
	"time"

	"github.com/choragen/choragen/internal/metric"
)

// The limits of this file are judged in tests and benchmarks, not at run
// time: perftest.AssertContract measures them over many calls, and the
// benchmark helpers of perftest report them for choragen's //perf:
// directives. A contract's wrappers (Wrap, Do, Begin) do not measure them,
// because what they count is process-wide (CPU, I/O) or shared by every
// caller (counters), and one call among concurrent others cannot be told
// apart.

// CPU limits the CPU time per call: user and system time of the whole
// process while the call runs (see ReadUsage), which includes the garbage
// collection its allocations cause and the work of goroutines it starts.
// The directive //perf:cpu max= declares the same limit.
type CPU struct {
	// Max is the most CPU time a call may use. It must be positive.
	Max time.Duration
}

func (CPU) spec() limitSpec { return limitSpec{metric: metric.CPU} }

func (l CPU) check() error {
	if l.Max <= 0 {
		return fmt.Errorf("max must be positive, got %v", l.Max)
	}
	return nil
}

// Syscalls limits the read and write system calls per call (see
// ReadUsage for which calls count). Zero allows none. Linux only: elsewhere
// it is reported unmeasured. The directive //perf:io syscalls= declares the
// same limit.
type Syscalls struct {
	Max int64
}

func (Syscalls) spec() limitSpec { return limitSpec{metric: metric.Syscalls} }

func (l Syscalls) check() error { return notNegative(l.Max) }

// IOBytes limits the bytes that read and write system calls move per call,
// whether or not they reach a disk. Zero allows none. Linux only. The
// directive //perf:io bytes= declares the same limit.
type IOBytes struct {
	Max int64
}

func (IOBytes) spec() limitSpec { return limitSpec{metric: metric.IOBytes} }

func (l IOBytes) check() error { return notNegative(l.Max) }

// Iterations limits what Counter counts per call: a loop's iterations,
// usually. The directive //perf:iterations max= declares the same limit,
// judged from the iterations/op that perftest.ReportIterations reports.
type Iterations struct {
	// Max is the most iterations a call may make. It must be positive.
	Max int64
	// Counter is what the function counts its iterations with.
	Counter *Counter
}

func (Iterations) spec() limitSpec { return limitSpec{metric: metric.Iterations} }

func (l Iterations) check() error {
	if l.Counter == nil {
		return errors.New("no Counter to read the iterations from")
	}
	return positive(l.Max)
}

// Depth limits how deep a call recurses, as Recursion measures it: 1 is a
// call that does not recurse. The directive //perf:depth max= declares the
// same limit, judged from the depth/op that perftest.ReportDepth reports.
type Depth struct {
	// Max is the deepest a call may go. It must be positive.
	Max int64
	// Recursion is what the function measures its depth with.
	Recursion *Recursion
}

func (Depth) spec() limitSpec { return limitSpec{metric: metric.Depth} }

func (l Depth) check() error {
	if l.Recursion == nil {
		return errors.New("no Recursion to read the depth from")
	}
	return positive(l.Max)
}

// checker is a limit that validates itself (see validate).
type checker interface {
	check() error
}

func positive(max int64) error {
	if max <= 0 {
		return fmt.Errorf("max must be positive, got %d", max)
	}
	return nil
}

func notNegative(max int64) error {
	if max < 0 {
		return fmt.Errorf("max must not be negative, got %d", max)
	}
	return nil
}
