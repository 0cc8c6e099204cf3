// Package work is a fixture for heap contracts, judged from a run of their
// benchmarks under GODEBUG=gcstoptheworld=1, where the collector counts no
// floating garbage.
package work

import (
	"os"
	"strings"
)

// Churn allocates fast and keeps nothing: its peak live heap is about
// nothing once floating garbage is not counted, which a concurrent mark
// would count on a busy machine (tens of megabytes).
//
//perf:memory heap=1MiB
func Churn() int {
	n := 0
	for range 256 {
		last = make([]byte, 4096) // on the heap: it escapes
		last[n%4096] = 1
		n += len(last)
	}
	return n
}

// last is the latest buffer Churn made: 4 KiB live at a time.
var last []byte

// Hold holds 8 MiB while it runs, against a contract of 4 MiB.
//
//perf:memory heap=4MiB
func Hold() int {
	table := make([]byte, 8<<20)
	for i := 0; i < len(table); i += 4096 {
		table[i] = byte(i)
	}
	return int(table[len(table)-4096])
}

// Probe is measured by a benchmark that tells the two runs apart: its
// heap contract passes only when judged from the run under
// gcstoptheworld, its iterations contract only when judged from the
// ordinary run.
//
//perf:memory heap=1MiB
//perf:iterations max=1
func Probe() {}

// Plain has no heap contract: its benchmark must not run under
// gcstoptheworld.
//
//perf:iterations max=1
func Plain() {}

// StopTheWorld reports whether the process runs with
// GODEBUG=gcstoptheworld=1.
func StopTheWorld() bool {
	for _, kv := range strings.Split(os.Getenv("GODEBUG"), ",") {
		if kv == "gcstoptheworld=1" {
			return true
		}
	}
	return false
}
