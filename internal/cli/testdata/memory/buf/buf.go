// Package buf allocates deterministically, so its memory contracts have
// exact verdicts.
package buf

// Small returns a 64-byte buffer: one allocation of 64 bytes.
//
//perf:memory max=100B allocs=1
//perf:latency max=1s
func Small() []byte { return make([]byte, 64) }

// Many makes ten allocations, against a contract of two.
//
//perf:memory allocs=2
func Many() [][]byte {
	out := make([][]byte, 0, 9)
	for range 9 {
		out = append(out, make([]byte, 32))
	}
	return out
}

// Unbenchmarked has a contract and no benchmark.
//
//perf:memory allocs=1
func Unbenchmarked() []byte { return make([]byte, 8) }
