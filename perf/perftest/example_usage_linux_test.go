package perftest_test

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/choragen/choragen/perf/perftest"
)

// A benchmark reports CPU time, system calls and bytes read and written
// per operation, which //perf:cpu and //perf:io judge (system calls and
// bytes on Linux only).
func ExampleReportUsage() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	f, _ := os.Create(filepath.Join(dir, "log"))
	defer f.Close()
	line := []byte("GET /api/users/42 200\n")

	r := testing.Benchmark(func(b *testing.B) {
		perftest.ReportUsage(b)
		for b.Loop() {
			f.Write(line)
			io.Discard.Write(line) // no system call
		}
	})
	fmt.Printf("%.0f syscalls/op, %.0f io-bytes/op, cpu-ns/op reported: %v\n",
		r.Extra["syscalls/op"], r.Extra["io-bytes/op"], r.Extra["cpu-ns/op"] > 0)
	// Output:
	// 1 syscalls/op, 22 io-bytes/op, cpu-ns/op reported: true
}
