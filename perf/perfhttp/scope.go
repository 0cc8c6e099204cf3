package perfhttp

import (
	"context"
	"net/http/httptrace"
	"sort"
	"sync"
)

// A Scope counts the outbound requests sent with its context through a
// Transport: pass Scope.Context (or a context derived from it) to
// http.NewRequestWithContext. Scopes nest: a request counts in its scope
// and every enclosing one. A Scope is safe for concurrent use.
type Scope struct {
	ctx    context.Context
	parent *Scope
	counts counter

	traceOnce sync.Once
	tr        *httptrace.ClientTrace

	mu    sync.Mutex
	hosts map[string]int64
}

type scopeKey struct{}

// NewScope returns a new scope whose Context is derived from parent. If
// parent carries a scope already, the new one is nested in it.
func NewScope(parent context.Context) *Scope {
	s := &Scope{parent: ScopeFrom(parent)}
	s.ctx = context.WithValue(parent, scopeKey{}, s)
	return s
}

// ScopeFrom returns the innermost scope ctx carries, or nil.
func ScopeFrom(ctx context.Context) *Scope {
	s, _ := ctx.Value(scopeKey{}).(*Scope)
	return s
}

// Context returns the context that counts requests in s.
func (s *Scope) Context() context.Context { return s.ctx }

// Counts returns what s counted so far.
func (s *Scope) Counts() Counts { return s.counts.load() }

// HostCount is how many requests went to one host.
type HostCount struct {
	Host     string
	Requests int64
}

// Hosts returns the requests counted in s by host (as in the request's
// URL, with its port if it names one), the most requested first (then by
// host).
func (s *Scope) Hosts() []HostCount {
	s.mu.Lock()
	out := make([]HostCount, 0, len(s.hosts))
	for h, n := range s.hosts {
		out = append(out, HostCount{Host: h, Requests: n})
	}
	s.mu.Unlock()
	sort.Slice(out, func(i, j int) bool {
		if out[i].Requests != out[j].Requests {
			return out[i].Requests > out[j].Requests
		}
		return out[i].Host < out[j].Host
	})
	return out
}

func (s *Scope) addRequest(host string) {
	s.counts.requests.Add(1)
	s.mu.Lock()
	if s.hosts == nil {
		s.hosts = make(map[string]int64)
	}
	s.hosts[host]++
	s.mu.Unlock()
}

// trace returns the trace hooks of requests in s, made once per scope;
// the process's own for a nil s.
func (s *Scope) trace() *httptrace.ClientTrace {
	if s == nil {
		return processTrace()
	}
	s.traceOnce.Do(func() { s.tr = newTrace(s) })
	return s.tr
}
