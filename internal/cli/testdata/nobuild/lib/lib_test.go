package lib

import "testing"

func BenchmarkF(b *testing.B) {
	for b.Loop() {
		F()
	}
}
