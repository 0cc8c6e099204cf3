//go:build race

// Package race reports whether the race detector is on. Allocation counts
// change under -race (sync.Pool drops puts), so exact allocation assertions
// consult it.
package race

// Enabled is true when the binary was built with -race.
const Enabled = true
