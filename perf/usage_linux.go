package perf

import (
	"bytes"
	"sync"
	"syscall"
)

// procIO is a descriptor of /proc/self/io, opened once and kept for the
// life of the process (-1 when it cannot be opened). Reading it at offset 0
// with pread makes the kernel render the counters afresh each time, in one
// system call that the next reading counts (Usage.Sub takes it out).
var procIO = sync.OnceValue(func() int {
	fd, err := syscall.Open("/proc/self/io", syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return -1
	}
	return fd
})

// ioBuf is what readIO reads into: a buffer on the stack would escape to
// the heap through the system call, one allocation per reading.
var ioBuf struct {
	sync.Mutex
	b [512]byte
}

// readIO fills in the read and write calls and bytes of the process.
func readIO(u *Usage) {
	fd := procIO()
	if fd < 0 {
		return
	}
	ioBuf.Lock()
	defer ioBuf.Unlock()
	buf := ioBuf.b[:]
	n, err := syscall.Pread(fd, buf, 0)
	if err != nil || n <= 0 || n == len(buf) {
		return
	}
	if c, ok := parseProcIO(buf[:n]); ok {
		u.Syscalls, u.IOBytes, u.HasIO, u.ioRead = c.syscr+c.syscw, c.rchar+c.wchar, true, int64(n)
	}
}

// procIOCounts are the fields of /proc/self/io that ReadUsage reports.
type procIOCounts struct {
	rchar, wchar, syscr, syscw int64
}

// parseProcIO parses the text of /proc/<pid>/io,
//
//	rchar: 2243
//	wchar: 112
//	syscr: 7
//	syscw: 1
//	read_bytes: 0
//	...
//
// without allocating. It reports false unless the four fields it needs
// are each there once, with a decimal value.
func parseProcIO(text []byte) (procIOCounts, bool) {
	var c procIOCounts
	seen := 0
	for line := range bytes.Lines(text) {
		name, value, ok := bytes.Cut(bytes.TrimSuffix(line, []byte("\n")), []byte(": "))
		if !ok {
			continue
		}
		var dst *int64
		var bit int
		switch string(name) {
		case "rchar":
			dst, bit = &c.rchar, 1
		case "wchar":
			dst, bit = &c.wchar, 2
		case "syscr":
			dst, bit = &c.syscr, 4
		case "syscw":
			dst, bit = &c.syscw, 8
		default:
			continue
		}
		v, ok := parseUint(value)
		if !ok || seen&bit != 0 {
			return procIOCounts{}, false
		}
		*dst = v
		seen |= bit
	}
	if seen != 15 {
		return procIOCounts{}, false
	}
	return c, true
}

// parseUint parses a decimal number of up to 18 digits without allocating.
func parseUint(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var v int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	return v, true
}
