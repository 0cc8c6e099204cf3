package work

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/choragen/choragen/perf/perftest"
)

func ints(n int) []int {
	xs := make([]int, n)
	for i := range xs {
		xs[i] = i % 7
	}
	return xs
}

func BenchmarkSum(b *testing.B) {
	xs := ints(500)
	perftest.ReportIterations(b, &sumLoop)
	for b.Loop() {
		Sum(xs)
	}
}

func BenchmarkPairs(b *testing.B) {
	xs := ints(100) // 4950 pairs
	perftest.ReportIterations(b, &pairsLoop)
	for b.Loop() {
		Pairs(xs)
	}
}

func BenchmarkUncounted(b *testing.B) {
	xs := ints(5)
	for b.Loop() {
		Uncounted(xs)
	}
}

func BenchmarkHeight(b *testing.B) {
	perftest.ReportDepth(b, &heightDepth)
	for b.Loop() {
		Height(1000) // 10 deep
	}
}

func BenchmarkCountdown(b *testing.B) {
	perftest.ReportDepth(b, &countdownDepth)
	for b.Loop() {
		Countdown(40) // 41 deep
	}
}

var digest [32]byte

func BenchmarkDigest(b *testing.B) {
	data := make([]byte, 4096)
	perftest.ReportUsage(b)
	for b.Loop() {
		digest = Digest(data)
	}
}

func BenchmarkChecksum(b *testing.B) {
	data := make([]byte, 1<<20)
	perftest.ReportUsage(b)
	for b.Loop() {
		Checksum(data)
	}
}

func tempFile(b *testing.B) *os.File {
	f, err := os.Create(filepath.Join(b.TempDir(), "log"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { f.Close() })
	return f
}

func BenchmarkAppend(b *testing.B) {
	f, rec := tempFile(b), make([]byte, 100)
	perftest.ReportUsage(b)
	for b.Loop() {
		Append(f, rec)
	}
}

func BenchmarkAppendWithHeader(b *testing.B) {
	f, rec := tempFile(b), make([]byte, 100)
	perftest.ReportUsage(b)
	for b.Loop() {
		AppendWithHeader(f, rec)
	}
}

func BenchmarkBuild(b *testing.B) {
	perftest.ReportPeakHeap(b)
	for b.Loop() {
		Build()
	}
}

var small []byte

func BenchmarkSmall(b *testing.B) {
	perftest.ReportPeakHeap(b)
	for b.Loop() {
		small = Small()
	}
}
