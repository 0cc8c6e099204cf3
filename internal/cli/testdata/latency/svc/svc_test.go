package svc

import "testing"

func BenchmarkSpiky(b *testing.B) {
	for b.Loop() {
		Spiky()
	}
}

func BenchmarkSteady(b *testing.B) {
	for b.Loop() {
		Steady()
	}
}

func BenchmarkSlow(b *testing.B) {
	for b.Loop() {
		Slow()
	}
}

var sink []byte

func BenchmarkGrow(b *testing.B) {
	for b.Loop() {
		sink = Grow()
	}
}
