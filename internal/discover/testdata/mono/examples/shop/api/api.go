package api

//perf:latency max=1ms
func FetchUser() {}
