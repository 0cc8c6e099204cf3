package perfhttp_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/choragen/choragen/perf/perfhttp"
)

// BenchmarkTransport measures what counting adds to a client round trip
// over a kept-alive loopback connection: bare http.Transport, and through
// perfhttp.Transport without and within a Scope.
//
//	go test -run '^$' -bench 'Transport' -count 10 ./perf/perfhttp
func BenchmarkTransport(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	base := &http.Transport{}
	defer base.CloseIdleConnections()
	scope := perfhttp.NewScope(context.Background())
	for _, tc := range []struct {
		name string
		rt   http.RoundTripper
		ctx  context.Context
	}{
		{"bare", base, context.Background()},
		{"perfhttp", perfhttp.Transport(base), context.Background()},
		{"perfhttp-scope", perfhttp.Transport(base), scope.Context()},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			client := &http.Client{Transport: tc.rt}
			req, _ := http.NewRequestWithContext(tc.ctx, "GET", srv.URL, nil)
			cpu := cpuTime()
			for b.Loop() {
				resp, err := client.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			reportCPU(b, cpuTime()-cpu)
		})
	}
}
