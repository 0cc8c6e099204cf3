package perf

import "context"

// Wrap returns f measured by c: every call goes through the contract, with
// the context BeginContext gives it (cancelled at the latency maximum when
// a Latency limit is enforced). It is Go's form of a decorator:
//
//	var FetchUser = perf.Wrap(fetchUserContract, fetchUser)
//
// Other shapes of function are measured with Do or with the defer form,
// Contract.Begin. Wrap returns f itself when c is nil.
func Wrap[A, R any](c *Contract, f func(context.Context, A) (R, error)) func(context.Context, A) (R, error) {
	if c == nil {
		return f
	}
	return func(ctx context.Context, a A) (R, error) {
		if c.enforce > 0 {
			ctx, call := c.BeginContext(ctx)
			defer call.End() // cancels the context even if f panics
			return f(ctx, a)
		}
		call := c.begin(ctx)
		r, err := f(ctx, a)
		call.End()
		return r, err
	}
}

// Do calls f once, measured by c, with the context BeginContext gives it,
// and returns f's error. It fits any shape of function through a closure:
//
//	err := perf.Do(ctx, c, func(ctx context.Context) error {
//		n, err = store.Count(ctx, filter)
//		return err
//	})
//
// With a nil c it just calls f.
func Do(ctx context.Context, c *Contract, f func(context.Context) error) error {
	if c == nil {
		return f(ctx)
	}
	if c.enforce > 0 {
		ctx, call := c.BeginContext(ctx)
		defer call.End()
		return f(ctx)
	}
	call := c.begin(ctx)
	err := f(ctx)
	call.End()
	return err
}
