// Package shop is a fixture for discover: functions with directives and
// benchmarks bound to them in every way.
package shop

// Checkout has a contract and the benchmark of its name.
//
//perf:latency max=1ms
//perf:memory max=4KiB allocs=10
func Checkout() {}

// Total has a benchmark and no directive: config defaults apply to it.
func Total() int { return 0 }

// Refund has a directive and no benchmark: its contract is unmeasured.
//
//perf:latency max=2ms p=99
func Refund() {}

// helper has neither, so it is not listed.
func helper() {}

func init() { helper() }
