package nested

// The second offending nest of a function is not reported: one hint per
// function, at the worst nest (the earliest among equals).
//
//perf:complexity max=O(n)
func TwoNests(xs []int) int {
	n := 0
	for _, a := range xs { // want `nested loops over xs \(depth 2\)`
		for _, b := range xs {
			n += a * b
		}
	}
	for _, a := range xs {
		for _, b := range xs {
			n -= a * b
		}
	}
	return n
}

// The deeper nest is reported, though it comes second.
//
//perf:complexity max=O(n)
func WorstNest(xs []int) int {
	n := 0
	for _, a := range xs {
		for _, b := range xs {
			n += a * b
		}
	}
	for _, a := range xs { // want `nested loops over xs \(depth 3\) suggest O\(n\^3\)`
		for _, b := range xs {
			for _, c := range xs {
				n -= a * b * c
			}
		}
	}
	return n
}

// A field of a parameter is input too.
type Config struct{ Items []string }

//perf:complexity max=O(n)
func Fields(cfg Config) int {
	n := 0
	for _, a := range cfg.Items { // want `nested loops over cfg.Items \(depth 2\)`
		for _, b := range cfg.Items {
			if a == b {
				n++
			}
		}
	}
	return n
}

// A local copy, a sub-slice and a make sized by the input are input too.
//
//perf:complexity max=O(n)
func Derived(xs []int) int {
	ys := append([]int(nil), xs...)
	zs := make([]bool, len(xs))
	n := 0
	for i := range ys[1:] { // want `nested loops over ys\[1:\] and zs \(depth 2\)`
		for j := range zs {
			n += i * j
		}
	}
	return n
}

// A break that leaves only the inner loop still runs per outer trip.
//
//perf:complexity max=O(n)
func BreakInner(xs []int) int {
	n := 0
	for _, a := range xs { // want `nested loops over xs \(depth 2\)`
		for _, b := range xs {
			if a == b {
				n++
				for range xs {
				}
				break
			}
		}
	}
	return n
}

// The rest after each element: a triangle, n^2/2.
//
//perf:complexity max=O(n)
func Rest(xs []int) int {
	n := 0
	for i := range xs { // want `nested loops over xs and xs\[i\+1:\] \(depth 2\)`
		for _, y := range xs[i+1:] {
			n += y
		}
	}
	return n
}

// A prefix up to the outer index: a triangle too.
//
//perf:complexity max=O(n)
func Prefix(xs []int) int {
	n := 0
	for i := range xs { // want `nested loops over xs and xs\[:i\] \(depth 2\)`
		for _, y := range xs[:i] {
			n += y
		}
	}
	return n
}
