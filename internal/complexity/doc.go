// Package complexity judges how a benchmark's cost grows with its input size:
// it fits the classes O(1) … O(2^n) (metric.Class) to measurements taken at
// several sizes (the `n=` sub-benchmarks) and checks a declared bound,
// answering passed, failed or inconclusive.
//
// # Flow
//
//  1. [Check] (or [Fit], without a bound) takes one [Point] per size: the
//     size and its repetitions (time per op, or an exact counter such as
//     allocs/op or queries/op when [Options].Exact is set).
//  2. It refuses data that cannot decide (fewer than MinSizes sizes, a span
//     narrower than MinSpan, non-finite or impossible values) with an
//     inconclusive verdict that says what to add.
//  3. Each size is represented by its fastest repetition (interference only
//     adds time), with the gap to the second fastest as its uncertainty.
//     Growth is measured on log-log axes over the upper sizes (the smallest
//     third is overhead-dominated): the slope with its bootstrap interval,
//     and the slope of each segment between sizes at least 2× apart.
//  4. It fits every class as a + b·g(n) by least squares on log axes, ranks
//     them by AIC, and asks, as plasma-umass/bigO does, whether a class
//     worse than the bound fits significantly better (paired bootstrap,
//     Holm-corrected).
//  5. The bound fails only when both hold: a worse class fits significantly
//     better, and the growth exceeds the bound's exponent plus a tolerance
//     in every segment and overall, with confidence (and not unevenly, as a
//     regime change does). Caches make growth look steeper in some size
//     ranges (a map lookup over a map that outgrows L2); they do not make it
//     steeper everywhere, so a regime change never fails an honest bound on
//     its own. The bound passes when some segment grows within it, with
//     confidence; otherwise the data are too noisy and the verdict is
//     inconclusive.
//
// Exact counters are deterministic: the intervals collapse to points, zero
// counts are allowed (growth is read from log(1+count)), and a count that is
// exactly a + b·g(n) for some class (the finite-difference test, for any
// sizes) names its class outright.
//
// docs/complexity.md explains the method, the verdicts, how to choose sizes
// and the limits.
package complexity
