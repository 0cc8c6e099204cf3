package work

import (
	"syscall"
	"unsafe"
)

// threadCPU returns the CPU time of the calling thread in nanoseconds
// (clock_gettime(CLOCK_THREAD_CPUTIME_ID): exact, where getrusage's
// per-thread times are adjusted from scheduler ticks and can stand still
// for milliseconds).
func threadCPU() (int64, bool) {
	const clockThreadCPUTime = 3
	var ts syscall.Timespec
	if _, _, errno := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTime, uintptr(unsafe.Pointer(&ts)), 0); errno != 0 {
		return 0, false
	}
	return ts.Nano(), true
}
