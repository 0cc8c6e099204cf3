package perf

import "time"

// Usage is what the process has consumed so far: CPU time, and the read
// and write system calls it made with the bytes they moved. Measure a
// stretch of code by the difference of two readings:
//
//	before := perf.ReadUsage()
//	work()
//	used := perf.ReadUsage().Sub(before)
//
// The figures are the whole process's, not one goroutine's (see ReadUsage),
// and each comes with a flag that says whether the system measures it at
// all: a figure the system does not give is never reported as zero.
type Usage struct {
	// CPU is the user and system CPU time of every thread of the process
	// (getrusage RUSAGE_SELF), at a resolution of a microsecond.
	CPU time.Duration
	// Syscalls is the number of read and write system calls
	// (/proc/self/io syscr + syscw).
	Syscalls int64
	// IOBytes is the number of bytes those calls read and wrote
	// (/proc/self/io rchar + wchar), whether or not they reached a disk.
	IOBytes int64

	// HasCPU reports that CPU is measured: on Unix systems.
	HasCPU bool
	// HasIO reports that Syscalls and IOBytes are measured: on Linux.
	HasIO bool

	// ioRead is the bytes this reading's own read of /proc/self/io
	// returned: the next reading counts that read, and Sub takes it out.
	ioRead int64
}

// ReadUsage reads the process's usage so far.
//
// What it counts, and what it does not:
//   - The figures are process-wide: other goroutines, the garbage
//     collector's workers (CPU time) and the runtime are counted with the
//     code being measured. A benchmark or a test that runs one thing at a
//     time measures that thing, and the garbage collection its
//     allocations cause, which is part of its cost; a busy server
//     measures everything at once.
//   - Syscalls and IOBytes count the read and write family (read, write,
//     pread, pwrite, readv, writev, sendfile, copy_file_range), on files,
//     pipes and sockets alike, as Linux's task I/O accounting does; not
//     sendto/recvfrom/sendmsg/recvmsg (UDP, some socket code), not mmap'd
//     I/O, not open, stat or close.
//   - The runtime does a little I/O of its own: it writes and reads 8
//     bytes on an eventfd to wake its network poller (for timers, for
//     goroutines that a network event readies), a few calls in a long
//     measurement, none in most short ones.
//   - Reading costs a getrusage call (about 5µs, part of it counted as CPU)
//     and one pread of /proc/self/io, which Sub leaves out of the
//     difference.
//
// Where the system does not give a figure (CPU outside Unix, I/O outside
// Linux, or /proc not mounted), HasCPU or HasIO is false and the figure is
// zero: callers must say "unmeasured", never report the zero.
func ReadUsage() Usage {
	var u Usage
	u.CPU, u.HasCPU = cpuTime()
	readIO(&u)
	return u
}

// Sub returns the usage between before and u, a later reading. Its flags
// say what both readings measured. The read of /proc/self/io that before
// made is taken out, so that two readings back to back differ by zero.
func (u Usage) Sub(before Usage) Usage {
	d := Usage{HasCPU: u.HasCPU && before.HasCPU, HasIO: u.HasIO && before.HasIO}
	if d.HasCPU {
		d.CPU = u.CPU - before.CPU
	}
	if d.HasIO {
		d.Syscalls = u.Syscalls - before.Syscalls - 1
		d.IOBytes = u.IOBytes - before.IOBytes - before.ioRead
	}
	return d
}
