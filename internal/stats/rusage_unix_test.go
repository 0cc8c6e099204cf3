//go:build unix

package stats

import (
	"syscall"
	"time"
)

// cpuTime returns the user+system CPU time of this process (who =
// syscall.RUSAGE_SELF) or of its finished children (RUSAGE_CHILDREN). On
// a shared machine it moves far less than wall time.
func cpuTime(who int) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(who, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

const (
	rusageSelf     = syscall.RUSAGE_SELF
	rusageChildren = syscall.RUSAGE_CHILDREN
)
