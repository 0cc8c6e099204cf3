//go:build (!amd64 && !arm64) || perfsql_nofp

package perfsql

import "runtime"

// callers stores in pcs the return addresses of the goroutine's calling
// frames, starting with its caller's frame, and returns how many it
// stored and their hash (hashPCs). Without frame pointers to follow it uses runtime.Callers, which
// costs more (see callers_fp.go).
//
//go:noinline
func callers(pcs []uintptr) (int, uint64) {
	n := runtime.Callers(2, pcs)
	return n, hashPCs(pcs[:n])
}
