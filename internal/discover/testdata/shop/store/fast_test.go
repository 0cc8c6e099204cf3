//go:build shopfast

package store

import "testing"

func BenchmarkLookupFast(b *testing.B) {}
