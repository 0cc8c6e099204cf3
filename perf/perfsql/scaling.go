package perfsql

import (
	"context"
	"errors"
	"fmt"
)

// ScalingResult is what Scaling measured.
type ScalingResult struct {
	N         int // the smaller size; the larger is 2N
	Queries   int // statements run at N
	Queries2N int // statements run at 2N
	// Findings are the statements, by fingerprint and call stack, that ran
	// more often at 2N than at N, and more than once.
	Findings []Finding
	// Warnings say why the result may not mean what it seems, such as no
	// statement counted at all.
	Warnings []error
}

// Scales reports whether the number of statements grows with the data.
func (r ScalingResult) Scales() bool { return len(r.Findings) > 0 }

// ErrNothingCounted warns that Scaling counted no statement: run did not
// pass its context to a wrapped database.
var ErrNothingCounted = errors.New("perfsql: no statement was counted: does run pass its context to a database opened with perfsql?")

// Scaling finds N+1s that a small fixture hides. It calls setup(ctx, n) to
// make the data n rows large and runs run in a new scope, then does the same
// at 2n; the statements (by fingerprint and call stack) that ran more often
// at 2n, and more than once, grow with the data. A per-row loop runs its statement n times and
// 2n times and is found even at n = 1, where it runs once and the repeated
// rule cannot see it; a JOIN or an IN (…) batch runs once at both sizes. n
// below 1 means 1.
//
// setup must leave exactly the given number of rows (or whatever the data
// size is), replacing what an earlier call made; its statements are not
// counted. Caches in the code under test should be off or reset by setup,
// since a cache warmed at n changes the count at 2n.
func Scaling(ctx context.Context, n int, setup func(ctx context.Context, n int) error, run func(ctx context.Context) error) (ScalingResult, error) {
	n = max(n, 1)
	// Both sizes run from one call site: statements are told apart by their
	// whole call stack, which must be the same at n and 2n.
	var scopes [2]*Scope
	for i, size := range [2]int{n, 2 * n} {
		if err := setup(ctx, size); err != nil {
			return ScalingResult{}, fmt.Errorf("perfsql: setup n=%d: %w", size, err)
		}
		scopes[i] = NewScope(ctx)
		if err := run(scopes[i].Context()); err != nil {
			return ScalingResult{}, fmt.Errorf("perfsql: run n=%d: %w", size, err)
		}
	}
	small, large := scopes[0], scopes[1]
	res := ScalingResult{N: n, Queries: small.Queries(), Queries2N: large.Queries()}
	if res.Queries == 0 && res.Queries2N == 0 {
		res.Warnings = append(res.Warnings, ErrNothingCounted)
	}
	before := small.snapshot()
	for k, g := range large.snapshot() {
		// A statement that runs once at 2n is not a loop, even if it did
		// not run at n: an ORM may load one row with "= ?" and many with
		// "IN (…)", two fingerprints.
		if g.count <= before[k].count || g.count < 2 {
			continue
		}
		f := g.finding(SignalScaling)
		f.N, f.CountAtN = n, before[k].count
		res.Findings = append(res.Findings, f)
	}
	sortFindings(res.Findings)
	return res, nil
}
