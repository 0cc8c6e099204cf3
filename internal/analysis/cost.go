package analysis

import (
	"go/token"
	"go/types"
	"slices"
)

// A dim is one input size: the length of a collection, or the value of an
// integer, reached from a parameter (or the receiver) through field
// selections: products, c.lower, n, cfg.Items. Dims are interned (one
// *dim per root and path), so that they can be map keys.
type dim struct {
	root types.Object // the parameter or receiver
	path string       // field selections from root: "", ".lower"
	name string       // as the source writes it, for messages
	typ  types.Type
	// key groups dims that are taken to be the same n: parameters of one
	// collection type (a, b []int) are. An integer or a string is only
	// itself, since two such parameters (rows, cols; s, sep) are usually
	// different sizes, and so is a field (s.active, s.pending).
	key string
}

// A power is how a cost grows in one dim: n^deg · log^log n, or 2^n.
type power struct {
	deg, log int
	exp      bool
}

func (p power) add(q power) power {
	return power{deg: p.deg + q.deg, log: p.log + q.log, exp: p.exp || q.exp}
}

// geq reports whether p grows at least as fast as q.
func (p power) geq(q power) bool {
	if p.exp != q.exp {
		return p.exp
	}
	if p.deg != q.deg {
		return p.deg > q.deg
	}
	return p.log >= q.log
}

// A term is one product of powers of dims, with the chain of constructs
// that produced it (for the message) and the position of the outermost
// one (where the diagnostic goes).
type term struct {
	pow    map[*dim]power
	steps  []step
	anchor token.Pos
}

// A cost is the maximum of its terms: each term is the cost along one
// path through the code. The empty cost is O(1).
type cost []term

// maxTerms bounds the terms kept in a cost; the largest survive.
const maxTerms = 16

// estimate is the term's growth in the one input size it grows fastest
// in (after grouping dims by key), and that size's name.
func (t term) estimate() (Estimate, string) {
	type group struct {
		p    power
		name string
	}
	groups := map[string]*group{}
	var order []string
	for _, d := range t.sortedDims() {
		g := groups[d.key]
		if g == nil {
			g = &group{name: d.name}
			groups[d.key] = g
			order = append(order, d.key)
		}
		g.p = g.p.add(t.pow[d])
	}
	var best Estimate
	var name string
	for _, k := range order {
		g := groups[k]
		e := Estimate{Degree: g.p.deg, Log: g.p.log, Exp: g.p.exp}
		if name == "" || best.less(e) {
			best, name = e, g.name
		}
	}
	return best, name
}

// sortedDims returns the term's dims in a deterministic order.
func (t term) sortedDims() []*dim {
	ds := make([]*dim, 0, len(t.pow))
	for d := range t.pow {
		ds = append(ds, d)
	}
	slices.SortFunc(ds, func(a, b *dim) int {
		if a.root.Pos() != b.root.Pos() {
			return int(a.root.Pos() - b.root.Pos())
		}
		if a.path < b.path {
			return -1
		}
		if a.path > b.path {
			return 1
		}
		return 0
	})
	return ds
}

// dominates reports whether t grows at least as fast as u in every dim.
func (t term) dominates(u term) bool {
	for d, p := range u.pow {
		q, ok := t.pow[d]
		if !ok || !q.geq(p) {
			return false
		}
	}
	return true
}

// worst returns the cost's largest term by estimate (the earliest anchor
// among equals) and whether there is one.
func (c cost) worst() (term, Estimate, bool) {
	var best term
	var bestE Estimate
	found := false
	for _, t := range c {
		e, _ := t.estimate()
		if !found || bestE.less(e) || !e.less(bestE) && t.anchor < best.anchor {
			best, bestE, found = t, e, true
		}
	}
	return best, bestE, found
}

// seq is the cost of running a and then b: the larger of the two.
func seq(costs ...cost) cost {
	var all cost
	for _, c := range costs {
		all = append(all, c...)
	}
	return prune(all)
}

// prune drops the terms that another term dominates (keeping the earlier
// of two equal ones), then keeps the maxTerms largest.
func prune(c cost) cost {
	var out cost
	for i, t := range c {
		if len(t.pow) == 0 {
			continue // O(1): the empty cost says it
		}
		dropped := false
		for j, u := range c {
			if i == j || len(u.pow) == 0 || !u.dominates(t) {
				continue
			}
			if !t.dominates(u) || j < i {
				dropped = true
				break
			}
		}
		if !dropped {
			out = append(out, t)
		}
	}
	if len(out) > maxTerms {
		slices.SortStableFunc(out, func(a, b term) int {
			ea, _ := a.estimate()
			eb, _ := b.estimate()
			switch {
			case eb.less(ea):
				return -1
			case ea.less(eb):
				return 1
			}
			return 0
		})
		out = out[:maxTerms]
	}
	return out
}

// mul is the cost of running body once for each of trip's iterations (or
// of a call whose own cost is trip, made for each of body's). The
// product's steps are trip's then body's, and its anchor is trip's.
func mul(trip term, body cost) cost {
	if len(body) == 0 {
		return cost{trip}
	}
	out := make(cost, 0, len(body))
	for _, b := range body {
		t := term{pow: make(map[*dim]power, len(trip.pow)+len(b.pow)), anchor: trip.anchor}
		for d, p := range trip.pow {
			t.pow[d] = p
		}
		for d, p := range b.pow {
			t.pow[d] = t.pow[d].add(p)
		}
		t.steps = append(slices.Clip(trip.steps), b.steps...)
		out = append(out, t)
	}
	return prune(out)
}
