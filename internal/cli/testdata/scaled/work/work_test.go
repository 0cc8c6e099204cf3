package work

import (
	"runtime"
	"testing"
)

var sink uint64

// cpuPerOp reports the CPU time of the benchmark's own thread per
// operation as cpu-ns/op, where the platform can measure it: unlike the
// wall time of sec/op, it does not grow when other processes take the
// CPU. The goroutine is locked to its thread so that the thread's time is
// the benchmark's.
func cpuPerOp(b *testing.B, loop func()) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	start, ok := threadCPU()
	loop()
	if end, ok2 := threadCPU(); ok && ok2 && b.N > 0 {
		b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
	}
}

func BenchmarkSteady(b *testing.B) {
	cpuPerOp(b, func() {
		for b.Loop() {
			sink += Steady()
		}
	})
}

func BenchmarkScaled(b *testing.B) {
	cpuPerOp(b, func() {
		for b.Loop() {
			sink += Scaled()
		}
	})
}

var bytesSink []byte

func BenchmarkGrow(b *testing.B) {
	for b.Loop() {
		bytesSink = Grow()
	}
}
