package perfsql

import (
	"context"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// A Scope counts the statements executed with its context: pass
// Scope.Context (or a context derived from it) to database/sql, or to an ORM
// that passes it on, and each statement a wrapped database executes with
// it is counted, with its fingerprint and call stack. A transaction begun
// with the scope's context counts its statements in the scope even when
// they run without a context. Scopes nest: a statement counts in its scope
// and every enclosing one. A Scope is safe for concurrent use.
type Scope struct {
	ctx    context.Context
	parent *Scope

	// last is the group of the latest statement: a loop repeats it, and
	// counts without the lock or the map.
	last atomic.Pointer[group]

	mu     sync.Mutex
	groups map[groupKey]*group // under mu; counts are atomic
}

// groupKey identifies the statements of one fingerprint run from one call
// stack.
type groupKey struct {
	fp    uint64
	stack uint64
}

// group counts the statements of one groupKey.
type group struct {
	key     groupKey
	fp      *fingerprint
	stack   []uintptr
	example string // the first statement text seen
	cfg     *config
	count   atomic.Int64
}

type scopeKey struct{}

// NewScope returns a new scope whose Context is derived from parent. If
// parent carries a scope already, the new one is nested in it.
func NewScope(parent context.Context) *Scope {
	s := &Scope{parent: ScopeFrom(parent)}
	s.ctx = context.WithValue(parent, scopeKey{}, s)
	return s
}

// WithScope returns a context carrying a new scope; ScopeFrom returns it.
func WithScope(parent context.Context) context.Context {
	return NewScope(parent).ctx
}

// ScopeFrom returns the innermost scope ctx carries, or nil.
func ScopeFrom(ctx context.Context) *Scope {
	return scopeFrom(ctx)
}

func scopeFrom(ctx context.Context) *Scope {
	s, _ := ctx.Value(scopeKey{}).(*Scope)
	return s
}

// Context returns the context that counts statements in s.
func (s *Scope) Context() context.Context { return s.ctx }

// Queries returns the number of statements counted in s: executions, not
// Prepare; not transaction control (BEGIN, COMMIT, ROLLBACK, SAVEPOINT,
// RELEASE), pings, or attempts the driver declined (driver.ErrSkip,
// driver.ErrBadConn). A statement that failed or panicked in the driver
// counts.
func (s *Scope) Queries() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, g := range s.groups {
		n += int(g.count.Load())
	}
	return n
}

// Reset forgets what s counted. Statements that run during the Reset may be
// counted or not.
func (s *Scope) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.last.Store(nil)
	clear(s.groups)
}

// FingerprintCount is how many times statements of one fingerprint ran.
type FingerprintCount struct {
	Fingerprint string
	Count       int
}

// Fingerprints returns the statements counted in s by fingerprint, the most
// frequent first (then by fingerprint).
func (s *Scope) Fingerprints() []FingerprintCount {
	byText := make(map[string]int)
	for _, g := range s.snapshot() {
		byText[g.fp.text] += g.count
	}
	out := make([]FingerprintCount, 0, len(byText))
	for t, n := range byText {
		out = append(out, FingerprintCount{Fingerprint: t, Count: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Fingerprint < out[j].Fingerprint
	})
	return out
}

// add counts one statement. pcs is copied only when the group is new.
func (s *Scope) add(key groupKey, fp *fingerprint, pcs []uintptr, query string, cfg *config) {
	if g := s.last.Load(); g != nil && g.key == key {
		g.count.Add(1)
		return
	}
	s.mu.Lock()
	g := s.groups[key]
	if g == nil {
		g = newGroup(key, fp, pcs, query, cfg)
		if s.groups == nil {
			s.groups = make(map[groupKey]*group)
		}
		s.groups[key] = g
	}
	g.count.Add(1)
	s.last.Store(g)
	s.mu.Unlock()
}

// maxExample bounds the statement text a group keeps as its example.
const maxExample = 1024

func newGroup(key groupKey, fp *fingerprint, pcs []uintptr, query string, cfg *config) *group {
	if len(query) > maxExample {
		query = query[:maxExample] + "…"
	}
	return &group{key: key, fp: fp, stack: append([]uintptr(nil), pcs...), example: strings.Clone(query), cfg: cfg}
}

// remove takes back one statement that add counted.
func (s *Scope) remove(key groupKey) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if g := s.groups[key]; g != nil && g.count.Load() > 0 {
		g.count.Add(-1)
	}
}

// counted is a group's state at one moment, for reports made without the
// lock.
type counted struct {
	fp      *fingerprint
	stack   []uintptr
	example string
	cfg     *config
	count   int
}

// snapshot returns the groups with a count.
func (s *Scope) snapshot() map[groupKey]counted {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[groupKey]counted, len(s.groups))
	for k, g := range s.groups {
		if n := int(g.count.Load()); n > 0 {
			out[k] = counted{fp: g.fp, stack: g.stack, example: g.example, cfg: g.cfg, count: n}
		}
	}
	return out
}
