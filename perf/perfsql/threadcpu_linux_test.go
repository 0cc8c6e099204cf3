package perfsql_test

import "golang.org/x/sys/unix"

// threadCPU returns the CPU time the calling thread has used, in
// nanoseconds. Unlike wall time it leaves out the time the thread waited for
// a CPU, so it measures the work on a shared, oversubscribed machine. The
// caller locks its goroutine to the thread.
func threadCPU() (int64, bool) {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return 0, false
	}
	return ts.Nano(), true
}
