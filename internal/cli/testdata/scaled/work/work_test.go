package work

import "testing"

var sink uint64

func BenchmarkSteady(b *testing.B) {
	for b.Loop() {
		sink += Steady()
	}
}

func BenchmarkScaled(b *testing.B) {
	for b.Loop() {
		sink += Scaled()
	}
}

var bytesSink []byte

func BenchmarkGrow(b *testing.B) {
	for b.Loop() {
		bytesSink = Grow()
	}
}
