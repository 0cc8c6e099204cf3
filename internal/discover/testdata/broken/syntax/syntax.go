package syntax

//perf:latency max=1ms
func F() { x := }
