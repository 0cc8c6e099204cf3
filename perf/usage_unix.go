//go:build unix

package perf

import (
	"syscall"
	"time"
)

// cpuTime returns the user and system CPU time of the whole process.
//
// Note: RUSAGE_SELF, not RUSAGE_THREAD: a goroutine moves between threads,
// and the work a call causes (the garbage collector's marking of what it
// allocated, goroutines it starts) runs on others.
func cpuTime() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
