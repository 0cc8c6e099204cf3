package lib

// F does not compile.
//
//perf:latency max=1ms
func F() int { return "not an int" }
