// Package hang is a fixture for cancellation: BenchmarkHang writes the test
// binary's process id to $HANG_PIDFILE and blocks forever. Without
// HANG_PIDFILE it skips.
package hang

import (
	"os"
	"strconv"
	"testing"
)

func BenchmarkHang(b *testing.B) {
	path := os.Getenv("HANG_PIDFILE")
	if path == "" {
		b.Skip("HANG_PIDFILE not set")
	}
	if err := os.WriteFile(path, []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		b.Fatal(err)
	}
	select {}
}
