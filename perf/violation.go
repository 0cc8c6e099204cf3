package perf

import (
	"fmt"
	"maps"
	"math"
	"strconv"
	"time"
)

// A Violation is one observed breach of a contract: what was measured
// against what threshold, when, and in what circumstances.
//
// Measured and Threshold are in Unit, the unit choragen's report uses for
// the metric: milliseconds for latency, bytes for bytes, a count for
// allocations.
type Violation struct {
	// ContractID identifies the contract: "<metric>[@p<N>]:<target>",
	// for example "latency@p99:example.com/shop/api.List".
	ContractID string
	// Target is the pprof-style name of what the contract covers.
	Target string
	// Metric is what was judged: "latency", "bytes" or "allocs" at run
	// time; in tests also "cpu", "syscalls", "io-bytes", "iterations",
	// "depth" and "leak" (perftest).
	Metric string
	// Percentile is the latency percentile judged; 0 for a single call or
	// a mean.
	Percentile float64
	Measured   float64
	Threshold  float64
	Unit       string
	// Time is when the violation was recorded.
	Time time.Time
	// Samples is how many calls the measurement rests on: 1 for a single
	// call, the calls of the window for a percentile or a memory mean.
	Samples int
	// Goroutines is the number of goroutines when it was recorded.
	Goroutines int
	// Labels are the pprof labels of the call's context
	// (runtime/pprof.WithLabels), if any.
	Labels map[string]string
	// Stack is a short stack of the call, innermost first ("pkg.Func
	// file:line"), when the collector was asked for stacks.
	Stack []string
	// Context holds anything else worth reporting (for example "test",
	// or a query's fingerprint), under keys of the reporter's choosing.
	Context map[string]any
}

// String describes the violation in one line, for logs.
func (v Violation) String() string {
	return fmt.Sprintf("%s: measured %s %s, threshold %s %s",
		v.ContractID, formatFloat(v.Measured), v.Unit, formatFloat(v.Threshold), v.Unit)
}

// wireViolation is a violation as choragen's report writes it (the
// report's violation shape: contractId, measured, threshold, timestamp,
// context). perf keeps its own copy of the shape so that users' builds do
// not import the report package; a test keeps the two in step.
type wireViolation struct {
	ContractID string         `json:"contractId"`
	Measured   float64        `json:"measured"`
	Threshold  float64        `json:"threshold"`
	Timestamp  time.Time      `json:"timestamp"`
	Context    map[string]any `json:"context,omitempty"`
}

// report returns the violation in the shape of choragen's report: the
// typed fields go into the context, where the report keeps them.
func (v Violation) report() wireViolation {
	ctx := make(map[string]any, len(v.Context)+8)
	maps.Copy(ctx, v.Context)
	ctx["target"] = v.Target
	ctx["metric"] = v.Metric
	ctx["unit"] = v.Unit
	if v.Percentile > 0 {
		ctx["percentile"] = v.Percentile
	}
	if v.Samples > 0 {
		ctx["samples"] = v.Samples
	}
	if v.Goroutines > 0 {
		ctx["goroutines"] = v.Goroutines
	}
	if len(v.Labels) > 0 {
		ctx["labels"] = v.Labels
	}
	if len(v.Stack) > 0 {
		ctx["stack"] = v.Stack
	}
	return wireViolation{
		ContractID: v.ContractID,
		Measured:   v.Measured,
		Threshold:  v.Threshold,
		Timestamp:  v.Time.UTC(),
		Context:    ctx,
	}
}

// A ViolationError is returned by AssertLatency when the timer's elapsed
// time broke the maximum. The violation has also been recorded.
type ViolationError struct {
	Violation Violation
}

func (e *ViolationError) Error() string {
	return "perf: contract broken: " + e.Violation.String()
}

// formatFloat prints large values whole (65536, not 6.554e+04) and small
// ones to 4 significant digits.
func formatFloat(f float64) string {
	if math.Abs(f) >= 1000 {
		return strconv.FormatFloat(f, 'f', 0, 64)
	}
	return strconv.FormatFloat(f, 'g', 4, 64)
}
