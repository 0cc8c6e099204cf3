package broken

import "testing"

// Directives in test files are errors.
//
//perf:latency max=1ms
func BenchmarkOK(b *testing.B) {}

func BenchmarkOther(b *testing.B) {}
