package perfsql

// maxDepth is how many return addresses a statement's call stack keeps,
// innermost first. database/sql puts the caller's code about ten frames
// above the wrapper, GORM about fifteen; the rest tell the callers of that
// code apart. Deeper frames (an HTTP server's, a test runner's) are left
// out, which bounds the cost of a deep stack.
const maxDepth = 32

// hashPCs mixes a call stack into the key that tells call sites apart
// (FNV-1a over the addresses). callers computes it as it walks.
func hashPCs(pcs []uintptr) uint64 {
	h := uint64(fnvOffset)
	for _, pc := range pcs {
		h = (h ^ uint64(pc)) * fnvPrime
	}
	return h
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)
