package perf_test

import "runtime"

// parallelism is the b.SetParallelism that runs n goroutines.
func parallelism(n int) int { return max(1, n/runtime.GOMAXPROCS(0)) }
