//go:build unix

package discover

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time used so far by this process and by the child
// processes it has waited for (go list, go test and theirs): a cost that
// other work on a shared machine does not inflate, as it does wall time.
func cpuTime() (time.Duration, bool) {
	var self, kids syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &self) != nil || syscall.Getrusage(syscall.RUSAGE_CHILDREN, &kids) != nil {
		return 0, false
	}
	tv := func(t syscall.Timeval) time.Duration { return time.Duration(t.Nano()) }
	return tv(self.Utime) + tv(self.Stime) + tv(kids.Utime) + tv(kids.Stime), true
}
