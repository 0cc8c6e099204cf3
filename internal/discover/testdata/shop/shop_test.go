package shop

import "testing"

func BenchmarkCheckout(b *testing.B) {
	for b.Loop() {
		Checkout()
	}
}

func BenchmarkTotal(b *testing.B) {
	for b.Loop() {
		Total()
	}
}

// BenchmarkScenario measures a flow, not one function.
func BenchmarkScenario(b *testing.B) {}

// Not benchmarks: go test would not run them.
func Benchmarkhelper(b *testing.B)         {}
func BenchmarkWithArg(b *testing.B, n int) {}
func BenchmarkT(t *testing.T)              {}
