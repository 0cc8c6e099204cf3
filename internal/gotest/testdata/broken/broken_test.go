package broken

import "testing"

func BenchmarkCount(b *testing.B) {
	for b.Loop() {
		Count()
	}
}
