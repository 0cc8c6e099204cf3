package perf_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/choragen/choragen/perf"
)

// ReadUsage measures the bytes a stretch of code reads and writes (on
// Linux; elsewhere HasIO is false), and the system calls that move them:
// here two writes, plus whatever else the process does meanwhile (this
// example's output is read by a goroutine of the test binary, which can
// add a read that finds nothing).
func ExampleReadUsage() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	f, _ := os.Create(filepath.Join(dir, "log"))
	defer f.Close()

	before := perf.ReadUsage()
	f.Write([]byte("hello, "))
	f.Write([]byte("world\n"))
	used := perf.ReadUsage().Sub(before)

	fmt.Println(used.HasIO, used.IOBytes, "bytes,", used.Syscalls >= 2)
	fmt.Println(used.HasCPU, used.CPU >= 0)
	// Output:
	// true 13 bytes, true
	// true true
}
