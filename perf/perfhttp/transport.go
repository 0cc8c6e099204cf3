package perfhttp

import (
	"crypto/tls"
	"net/http"
	"net/http/httptrace"
	"sync"
	"sync/atomic"
)

// Counts counts outbound requests and what it took to send them.
type Counts struct {
	// Requests is the number of round trips: each request the Transport
	// was given, so each hop of a redirect, and a retry by the caller,
	// count once.
	Requests int64
	// Errors is how many of them returned an error instead of a response.
	Errors int64
	// NewConns and ReusedConns say how the requests got a connection
	// (httptrace's GotConn): one newly dialled, or one kept alive.
	NewConns    int64
	ReusedConns int64
	// DNSLookups and TLSHandshakes count the lookups and handshakes done
	// for the requests' new connections.
	DNSLookups    int64
	TLSHandshakes int64
}

// Sub returns c minus o: what was counted between two readings.
func (c Counts) Sub(o Counts) Counts {
	return Counts{
		Requests: c.Requests - o.Requests, Errors: c.Errors - o.Errors,
		NewConns: c.NewConns - o.NewConns, ReusedConns: c.ReusedConns - o.ReusedConns,
		DNSLookups: c.DNSLookups - o.DNSLookups, TLSHandshakes: c.TLSHandshakes - o.TLSHandshakes,
	}
}

// counter holds Counts that goroutines add to at once.
type counter struct {
	requests, errors, newConns, reusedConns, dns, tls atomic.Int64
}

func (c *counter) load() Counts {
	return Counts{
		Requests: c.requests.Load(), Errors: c.errors.Load(),
		NewConns: c.newConns.Load(), ReusedConns: c.reusedConns.Load(),
		DNSLookups: c.dns.Load(), TLSHandshakes: c.tls.Load(),
	}
}

// total counts every request of every Transport in the process.
var total counter

// Total returns what every Transport of the process counted so far. It
// only grows: take the difference of two readings (Counts.Sub), as
// BenchRequests does.
func Total() Counts { return total.load() }

// Transport returns a RoundTripper that counts the requests it sends
// through next (http.DefaultTransport when nil): in the whole process
// (Total) and in the Scope the request's context carries, with how each
// got its connection (net/http/httptrace: new or reused, DNS lookups, TLS
// handshakes).
//
//	client := &http.Client{Transport: perfhttp.Transport(nil)}
//
// It passes the request on with a context that carries its trace hooks,
// composed with any httptrace.ClientTrace the request already has. Wrap a
// transport once: a request seen by two of them counts twice.
func Transport(next http.RoundTripper) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return &transport{next: next}
}

type transport struct {
	next http.RoundTripper
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	s := ScopeFrom(ctx)
	total.requests.Add(1)
	for in := s; in != nil; in = in.parent {
		in.addRequest(req.URL.Host)
	}
	trace := s.trace()
	if httptrace.ContextClientTrace(ctx) != nil {
		// WithClientTrace composes the request's trace into ours by
		// changing ours: it needs one of its own.
		trace = newTrace(s)
	}
	resp, err := t.next.RoundTrip(req.WithContext(httptrace.WithClientTrace(ctx, trace)))
	if err != nil {
		total.errors.Add(1)
		for in := s; in != nil; in = in.parent {
			in.counts.errors.Add(1)
		}
	}
	return resp, err
}

// newTrace returns the hooks that count connections in the process and in
// s and its enclosing scopes.
func newTrace(s *Scope) *httptrace.ClientTrace {
	return &httptrace.ClientTrace{
		GotConn: func(info httptrace.GotConnInfo) {
			for c := range counters(s) {
				if info.Reused {
					c.reusedConns.Add(1)
				} else {
					c.newConns.Add(1)
				}
			}
		},
		DNSDone: func(httptrace.DNSDoneInfo) {
			for c := range counters(s) {
				c.dns.Add(1)
			}
		},
		TLSHandshakeDone: func(tls.ConnectionState, error) {
			for c := range counters(s) {
				c.tls.Add(1)
			}
		},
	}
}

// counters yields the process's counter and those of s and its enclosing
// scopes.
func counters(s *Scope) func(yield func(*counter) bool) {
	return func(yield func(*counter) bool) {
		if !yield(&total) {
			return
		}
		for in := s; in != nil; in = in.parent {
			if !yield(&in.counts) {
				return
			}
		}
	}
}

// processTrace is the trace of requests without a scope, made once.
var processTrace = sync.OnceValue(func() *httptrace.ClientTrace { return newTrace(nil) })
