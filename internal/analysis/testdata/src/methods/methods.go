// Package methods: receivers are input, and methods of the package are
// followed through calls.
package methods

type Set struct {
	items []string
	index map[string]int
}

//perf:complexity max=O(n)
func (s *Set) Dups() int {
	n := 0
	for _, a := range s.items { // want `nested loops over s.items \(depth 2\)`
		for _, b := range s.items {
			if a == b {
				n++
			}
		}
	}
	return n
}

func (s *Set) position(x string) int {
	for i, y := range s.items {
		if y == x {
			return i
		}
	}
	return -1
}

//perf:complexity max=O(n)
func (s *Set) Positions(xs []string) []int {
	var out []int
	for range s.items { // want `a loop over s.items with a call to Set.position \(O\(n\) per call\) suggests O\(n\^2\), above the declared O\(n\)`
		out = append(out, s.position("x"))
	}
	return out
}

// Lookup uses the map: O(1) per call.
func (s *Set) lookup(x string) int { return s.index[x] }

//perf:complexity max=O(n)
func (s *Set) Lookups() int {
	n := 0
	for _, x := range s.items {
		n += s.lookup(x)
	}
	return n
}

// Value receivers too.
type List []int

//perf:complexity max=O(n)
func (l List) Pairs() int {
	n := 0
	for _, a := range l { // want `nested loops over l \(depth 2\)`
		for _, b := range l {
			n += a * b
		}
	}
	return n
}

// A method called on an element, not on the receiver, costs in the
// element's size: not the input's.
type Group struct{ sets []*Set }

//perf:complexity max=O(n)
func (g *Group) Each() int {
	n := 0
	for _, s := range g.sets {
		n += s.position("x")
	}
	return n
}

// A method expression passes the receiver as the first argument.
//
//perf:complexity max=O(n)
func (s *Set) Expr() int {
	n := 0
	for range s.items { // want `a call to Set.position`
		n += (*Set).position(s, "x")
	}
	return n
}

// Calls through an interface are not followed.
type finder interface{ position(string) int }

//perf:complexity max=O(n)
func Iface(f finder, xs []string) int {
	n := 0
	for _, x := range xs {
		n += f.position(x)
	}
	return n
}
