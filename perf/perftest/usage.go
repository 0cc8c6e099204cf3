package perftest

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/choragen/choragen/perf"
)

// ReportUsage reports the CPU time and the read and write system calls per
// operation of the benchmark, as cpu-ns/op, syscalls/op and io-bytes/op,
// which //perf:cpu and //perf:io judge. Call it right before the
// benchmark's loop: it measures from the call to the end of the benchmark
// function.
//
//	func BenchmarkExport(b *testing.B) {
//		rows := fixture(1000)
//		perftest.ReportUsage(b)
//		for b.Loop() {
//			Export(io.Discard, rows)
//		}
//	}
//
// The figures are the whole process's (perf.ReadUsage), divided by b.N:
//   - CPU time is user and system time of every thread, at a microsecond's
//     resolution: the operation's own, the garbage collection its
//     allocations cause (background marking runs on other threads), and
//     the work of goroutines it starts, which is what the operation costs
//     a machine. It also counts whatever else the process does meanwhile,
//     so keep parallel tests out of benchmark runs (go test -run '^$').
//   - syscalls/op counts read and write system calls (read, write, pread,
//     pwrite, readv, writev, sendfile...) on files, pipes and sockets,
//     and io-bytes/op the bytes they moved, from /proc/self/io. Only Linux
//     counts them: elsewhere the two metrics are not reported, so that a
//     contract on them is unmeasured, never judged on a zero.
//
// What perftest itself does meanwhile (the unit lines of the exact counts,
// the collections of ReportPeakHeap) is left out.
func ReportUsage(b *testing.B) {
	b.Helper()
	mark := own.mark()
	before := perf.ReadUsage()
	b.Cleanup(func() {
		d := perf.ReadUsage().Sub(before)
		ownCPU, ownCalls, ownBytes := own.since(mark)
		n := float64(b.N)
		if d.HasCPU {
			b.ReportMetric(float64(max(0, d.CPU-ownCPU))/n, "cpu-ns/op")
		}
		if d.HasIO {
			b.ReportMetric(float64(max(0, d.Syscalls-ownCalls))/n, "syscalls/op")
			b.ReportMetric(float64(max(0, d.IOBytes-ownBytes))/n, "io-bytes/op")
		} else {
			logUnmeasuredIO(b)
		}
	})
}

var unmeasuredIO sync.Once

// logUnmeasuredIO says once per process why syscalls/op is missing.
func logUnmeasuredIO(b *testing.B) {
	unmeasuredIO.Do(func() {
		b.Logf("perftest: %s does not count read and write system calls: syscalls/op and io-bytes/op are not reported", runtime.GOOS)
	})
}

// own is what perftest does itself in a benchmark, for ReportUsage to
// leave out: the write of each unit metadata line, and the CPU time of the
// collections that ReportPeakHeap forces.
var own ownUsage

type ownUsage struct {
	cpu, syscalls, bytes atomic.Int64
}

type ownMark struct{ cpu, syscalls, bytes int64 }

func (o *ownUsage) mark() ownMark {
	return ownMark{o.cpu.Load(), o.syscalls.Load(), o.bytes.Load()}
}

func (o *ownUsage) since(m ownMark) (cpu time.Duration, syscalls, bytes int64) {
	return time.Duration(o.cpu.Load() - m.cpu), o.syscalls.Load() - m.syscalls, o.bytes.Load() - m.bytes
}

// wrote accounts one write system call of n bytes.
func (o *ownUsage) wrote(n int) {
	o.syscalls.Add(1)
	o.bytes.Add(int64(n))
}

// gc runs a garbage collection and accounts its CPU time. It reads the
// CPU time with getrusage alone (cpuTime), not perf.ReadUsage, whose read
// of /proc/self/io would itself be I/O to account.
func (o *ownUsage) gc() {
	before, ok := cpuTime()
	runtime.GC()
	if after, ok2 := cpuTime(); ok && ok2 {
		o.cpu.Add(int64(after - before))
	}
}
