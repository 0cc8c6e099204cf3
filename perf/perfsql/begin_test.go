package perfsql

import (
	"context"
	"runtime"
	"testing"
)

// atDepth calls f below depth more frames, as database/sql and an ORM put
// the wrapper 10 to 40 frames below the caller's code.
//
//go:noinline
func atDepth(depth int, f func()) {
	if depth == 0 {
		f()
		return
	}
	atDepth(depth-1, f)
}

// BenchmarkBegin measures what the wrapper adds to each statement: the
// fingerprint lookup, and begin/end with and without a scope.
func BenchmarkBegin(b *testing.B) {
	cfg, err := newConfig(nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	const q = "SELECT name FROM users WHERE id = ?"
	fp := cfg.fingerprint.get(q)
	for _, tc := range []struct {
		name string
		ctx  context.Context
	}{
		{"scope=none", context.Background()},
		{"scope=one", WithScope(context.Background())},
	} {
		for _, depth := range []int{16, 48} {
			b.Run(tc.name+"/depth="+itoa(depth), func(b *testing.B) {
				atDepth(depth, func() {
					for b.Loop() {
						f := cfg.fingerprint.get(q)
						t := cfg.begin(tc.ctx, nil, f, q)
						cfg.end(t, nil)
					}
				})
			})
		}
	}
	_ = fp
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// BenchmarkCallers compares the frame-pointer walk with runtime.Callers on
// the same stack, about 20 frames deep.
func BenchmarkCallers(b *testing.B) {
	var pcs [maxDepth]uintptr
	for _, tc := range []struct {
		name string
		f    func()
	}{
		{"unwind=framepointers", func() { callers(pcs[:]) }},
		{"unwind=runtime.Callers", func() { runtime.Callers(2, pcs[:]) }},
	} {
		b.Run(tc.name, func(b *testing.B) {
			atDepth(16, func() {
				for b.Loop() {
					tc.f()
				}
			})
		})
	}
}
