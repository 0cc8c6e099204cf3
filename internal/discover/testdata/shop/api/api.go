// Package api has an external test package with an aliased testing import,
// and a function bound to a benchmark by bench=.
package api

// FetchUser loads one user.
//
//perf:latency max=100ms p=95
//perf:latency max=20ms
//perf:queries max=1
func FetchUser(id string) {}

// ListUsers is measured by a benchmark that does not follow its name.
//
//perf:memory allocs=0 bench=BenchmarkListUsersPaged
func ListUsers() {}

// Search follows the convention but names another benchmark: bench= wins.
//
//perf:cpu max=5ms bench=BenchmarkListUsersPaged
func Search() {}
