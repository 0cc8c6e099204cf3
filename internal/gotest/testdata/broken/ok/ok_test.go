// Package ok is a fixture: it builds, beside a package that does not.
package ok

import "testing"

func BenchmarkFine(b *testing.B) {
	for b.Loop() {
	}
}
