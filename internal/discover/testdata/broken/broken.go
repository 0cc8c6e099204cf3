// Package broken has every kind of directive mistake; discover collects
// them all, sorted by position. (gofmt would rewrite the "//perf :" line
// into prose: this file is left unformatted on purpose.)
package broken

//perf:latency max=1ms
type Cache struct{}

//perf:latncy max=1ms
//perf:latency max=fast percentile=95
//perf:memory max=1MB max=2MB
//perf:queries
//perf:cpu max=0s
//perf :latency max=1ms
//perf:latency max = 1ms
//perf:memory allocs=1
func Bad() {}

//perf:latency max=1ms bench=BenchmarkMissing
func Unbound() {}

//perf:latency max=1ms bench=BenchmarkOK
//perf:memory allocs=0 bench=BenchmarkOther
func Conflict() {}

func Body() {
	//perf:latency max=1ms
}

//perf:latency max=1ms

func Detached() {}
