package perfsql

// maxDepth is how many return addresses a statement's call stack keeps.
// database/sql adds about ten frames and an ORM up to twenty more before
// the caller's own code, which the rest must reach.
const maxDepth = 64

// hashPCs mixes a call stack into the key that tells call sites apart
// (FNV-1a over the addresses).
func hashPCs(pcs []uintptr) uint64 {
	h := uint64(14695981039346656037)
	for _, pc := range pcs {
		h ^= uint64(pc)
		h *= 1099511628211
	}
	return h
}
