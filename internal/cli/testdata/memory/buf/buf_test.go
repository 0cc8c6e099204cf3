package buf

import "testing"

// Typed sinks: assigning to an interface would allocate a slice header.
var (
	small []byte
	many  [][]byte
)

func BenchmarkSmall(b *testing.B) {
	for b.Loop() {
		small = Small()
	}
}

func BenchmarkMany(b *testing.B) {
	for b.Loop() {
		many = Many()
	}
}
