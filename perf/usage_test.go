package perf_test

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/choragen/choragen/internal/race"
	"github.com/choragen/choragen/perf"
	"github.com/choragen/choragen/perf/perftest"
)

// burn uses some CPU time, however busy the machine: hashing is work,
// not waiting.
func burn() {
	data := make([]byte, 1<<20)
	for range 8 {
		sum := sha256.Sum256(data)
		data[0] = sum[0]
	}
}

func TestReadUsageCPU(t *testing.T) {
	before := perf.ReadUsage()
	if !before.HasCPU {
		if runtime.GOOS == "linux" || runtime.GOOS == "darwin" {
			t.Fatalf("no CPU time on %s", runtime.GOOS)
		}
		t.Skipf("no CPU time on %s", runtime.GOOS)
	}
	burn()
	d := perf.ReadUsage().Sub(before)
	if !d.HasCPU || d.CPU <= 0 {
		t.Errorf("CPU used by hashing 8 MiB: %v (measured %v)", d.CPU, d.HasCPU)
	}
}

// TestReadUsageIO writes a file in known system calls and checks that
// the difference of two readings counts exactly them. Another test's I/O
// can only add to the process-wide counters, so the best of a few tries
// is judged.
func TestReadUsageIO(t *testing.T) {
	if !perf.ReadUsage().HasIO {
		if runtime.GOOS == "linux" {
			t.Fatal("no I/O counters on Linux")
		}
		t.Skipf("no I/O counters on %s", runtime.GOOS)
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rec := make([]byte, 100)
	for _, tc := range []struct {
		name            string
		f               func()
		syscalls, bytes int64
	}{
		{"nothing", func() {}, 0, 0},
		{"three writes", func() {
			for range 3 {
				f.Write(rec)
			}
		}, 3, 300},
		{"a read", func() { f.ReadAt(rec[:10], 0) }, 1, 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var d perf.Usage
			for range 5 {
				before := perf.ReadUsage()
				tc.f()
				d = perf.ReadUsage().Sub(before)
				if d.Syscalls == tc.syscalls && d.IOBytes == tc.bytes {
					break
				}
			}
			if !d.HasIO || d.Syscalls != tc.syscalls || d.IOBytes != tc.bytes {
				t.Errorf("%d syscalls, %d bytes (measured %v); want %d, %d", d.Syscalls, d.IOBytes, d.HasIO, tc.syscalls, tc.bytes)
			}
		})
	}
}

func TestUsageSubUnmeasured(t *testing.T) {
	a := perf.Usage{CPU: 5, HasCPU: true}
	b := perf.Usage{CPU: 9, Syscalls: 3, IOBytes: 100, HasCPU: true, HasIO: true}
	d := b.Sub(a)
	if !d.HasCPU || d.CPU != 4 || d.HasIO || d.Syscalls != 0 || d.IOBytes != 0 {
		t.Errorf("Sub with one side unmeasured: %+v; want CPU 4, I/O unmeasured and zero", d)
	}
}

func TestReadUsageAllocs(t *testing.T) {
	if race.Enabled {
		t.Skip("allocation counts differ under -race")
	}
	perf.ReadUsage() // opens /proc/self/io
	if _, n := perftest.MemoryPerCall(func() { perf.ReadUsage() }, perftest.Calls(1000), perftest.Rounds(3)); n != 0 {
		t.Errorf("ReadUsage makes %v allocations per call, want 0", n)
	}
}
