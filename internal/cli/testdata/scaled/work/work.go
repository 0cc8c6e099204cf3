// Package work is a controlled workload for choragen's tracking tests:
// Scaled does CHORAGEN_TEST_SCALE times the work of Steady (1.20 makes it
// 20% slower), and Grow allocates CHORAGEN_TEST_ALLOC times as many bytes.
// The work is a CPU-bound loop (no sleep, no memory traffic), so that its
// cost follows the scale closely.
package work

import (
	"math"
	"os"
	"strconv"
)

// Rounds is the work of one call of Steady.
const Rounds = 20000

func factor(name string) float64 {
	if v, err := strconv.ParseFloat(os.Getenv(name), 64); err == nil && v > 0 {
		return v
	}
	return 1
}

var (
	scaledRounds = int(math.Round(Rounds * factor("CHORAGEN_TEST_SCALE")))
	growBytes    = int(math.Round(1024 * factor("CHORAGEN_TEST_ALLOC")))
)

// spin runs n rounds of xorshift: a chain of dependent integer operations.
func spin(n int) uint64 {
	x := uint64(88172645463325252)
	for range n {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
	return x
}

// Steady does the same work whatever the scale.
//
//perf:latency max=1s
func Steady() uint64 { return spin(Rounds) }

// Scaled does CHORAGEN_TEST_SCALE times Steady's work.
//
//perf:latency max=1s
func Scaled() uint64 { return spin(scaledRounds) }

// Grow allocates CHORAGEN_TEST_ALLOC KiB.
//
//perf:memory max=1MB
func Grow() []byte { return make([]byte, growBytes) }
