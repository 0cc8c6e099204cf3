package lib

// F has a malformed directive.
//
//perf:latency max=fast
func F() {}
