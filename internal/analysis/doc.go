// Package analysis is choragen's static complexity check: a go/analysis
// Analyzer that reads each function's //perf:complexity bound, estimates
// the growth its structure suggests, and reports the function when the
// estimate is at least one polynomial degree above the bound, such as
// nested loops over one slice under max=O(n). Its findings are hints: when
// a benchmark measures the same contract, choragen's runtime fit decides
// the verdict.
//
// It runs three ways: Run (choragen perf:lint, and the engine's report
// hints), go vet -vettool=$(which choragen-vet) (cmd/choragen-vet), and as
// Analyzer in any go/analysis driver. docs/lint.md is the user's guide.
//
// # How a function is estimated
//
//  1. Inputs. A function's parameters and receiver are its inputs; so is
//     a field path of one (c.products, cfg.Items). A local is traced to an
//     input by a flow-insensitive pass over every assignment: a copy or a
//     slice of it (ps := products, xs[1:], xs[:i]), a conversion, append,
//     make sized by it, the library calls that keep a size
//     (strings.Fields, maps.Keys, slices.Clone...), an integer computed from
//     one (n := len(xs), i ranging over xs, mid := (lo+hi)/2), a slice or
//     map that a loop over the input appends or inserts into (seen =
//     append(seen, x)), unless the loop also empties it (a batch buffer).
//     Each input is a size; sizes of one collection type (two []int
//     parameters) are taken to be the same n; integers, strings and fields
//     are each their own size (rows and cols, s and sep, s.active and
//     s.pending are usually different).
//  2. Loops. A loop counts when its trips are traced to an input: a range
//     over an input collection, an integer input or len of one; a
//     three-clause or condition-only loop whose counter steps by a
//     constant towards an input bound (n trips) or halves or doubles (log n
//     trips; lo < hi with a midpoint is a bisection); a walk along a linked
//     list from an input (p = p.next); a work list that drops a constant
//     number of elements a trip (queue = queue[1:]). A loop does not count
//     when its trips are fixed (arrays, literals, constants, a bound a
//     constant away from the start: j < i+3), when its counter steps by a
//     variable amount (i += width), when it is an enclosing loop's cursor
//     (a tokenizer's inner loop on the same i), or when it stops after a
//     constant number of iterations (an unconditional break or return, or
//     if count >= K { break } on a counter it increments). Sequential
//     statements take the larger cost; a loop multiplies its body's.
//  3. Exits. A branch that ends by leaving a loop (return, panic, a break
//     of that loop) runs at most once per run of the loop, so its cost is
//     not multiplied by the loop's trips; nor is the tail of a body that
//     ends by leaving it, after its last continue. A branch that sets up a
//     variable on first use (if b == nil { b = make(...); copy(b, s) })
//     runs once per run of the loops outside the variable.
//  4. Calls. A call to a function or method of the same package costs
//     what that function costs, computed once and memoised, with each
//     parameter's size replaced by its argument's: contains(ys, x) inside a
//     loop over xs is n per trip when ys is an input, O(1) when it is a
//     literal or an element. Standard library functions that take a
//     collection cost what the library table says in the size of their
//     argument (sort.Slice n log n, slices.Contains n, sort.Search log n,
//     append(x, ys...) and copy n). Everything else costs O(1): functions
//     of other packages, interface methods, function values, and the
//     strings and bytes functions on one string (linear in a string's
//     length, which is rarely the n a benchmark varies).
//  5. Closures. A closure's loops count where it runs: where it is called
//     (at once, or through the local variable it is assigned to), with its
//     parameters bound to the call's arguments; as often as the library
//     table says the callee calls it when it is passed to a library function
//     (a sort.Slice less function runs n log n times); once when it is
//     passed to any other function or started with go or defer; not at all
//     when it is only returned or stored.
//  6. Recursion. Direct recursion in four obvious shapes: a call on a
//     smaller part of an input inside a loop over that input (permutations:
//     2^n); two or more calls on n-1 (or xs[1:]) on one path through the
//     body (fib, hanoi: 2^n); calls on halves (one: log n levels; two: n,
//     n log n or the body's cost, by the master theorem); one call on n-1
//     per path (n levels of the body's cost). A function that returns early
//     on a map or slice lookup is taken to be memoised, and its recursion
//     adds nothing; so do calls on elements and fields (tree walks) and on
//     parts of unknown size (quicksort).
//
// # What is reported
//
// A function is reported when its estimate's polynomial degree is above
// its bound's (O(1) and O(log n) have degree 0, O(n) and O(n log n) 1), or
// when it is exponential under a polynomial bound. Log factors alone never
// count: n log n under O(n) and log n under O(1) are not reported. One
// diagnostic per function, at the outermost loop (or call, or recursive
// call) of its worst nest, naming what the loops go over:
//
//	catalog.go:80:2: nested loops over products (depth 2) suggest O(n^2), above the declared O(n)
//
// A malformed directive is not this analyzer's business: it is skipped
// here, and reported by choragen with its position (package discover).
//
// # What it does not see
//
// The estimate is a worst case of the structure, conservative by design: a
// false alarm on honest code costs more trust than a miss, which the
// runtime fit catches. It does not follow calls to other packages,
// through interfaces or function values, or a cycle of calls between
// functions (the call closing it counts O(1)), nor a closure into itself.
// It does not trace a collection returned by a function of the package
// (only the function's cost), nor a work list that starts as a literal. A
// loop that scans until a data-dependent condition counts as running to
// its bound. testdata/src/misses lists these cases.
package analysis
