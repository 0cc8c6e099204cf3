package api

import "time"

// FetchUser has the mistakes that directive's doc shows (TestDocErrors); gofmt
// would rewrite line 15 into prose, so this file is left unformatted.
//
//perf:latency max=100ms
//perf:latncy max=1ms
//perf:latency max=1ms percentile=95
//perf:memory max=1MB max=2MB
//perf:queries bench=BenchmarkFetchUser
//perf:cpu max=fast
//perf:requests max=-1
//perf :latency max=1ms
//perf:latency max = 1ms
//perf:complexity max=O(n log n
//perf:latency max=200ms
func FetchUser(id string) time.Duration { return 0 }

//perf:cpu max=1ms
type Cache struct{}

//perf:memory allocs=0

func Get() {}
