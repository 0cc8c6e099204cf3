//go:build unix

package perftest

import (
	"syscall"
	"time"
)

// cpuTime returns the process's user and system CPU time, as
// perf.ReadUsage does, without reading /proc/self/io.
func cpuTime() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
