// Package calls: calls to the package's own functions are followed, with
// each parameter's size replaced by its argument's.
package calls

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

//perf:complexity max=O(n)
func Filter(xs, ys []string) []string {
	var out []string
	for _, x := range xs { // want `a loop over xs with a call to contains \(O\(n\) per call\) suggests O\(n\^2\), above the declared O\(n\)`
		if contains(ys, x) {
			out = append(out, x)
		}
	}
	return out
}

// An argument not traced to the input (a literal, an element) makes the
// callee's loop constant here.
//
//perf:complexity max=O(n)
func Fixed(xs []string, groups [][]string) int {
	n := 0
	for i, x := range xs {
		if contains([]string{"a", "b"}, x) {
			n++
		}
		if contains(groups[i], x) {
			n++
		}
	}
	return n
}

func pairs(xs []int) int {
	n := 0
	for _, a := range xs {
		for _, b := range xs {
			n += a * b
		}
	}
	return n
}

func viaPairs(xs []int) int { return pairs(xs) + 1 }

// A chain of calls: Chain → viaPairs → pairs.
//
//perf:complexity max=O(n)
func Chain(xs []int) int {
	return viaPairs(xs) // want `a call to viaPairs \(O\(n\^2\) per call\) suggests O\(n\^2\), above the declared O\(n\)`
}

// An integer argument: count(len(xs)) loops len(xs) times.
func count(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += i
	}
	return s
}

//perf:complexity max=O(n)
func Counts(xs []int) int {
	s := 0
	for range xs { // want `a loop over xs with a call to count \(O\(n\) per call\)`
		s += count(len(xs))
	}
	for range xs {
		s += count(10)
	}
	return s
}

// A field path through the argument: total(b) loops over b.items.
type bag struct{ items []int }

func total(b *bag) int {
	s := 0
	for _, x := range b.items {
		s += x
	}
	return s
}

//perf:complexity max=O(n)
func Totals(b *bag) int {
	s := 0
	for range b.items { // want `a loop over b.items with a call to total`
		s += total(b)
	}
	return s
}

// Variadic: the arguments written are a constant number; xs... is xs.
func sum(xs ...int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

//perf:complexity max=O(n)
func Variadic(xs []int) int {
	s := 0
	for _, x := range xs {
		s += sum(x, x, x)
	}
	for range xs { // want `a call to sum`
		s += sum(xs...)
	}
	return s
}
