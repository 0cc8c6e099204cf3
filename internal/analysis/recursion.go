package analysis

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// shrink is how a recursive call's argument relates to the parameter it
// is passed for.
type shrink int

const (
	shrinkNone  shrink = iota // the same, an element, a field: a walk down a structure
	shrinkSub                 // a part of unknown size (xs[:p], a derived slice)
	shrinkDec                 // smaller by a constant (n-1, xs[1:], i+1)
	shrinkHalve               // half (n/2, xs[:mid] with mid := len(xs)/2)
)

type classified struct {
	sc   *selfCall
	k    shrink
	d    *dim
	arg  string
	loop *frame // the outermost input loop around the call, if any
}

// recursion adds to a declaration's body cost (its self-calls counted as
// O(1)) what its direct recursion suggests, in four obvious shapes:
//   - a call on a smaller input inside a loop over the input
//     (permutations, subsets): O(2^n);
//   - two or more calls on n-1 (or n-2, xs[1:]) on one path through the
//     body (fib, hanoi): O(2^n);
//   - calls on halves: one (binary search) multiplies by log n, two
//     (merge sort) give n, n log n or the body's cost (master theorem);
//   - one call on n-1 per path: the body's cost times n.
//
// Anything else (calls on elements or fields: tree and list walks; on
// parts of unknown size: quicksort) adds nothing, and so does all of it
// when the function looks memoised: an early return guarded by a map or
// slice lookup (if v, ok := memo[k]; ok { return v }, if seen[v]).
func (w *walker) recursion(decl *ast.FuncDecl, body cost) cost {
	if len(w.selfCalls) == 0 || w.memoised(decl.Body) {
		return body
	}
	var calls []classified
	for _, sc := range w.selfCalls {
		cl := w.classify(sc)
		if cl.k == shrinkNone {
			continue
		}
		for i := range sc.loops {
			// A loop over the very size the call shrinks: permutations
			// loop over xs and recurse on the rest of xs.
			if t := sc.loops[i].trip; t != nil && !t.log && t.d.key == cl.d.key {
				cl.loop = &sc.loops[i]
				break
			}
		}
		calls = append(calls, cl)
	}
	for _, cl := range calls {
		if cl.loop != nil {
			return seq(body, cost{{
				pow:    map[*dim]power{cl.d: {exp: true}},
				steps:  []step{{kind: stepRec, name: fmt.Sprintf("a recursive call on %s inside a loop over %s", cl.arg, cl.loop.trip.name)}},
				anchor: cl.loop.stmt.Pos(),
			}})
		}
	}
	pick := func(k shrink) (map[*ast.CallExpr]bool, []classified) {
		set := map[*ast.CallExpr]bool{}
		var list []classified
		for _, cl := range calls {
			if cl.k == k {
				set[cl.sc.call] = true
				list = append(list, cl)
			}
		}
		return set, list
	}
	decSet, decs := pick(shrinkDec)
	nDec := w.pathCalls(decl.Body.List, decSet).max()
	if nDec >= 2 {
		var args []string
		for _, cl := range decs {
			args = append(args, cl.arg)
		}
		return seq(body, cost{{
			pow:    map[*dim]power{decs[0].d: {exp: true}},
			steps:  []step{{kind: stepRec, name: fmt.Sprintf("%s recursive calls per call (on %s)", count(nDec), strings.Join(dedupe(args), ", "))}},
			anchor: decs[0].sc.call.Pos(),
		}})
	}
	out := body
	halfSet, halves := pick(shrinkHalve)
	if nHalf := w.pathCalls(decl.Body.List, halfSet).max(); nHalf > 0 {
		_, we, _ := body.worst()
		d := halves[0].d
		levels := term{anchor: halves[0].sc.call.Pos()}
		switch {
		case nHalf == 1 && we.Degree == 0:
			levels.pow = map[*dim]power{d: {log: 1}}
			levels.steps = []step{{kind: stepRec, name: fmt.Sprintf("recursion on half of %s (log n levels)", d.name)}}
			out = seq(out, mul(levels, body))
		case nHalf >= 2 && we.Degree == 0:
			levels.pow = map[*dim]power{d: {deg: 1}}
			levels.steps = []step{{kind: stepRec, name: fmt.Sprintf("recursion on both halves of %s", d.name)}}
			out = seq(out, cost{levels})
		case nHalf >= 2 && we.Degree == 1:
			levels.pow = map[*dim]power{d: {log: 1}}
			levels.steps = []step{{kind: stepRec, name: fmt.Sprintf("recursion on both halves of %s (log n levels)", d.name)}}
			out = seq(out, mul(levels, body))
		}
	}
	if nDec == 1 {
		levels := term{
			pow:    map[*dim]power{decs[0].d: {deg: 1}},
			steps:  []step{{kind: stepRec, name: fmt.Sprintf("recursion on %s (n levels)", decs[0].arg)}},
			anchor: decs[0].sc.call.Pos(),
		}
		out = seq(out, mul(levels, body))
	}
	return out
}

// classify finds the strongest shrink among a self-call's arguments.
func (w *walker) classify(sc *selfCall) classified {
	c := w.e.c
	params, args := bind(c, w.self, sc.call)
	best := classified{sc: sc}
	for i, p := range params {
		if i >= len(args) || args[i] == nil {
			continue
		}
		k := w.shrinkOf(p, args[i])
		if k > best.k {
			best.k = k
			best.d = c.intern(ref{root: p}, p.Type())
			best.arg = exprName(args[i])
		}
	}
	return best
}

func (w *walker) shrinkOf(p types.Object, arg ast.Expr) shrink {
	c := w.e.c
	isP := func(x ast.Expr) bool {
		id, ok := ast.Unparen(x).(*ast.Ident)
		return ok && c.objOf(id) == p
	}
	arg = ast.Unparen(arg)
	if isInteger(p.Type()) {
		b, ok := arg.(*ast.BinaryExpr)
		switch {
		// n+1 is not a shrink: a depth counter or an index going up
		// is bounded by something else.
		case ok && isP(b.X) && c.isConst(b.Y) && b.Op == token.SUB:
			return shrinkDec
		case ok && isP(b.X) && (b.Op == token.QUO || b.Op == token.SHR):
			return shrinkHalve
		case !isP(arg) && w.e.halves(arg, 2) && mentionsHalvable(w.e, arg, p):
			return shrinkHalve
		}
		return shrinkNone
	}
	if !isCollection(p.Type()) {
		return shrinkNone
	}
	if s, ok := arg.(*ast.SliceExpr); ok && isP(s.X) {
		lo, hi := s.Low, s.High
		switch {
		case lo != nil && w.e.halves(lo, 2) || hi != nil && w.e.halves(hi, 2):
			return shrinkHalve
		case hi == nil && lo != nil && c.isConst(lo):
			return shrinkDec
		case lo == nil && hi != nil && isLenMinusConst(c, hi, p):
			return shrinkDec
		case lo != nil && hi != nil && !c.isConst(lo) && !c.isConst(hi):
			return shrinkNone // a window (a chunk of Karatsuba): not a shrink of the whole
		}
		return shrinkSub
	}
	pd := c.intern(ref{root: p}, p.Type())
	if !isP(arg) && w.e.cdim(arg) == pd {
		return shrinkSub
	}
	return shrinkNone
}

// mentionsHalvable reports whether a halving argument for the integer
// parameter p is computed from p or from locals (mid from lo and hi):
// not from some unrelated value.
func mentionsHalvable(e *env, arg ast.Expr, p types.Object) bool {
	found := false
	ast.Inspect(arg, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if obj := e.c.objOf(id); obj == p || e.defs[obj] != nil {
				found = true
			}
		}
		return !found
	})
	return found
}

func isLenMinusConst(c *checker, x ast.Expr, p types.Object) bool {
	b, ok := ast.Unparen(x).(*ast.BinaryExpr)
	if !ok || b.Op != token.SUB || !c.isConst(b.Y) {
		return false
	}
	call, ok := ast.Unparen(b.X).(*ast.CallExpr)
	if !ok || !c.isBuiltin(call, "len") || len(call.Args) != 1 {
		return false
	}
	id, ok := ast.Unparen(call.Args[0]).(*ast.Ident)
	return ok && c.objOf(id) == p
}

// memoised reports whether body returns early on a map or slice lookup
// that does not itself recurse: a memo table or a visited set.
func (w *walker) memoised(body *ast.BlockStmt) bool {
	c := w.e.c
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IfStmt:
			returns := false
			for _, s := range n.Body.List {
				if r, ok := s.(*ast.ReturnStmt); ok && !w.recurses(r) {
					returns = true
				}
			}
			if !returns {
				return true
			}
			lookup := func(x ast.Node) {
				if x == nil {
					return
				}
				ast.Inspect(x, func(m ast.Node) bool {
					if ix, ok := m.(*ast.IndexExpr); ok {
						switch core(c.typeOf(ix.X)).(type) {
						case *types.Map, *types.Slice:
							found = true
						}
					}
					return !found
				})
			}
			if n.Init != nil {
				lookup(n.Init)
			}
			lookup(n.Cond)
		}
		return true
	})
	return found
}

func (w *walker) recurses(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		for _, sc := range w.selfCalls {
			if m == sc.call {
				found = true
			}
		}
		return !found
	})
	return found
}

// paths counts calls along the paths through a statement list: the most
// on a path that goes on past it, and the most on one that returned.
type paths struct {
	cont, term int
	falls      bool // some path goes on past it
}

func (p paths) max() int { return max(p.cont, p.term) }

// pathCalls counts the calls of set on each path through list, taking
// the branches of if and switch apart. A call in a loop of a constant
// number of trips (two or more) counts twice.
func (w *walker) pathCalls(list []ast.Stmt, set map[*ast.CallExpr]bool) paths {
	in := func(n ast.Node) int {
		if n == nil {
			return 0
		}
		k := 0
		ast.Inspect(n, func(m ast.Node) bool {
			if _, ok := m.(*ast.FuncLit); ok {
				return false
			}
			if call, ok := m.(*ast.CallExpr); ok && set[call] {
				k++
			}
			return true
		})
		return k
	}
	var stmt func(s ast.Stmt) paths
	block := func(list []ast.Stmt) paths {
		p := paths{falls: true}
		for _, s := range list {
			if !p.falls {
				break
			}
			q := stmt(s)
			p = paths{cont: p.cont + q.cont, term: max(p.term, p.cont+q.term), falls: q.falls}
		}
		return p
	}
	branches := func(pre int, bs []paths, exhaustive bool) paths {
		out := paths{falls: !exhaustive}
		for _, b := range bs {
			if b.falls {
				out.cont = max(out.cont, b.cont)
				out.falls = true
			}
			out.term = max(out.term, b.term)
		}
		out.cont += pre
		out.term += pre
		return out
	}
	stmt = func(s ast.Stmt) paths {
		switch s := s.(type) {
		case *ast.ReturnStmt:
			return paths{term: in(s)}
		case *ast.BlockStmt:
			return block(s.List)
		case *ast.LabeledStmt:
			return stmt(s.Stmt)
		case *ast.IfStmt:
			pre := in(s.Init) + in(s.Cond)
			then := block(s.Body.List)
			els := paths{falls: true}
			if s.Else != nil {
				els = stmt(s.Else)
			}
			return branches(pre, []paths{then, els}, true)
		case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			var pre int
			var body *ast.BlockStmt
			switch s := s.(type) {
			case *ast.SwitchStmt:
				pre, body = in(s.Init)+in(s.Tag), s.Body
			case *ast.TypeSwitchStmt:
				pre, body = in(s.Init)+in(s.Assign), s.Body
			case *ast.SelectStmt:
				body = s.Body
			}
			var bs []paths
			hasDefault := false
			for _, cl := range body.List {
				switch cl := cl.(type) {
				case *ast.CaseClause:
					hasDefault = hasDefault || cl.List == nil
					bs = append(bs, block(cl.Body))
				case *ast.CommClause:
					hasDefault = hasDefault || cl.Comm == nil
					bs = append(bs, block(cl.Body))
				}
			}
			if _, ok := s.(*ast.SelectStmt); ok {
				hasDefault = true // a select runs one of its clauses
			}
			return branches(pre, bs, hasDefault)
		case *ast.ForStmt, *ast.RangeStmt:
			var body *ast.BlockStmt
			pre := 0
			switch s := s.(type) {
			case *ast.ForStmt:
				body, pre = s.Body, in(s.Init)+in(s.Cond)+in(s.Post)
			case *ast.RangeStmt:
				body, pre = s.Body, in(s.X)
			}
			b := block(body.List)
			k := b.max()
			if constTrips(w.e.c, s) >= 2 {
				k *= 2
			}
			return paths{cont: pre + k, term: pre + k, falls: true}
		case *ast.ExprStmt:
			if call, ok := s.X.(*ast.CallExpr); ok {
				if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "panic" {
					return paths{term: in(s)}
				}
			}
		}
		return paths{cont: in(s), falls: true}
	}
	return block(list)
}

func count(n int) string {
	switch n {
	case 2:
		return "two"
	case 3:
		return "three"
	}
	return fmt.Sprint(n)
}

func dedupe(ss []string) []string {
	var out []string
	for _, s := range ss {
		dup := false
		for _, o := range out {
			dup = dup || o == s
		}
		if !dup {
			out = append(out, s)
		}
	}
	return out
}
