// Package work does known amounts of work, so that its resource contracts
// have known verdicts: exact ones for counted iterations, recursion depth
// and system calls, clear-cut ones for CPU time and heap.
package work

import (
	"crypto/sha256"
	"hash/crc32"
	"os"

	"github.com/choragen/choragen/perf"
)

// sumLoop counts the iterations of Sum's loop.
var sumLoop perf.Counter

// Sum adds up xs in one pass.
//
//perf:iterations max=1000
func Sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	sumLoop.Add(len(xs))
	return s
}

// pairsLoop counts the iterations of Pairs's inner loop.
var pairsLoop perf.Counter

// Pairs counts the pairs of equal elements by looking at every pair:
// quadratic, against a contract written for one pass.
//
//perf:iterations max=1000
func Pairs(xs []int) int {
	n, iters := 0, 0
	for i := range xs {
		for j := i + 1; j < len(xs); j++ {
			iters++
			if xs[i] == xs[j] {
				n++
			}
		}
	}
	pairsLoop.Add(iters)
	return n
}

// Uncounted has a contract but its benchmark reports no count.
//
//perf:iterations max=10
func Uncounted(xs []int) int { return len(xs) }

// heightDepth measures Height's recursion.
var heightDepth perf.Recursion

// Height recurses on half of n: log2(n)+1 deep.
//
//perf:depth max=16
func Height(n int) int {
	heightDepth.Enter()
	defer heightDepth.Leave()
	if n <= 1 {
		return 1
	}
	return 1 + Height(n/2)
}

// countdownDepth measures Countdown's recursion.
var countdownDepth perf.Recursion

// Countdown recurses n deep.
//
//perf:depth max=16
func Countdown(n int) int {
	countdownDepth.Enter()
	defer countdownDepth.Leave()
	if n <= 0 {
		return 0
	}
	return 1 + Countdown(n-1)
}

// Digest hashes data: CPU time, no system call.
//
//perf:cpu max=1s
//perf:io syscalls=0 bytes=0
func Digest(data []byte) [32]byte { return sha256.Sum256(data) }

// Checksum sums a megabyte: tens of microseconds of CPU at least, against a
// contract of one.
//
//perf:cpu max=1us
func Checksum(data []byte) uint32 { return crc32.ChecksumIEEE(data) }

// Append writes one record in one system call.
//
//perf:io syscalls=1 bytes=4KiB
func Append(f *os.File, rec []byte) error {
	_, err := f.Write(rec)
	return err
}

// AppendWithHeader writes a header, then the record: two system calls.
//
//perf:io syscalls=1
func AppendWithHeader(f *os.File, rec []byte) error {
	if _, err := f.Write([]byte{byte(len(rec))}); err != nil {
		return err
	}
	_, err := f.Write(rec)
	return err
}

// Build holds a 16 MiB table while it runs, against a contract of 4 MiB.
//
//perf:memory heap=4MiB
func Build() int {
	table := make([]byte, 16<<20)
	for i := 0; i < len(table); i += 4096 {
		table[i] = byte(i)
	}
	return int(table[len(table)-4096])
}

// Small allocates a little.
//
//perf:memory heap=1GiB
func Small() []byte { return make([]byte, 64) }
