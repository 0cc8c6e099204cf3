package perf

import (
	"fmt"
	"time"

	"github.com/choragen/choragen/internal/metric"
)

// A Timer measures one stretch of code from StartTimer on. It is a value
// that belongs to the goroutine that started it, so timers never race:
//
//	t := perf.StartTimer("search")
//	items := filter(all, query)
//	if err := perf.AssertLatency(t, 50*time.Millisecond); err != nil {
//		log.Print(err)
//	}
type Timer struct {
	name  string
	start int64
}

// StartTimer starts a timer for the code named name, a target as in
// NewContract; a bare name is qualified with the package that judges the
// timer in AssertLatency.
func StartTimer(name string) Timer {
	return Timer{name: name, start: mono()}
}

// Stop returns the time elapsed since StartTimer. It may be called any
// number of times; the timer keeps running.
func (t Timer) Stop() time.Duration {
	return time.Duration(mono() - t.start)
}

// Name returns the name the timer was started with.
func (t Timer) Name() string { return t.name }

// AssertLatency judges the time elapsed since t started against max. When
// it is longer, it records a violation of the contract
// "latency:<target>" in Default and returns it as a *ViolationError.
// An invalid max (not positive) or name returns an error wrapping
// ErrInvalid, and nothing is recorded.
func AssertLatency(t Timer, max time.Duration) error {
	d := t.Stop()
	if max <= 0 {
		return fmt.Errorf("%w latency:%s: max must be positive, got %v", ErrInvalid, t.name, max)
	}
	if d <= max {
		return nil
	}
	target := qualify(t.name, 2)
	if err := checkTarget(target); err != nil {
		return err
	}
	v := Violation{
		ContractID: metric.ID(metric.Latency, 0, target),
		Target:     target,
		Metric:     "latency",
		Measured:   ms(d),
		Threshold:  ms(max),
		Unit:       "ms",
		Samples:    1,
	}
	if Default.opts.Stack {
		v.Stack = stack()
	}
	return &ViolationError{Violation: Default.record(v)}
}
