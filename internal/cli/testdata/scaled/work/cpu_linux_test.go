package work

import "syscall"

// threadCPU returns the CPU time (user + system) of the calling thread in
// nanoseconds (getrusage RUSAGE_THREAD).
func threadCPU() (int64, bool) {
	const rusageThread = 1
	var ru syscall.Rusage
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0, false
	}
	return ru.Utime.Nano() + ru.Stime.Nano(), true
}
