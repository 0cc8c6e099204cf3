package perfhttp

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"strings"
	"sync"
	"testing"
)

func get(t *testing.T, c *http.Client, ctx context.Context, url string) error {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return nil
}

func TestTransportScopes(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/redirect" {
			http.Redirect(w, r, "/", http.StatusFound)
		}
	}))
	defer srv.Close()
	base := &http.Transport{}
	defer base.CloseIdleConnections()
	client := &http.Client{Transport: Transport(base)}

	before := Total()
	outer := NewScope(context.Background())
	inner := NewScope(outer.Context())
	if ScopeFrom(inner.Context()) != inner || ScopeFrom(context.Background()) != nil {
		t.Fatal("ScopeFrom does not find the scopes")
	}
	for range 3 {
		if err := get(t, client, inner.Context(), srv.URL); err != nil {
			t.Fatal(err)
		}
	}
	if err := get(t, client, outer.Context(), srv.URL+"/redirect"); err != nil { // two round trips
		t.Fatal(err)
	}
	if err := get(t, client, context.Background(), srv.URL); err != nil { // no scope
		t.Fatal(err)
	}
	check := func(name string, got, want Counts) {
		t.Helper()
		if got != want {
			t.Errorf("%s counted %+v, want %+v", name, got, want)
		}
	}
	// One connection, kept alive for every later request.
	check("inner", inner.Counts(), Counts{Requests: 3, NewConns: 1, ReusedConns: 2})
	check("outer", outer.Counts(), Counts{Requests: 5, NewConns: 1, ReusedConns: 4})
	check("process", Total().Sub(before), Counts{Requests: 6, NewConns: 1, ReusedConns: 5})
	host := strings.TrimPrefix(srv.URL, "http://")
	if got := outer.Hosts(); len(got) != 1 || got[0] != (HostCount{Host: host, Requests: 5}) {
		t.Errorf("Hosts() = %v", got)
	}
}

func TestTransportDNSAndTLS(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	base := srv.Client().Transport.(*http.Transport).Clone()
	base.TLSClientConfig.ServerName = "example.com" // the test certificate's name
	defer base.CloseIdleConnections()
	client := &http.Client{Transport: Transport(base)}
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(srv.URL, "https://"))

	s := NewScope(context.Background())
	// By name, so that a lookup happens (in /etc/hosts).
	if err := get(t, client, s.Context(), "https://localhost:"+port); err != nil {
		t.Fatal(err)
	}
	if err := get(t, client, s.Context(), srv.URL); err != nil { // another host: a new connection
		t.Fatal(err)
	}
	got := s.Counts()
	if got.Requests != 2 || got.NewConns != 2 || got.TLSHandshakes != 2 || got.DNSLookups != 1 {
		t.Errorf("counted %+v; want 2 requests, 2 new connections, 2 TLS handshakes, 1 DNS lookup", got)
	}
}

func TestTransportErrors(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	client := &http.Client{Transport: Transport(&http.Transport{})}
	s := NewScope(context.Background())
	if err := get(t, client, s.Context(), url); err == nil {
		t.Fatal("a request to a closed server succeeded")
	}
	if got := s.Counts(); got.Requests != 1 || got.Errors != 1 || got.NewConns != 0 {
		t.Errorf("counted %+v; want 1 request, 1 error, no connection", got)
	}
}

// TestTransportComposesTraces: a request that carries a ClientTrace of its
// own still reaches its hooks, and is counted.
func TestTransportComposesTraces(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	base := &http.Transport{}
	defer base.CloseIdleConnections()
	client := &http.Client{Transport: Transport(base)}
	s := NewScope(context.Background())
	var mu sync.Mutex
	var seen []bool
	ctx := httptrace.WithClientTrace(s.Context(), &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) {
		mu.Lock()
		seen = append(seen, info.Reused)
		mu.Unlock()
	}})
	for range 2 {
		if err := get(t, client, ctx, srv.URL); err != nil {
			t.Fatal(err)
		}
	}
	if len(seen) != 2 || seen[0] || !seen[1] {
		t.Errorf("the request's own hook saw %v; want a new then a reused connection", seen)
	}
	if got := s.Counts(); got.Requests != 2 || got.NewConns != 1 || got.ReusedConns != 1 {
		t.Errorf("counted %+v", got)
	}
}

// TestTransportConcurrent sends requests from many goroutines in nested
// scopes, for the race detector; the counts add up exactly.
func TestTransportConcurrent(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	base := &http.Transport{MaxIdleConnsPerHost: 8}
	defer base.CloseIdleConnections()
	client := &http.Client{Transport: Transport(base)}
	root := NewScope(context.Background())
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			s := NewScope(root.Context())
			for range 25 {
				if err := get(t, client, s.Context(), srv.URL); err != nil {
					t.Error(err)
					return
				}
			}
			if got := s.Counts(); got.Requests != 25 || got.NewConns+got.ReusedConns != 25 {
				t.Errorf("a scope counted %+v", got)
			}
		})
	}
	wg.Wait()
	if got := root.Counts(); got.Requests != 200 || got.NewConns+got.ReusedConns != 200 || got.NewConns > 8+8 {
		t.Errorf("the root scope counted %+v", got)
	}
}
