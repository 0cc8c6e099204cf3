package analysis

import (
	"go/ast"
	"go/token"
	"go/types"
)

// A walker computes the cost of one function body (a declaration's or a
// closure's) statement by statement: sequential statements take the
// larger cost, a loop multiplies its body's cost by its trip, a call adds
// the callee's cost as seen from the call's arguments.
type walker struct {
	e *env
	// self is the declared function whose body this is, for recursion;
	// nil in a closure.
	self  *types.Func
	loops []frame
	// selfCalls are the calls of self found in its body.
	selfCalls []*selfCall
	// targets are the enclosing statements a break can leave (loops,
	// switches, selects); exits the costs of branches that leave loops.
	targets []breakTarget
	exits   []exit
}

type breakTarget struct {
	loop  bool
	label string
	depth int // for a loop, its index in loops
}

// An exit is the cost of a branch that ends by leaving the loops from
// depth on (a return leaves them all: depth 0). It runs at most once per
// iteration of the loops outside them, not once per trip of those it
// leaves: "if x == target { return process(xs) }" costs process once.
type exit struct {
	depth int
	c     cost
}

// A selfCall is a direct recursive call and the loops around it.
type selfCall struct {
	call  *ast.CallExpr
	loops []frame
}

func (w *walker) stmts(list []ast.Stmt) cost {
	var c cost
	for _, s := range list {
		c = seq(c, w.stmt(s, ""))
	}
	return c
}

func (w *walker) stmt(s ast.Stmt, label string) cost {
	switch s := s.(type) {
	case nil:
		return nil
	case *ast.LabeledStmt:
		return w.stmt(s.Stmt, s.Label.Name)
	case *ast.BlockStmt:
		return w.stmts(s.List)
	case *ast.ForStmt:
		return w.forStmt(s, label)
	case *ast.RangeStmt:
		return w.rangeStmt(s, label)
	case *ast.IfStmt:
		if d, ok := w.lazy(s); ok {
			// The body runs once per trip of the loops outside the
			// variable it sets up: an exit of the loops inside.
			w.exits = append(w.exits, exit{depth: d, c: w.stmts(s.Body.List)})
			return seq(w.stmt(s.Init, ""), w.expr(s.Cond))
		}
		c := seq(w.stmt(s.Init, ""), w.expr(s.Cond), w.branch(s.Body.List))
		switch e := s.Else.(type) {
		case *ast.BlockStmt:
			c = seq(c, w.branch(e.List))
		case *ast.IfStmt:
			c = seq(c, w.stmt(e, ""))
		}
		return c
	case *ast.SwitchStmt:
		c := seq(w.stmt(s.Init, ""), w.expr(s.Tag))
		w.targets = append(w.targets, breakTarget{label: label})
		for _, cc := range s.Body.List {
			cc := cc.(*ast.CaseClause)
			for _, x := range cc.List {
				c = seq(c, w.expr(x))
			}
			c = seq(c, w.branch(cc.Body))
		}
		w.targets = w.targets[:len(w.targets)-1]
		return c
	case *ast.TypeSwitchStmt:
		c := seq(w.stmt(s.Init, ""), w.stmt(s.Assign, ""))
		w.targets = append(w.targets, breakTarget{label: label})
		for _, cc := range s.Body.List {
			c = seq(c, w.branch(cc.(*ast.CaseClause).Body))
		}
		w.targets = w.targets[:len(w.targets)-1]
		return c
	case *ast.SelectStmt:
		var c cost
		w.targets = append(w.targets, breakTarget{label: label})
		for _, cc := range s.Body.List {
			cc := cc.(*ast.CommClause)
			c = seq(c, w.stmt(cc.Comm, ""), w.branch(cc.Body))
		}
		w.targets = w.targets[:len(w.targets)-1]
		return c
	case *ast.GoStmt:
		return w.expr(s.Call)
	case *ast.DeferStmt:
		return w.expr(s.Call)
	}
	// Simple statements: the cost of the calls in their expressions.
	var c cost
	ast.Inspect(s, func(n ast.Node) bool {
		if x, ok := n.(ast.Expr); ok {
			c = seq(c, w.expr(x))
			return false
		}
		return true
	})
	return c
}

// branch is the cost of a branch's statements, or nothing when the
// branch ends by leaving a loop: its cost is then an exit of that loop.
func (w *walker) branch(list []ast.Stmt) cost {
	c := w.stmts(list)
	if len(w.loops) == 0 || len(list) == 0 || len(c) == 0 {
		return c
	}
	if d, ok := w.leaves(list[len(list)-1]); ok {
		w.exits = append(w.exits, exit{depth: d, c: c})
		return nil
	}
	return c
}

// lazy reports whether s sets a variable up on first use inside loops
// (if b == nil { b = make(...); copy(b, s[:i]) }, if !done { done = true;
// ... }), and the depth of the loops outside the variable's declaration.
// The condition must test the variable (v == x, v != x is not a set-up,
// !v), the body must assign it, and nothing else in the loops may.
func (w *walker) lazy(s *ast.IfStmt) (int, bool) {
	if s.Else != nil || s.Init != nil || len(w.loops) == 0 {
		return 0, false
	}
	for _, c := range conjuncts(s.Cond) {
		if d, ok := w.lazyOn(s, c); ok {
			return d, true
		}
	}
	return 0, false
}

func (w *walker) lazyOn(s *ast.IfStmt, cond ast.Expr) (int, bool) {
	var id *ast.Ident
	sentinel := "false" // what makes the condition true again
	switch cond := cond.(type) {
	case *ast.BinaryExpr:
		if cond.Op == token.EQL {
			id, _ = ast.Unparen(cond.X).(*ast.Ident)
			sentinel = exprName(cond.Y)
		}
	case *ast.UnaryExpr:
		if cond.Op == token.NOT {
			id, _ = ast.Unparen(cond.X).(*ast.Ident)
		}
	}
	if id == nil {
		return 0, false
	}
	obj, ok := w.e.c.objOf(id).(*types.Var)
	if !ok || w.e.roots[obj] {
		return 0, false
	}
	depth := 0
	for _, f := range w.loops {
		if f.stmt.Pos() <= obj.Pos() && obj.Pos() < f.stmt.End() {
			depth++
		}
	}
	if depth == len(w.loops) {
		return 0, false // declared in the innermost loop: set up each trip
	}
	inBody, reset := false, false
	ast.Inspect(w.loops[depth].stmt, func(n ast.Node) bool {
		a, ok := n.(*ast.AssignStmt)
		if !ok {
			return true
		}
		for i, l := range a.Lhs {
			if lid, ok := ast.Unparen(l).(*ast.Ident); ok && w.e.c.objOf(lid) == obj {
				switch {
				case s.Body.Pos() <= a.Pos() && a.End() <= s.Body.End():
					inBody = true
				case len(a.Lhs) != len(a.Rhs) || exprName(a.Rhs[i]) == sentinel:
					reset = true
				}
			}
		}
		return true
	})
	return depth, inBody && !reset
}

// leaves reports whether st leaves loops, and from which depth on.
func (w *walker) leaves(st ast.Stmt) (int, bool) {
	switch st := st.(type) {
	case *ast.ReturnStmt:
		return 0, true
	case *ast.ExprStmt:
		if call, ok := st.X.(*ast.CallExpr); ok && w.e.c.isBuiltin(call, "panic") {
			return 0, true
		}
	case *ast.BranchStmt:
		if st.Tok != token.BREAK || len(w.targets) == 0 {
			return 0, false
		}
		t := w.targets[len(w.targets)-1]
		if st.Label != nil {
			found := false
			for i := len(w.targets) - 1; i >= 0 && !found; i-- {
				if w.targets[i].label == st.Label.Name {
					t, found = w.targets[i], true
				}
			}
			if !found {
				return 0, false
			}
		}
		return t.depth, t.loop
	}
	return 0, false
}

// takeExits removes and returns the exits from depth on.
func (w *walker) takeExits(depth int) cost {
	var c cost
	kept := w.exits[:0]
	for _, x := range w.exits {
		if x.depth >= depth {
			c = seq(c, x.c)
		} else {
			kept = append(kept, x)
		}
	}
	w.exits = kept
	return c
}

// expr is the cost of the calls in x. A closure costs nothing where it is
// written: it is charged where it runs (see call).
func (w *walker) expr(x ast.Expr) cost {
	if x == nil {
		return nil
	}
	var c cost
	ast.Inspect(x, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			c = seq(c, w.call(n))
		}
		return true
	})
	return c
}

func (w *walker) rangeStmt(s *ast.RangeStmt, label string) cost {
	t := w.e.rangeTrip(s)
	if t != nil && w.e.stopsEarly(s.Body, label) {
		t = nil
	}
	return seq(w.expr(s.X), w.loop(s, label, t, nil, func() cost { return w.body(s.Body.List) }))
}

// body is the cost of one trip of a loop's body. When the body ends by
// leaving the loop, the statements after the last one that can continue
// it run at most once: they are an exit, not a per-trip cost (strings.Map
// skips unchanged runes, then copies once and breaks).
func (w *walker) body(list []ast.Stmt) cost {
	if len(list) == 0 {
		return nil
	}
	d, ok := w.leaves(list[len(list)-1])
	if !ok {
		return w.stmts(list)
	}
	label := w.targets[len(w.targets)-1].label
	k := -1
	for i, st := range list {
		if hasContinue(&ast.BlockStmt{List: []ast.Stmt{st}}, label) {
			k = i
		}
	}
	per := w.stmts(list[:k+1])
	w.exits = append(w.exits, exit{depth: d, c: w.stmts(list[k+1:])})
	return per
}

func (w *walker) forStmt(s *ast.ForStmt, label string) cost {
	t := w.e.forTrip(s, w.loops)
	if t != nil && w.e.stopsEarly(s.Body, label) {
		t = nil
	}
	init := w.stmt(s.Init, "")
	return seq(init, w.loop(s, label, t, counters(w.e.c, s), func() cost {
		return seq(w.expr(s.Cond), w.stmt(s.Post, ""), w.body(s.Body.List))
	}))
}

// loop is the cost of a loop with trip t (nil: constant) around body,
// plus once the branches that break out of it.
func (w *walker) loop(s ast.Stmt, label string, t *trip, ctrs []types.Object, body func() cost) cost {
	f := frame{stmt: s, trip: t, counters: ctrs}
	depth := len(w.loops)
	w.loops = append(w.loops, f)
	w.targets = append(w.targets, breakTarget{loop: true, label: label, depth: depth})
	b := body()
	w.targets = w.targets[:len(w.targets)-1]
	w.loops = w.loops[:len(w.loops)-1]
	once := w.takeExits(depth)
	if t == nil {
		return seq(b, once)
	}
	p := power{deg: 1}
	if t.log {
		p = power{log: 1}
	}
	tr := term{
		pow:    map[*dim]power{t.d: p},
		steps:  []step{{kind: stepLoop, name: t.name, log: t.log}},
		anchor: s.Pos(),
	}
	return seq(mul(tr, b), once)
}

// call is the cost of one call (its arguments are costed by expr, which
// reaches them too):
//   - a function or method declared in the package: its own cost, with
//     its parameters' sizes replaced by the arguments' (an argument not
//     traced to the input makes that part constant);
//   - a closure, called where it is written or through a local variable:
//     its body's cost the same way;
//   - a standard library function of the library table: its cost in the
//     size of its argument;
//   - anything else (other packages, interfaces, function values): O(1).
//
// A closure passed as an argument runs as often as the library table
// says the callee calls it, and once for any other callee.
func (w *walker) call(call *ast.CallExpr) cost {
	c := w.e.c
	fun := ast.Unparen(call.Fun)
	if tv, ok := c.info.Types[fun]; ok && tv.IsType() {
		return nil
	}
	var own cost
	lib := libFunc{Size: -1, Callback: -1}
	switch {
	case isLit(fun):
		own = w.litCall(fun.(*ast.FuncLit), call)
	case c.isBuiltin(call, "append") && call.Ellipsis.IsValid() && len(call.Args) == 2:
		own = w.libCost("append", call.Args[1], gLinear, call.Pos())
	case c.isBuiltin(call, "copy") && len(call.Args) == 2:
		own = w.libCost("copy", call.Args[1], gLinear, call.Pos())
	default:
		if fn := c.callee(call); fn != nil {
			switch {
			case w.self != nil && fn == w.self:
				w.selfCalls = append(w.selfCalls, &selfCall{call: call, loops: append([]frame(nil), w.loops...)})
			case c.decls[fn] != nil:
				own = w.declCall(fn, call)
			default:
				if l, ok := library[funcKey(fn)]; ok {
					lib = l
					if l.Size < len(call.Args) {
						own = w.libCost(fn.Pkg().Name()+"."+fn.Name(), call.Args[l.Size], l.Cost, call.Pos())
					}
				}
			}
		} else if id, ok := fun.(*ast.Ident); ok {
			for _, lit := range w.e.lits[c.objOf(id)] {
				own = seq(own, w.litCall(lit, call))
			}
		}
	}
	// Closures passed as arguments run inside the call.
	for i, a := range call.Args {
		var lits []*ast.FuncLit
		switch a := ast.Unparen(a).(type) {
		case *ast.FuncLit:
			lits = []*ast.FuncLit{a}
		case *ast.Ident:
			lits = w.e.lits[c.objOf(a)]
		}
		for _, lit := range lits {
			lc := w.litCost(lit, nil, nil)
			if i == lib.Callback && lib.Size < len(call.Args) && len(lc) > 0 {
				if d := w.e.size(call.Args[lib.Size]); d != nil && lib.Calls != gConst {
					t := term{pow: map[*dim]power{d: lib.Calls.power()}, anchor: call.Pos()}
					est, _ := t.estimate()
					fn := c.callee(call)
					t.steps = []step{{kind: stepCallback, name: fn.Pkg().Name() + "." + fn.Name(), arg: exprName(call.Args[lib.Size]), est: est}}
					lc = mul(t, lc)
				}
			}
			own = seq(own, lc)
		}
	}
	return own
}

func isLit(x ast.Expr) bool {
	_, ok := x.(*ast.FuncLit)
	return ok
}

// libCost is the cost of a library call that is g in the size of arg.
func (w *walker) libCost(name string, arg ast.Expr, g growth, pos token.Pos) cost {
	d := w.e.size(arg)
	if d == nil || g == gConst {
		return nil
	}
	t := term{pow: map[*dim]power{d: g.power()}, anchor: pos}
	est, _ := t.estimate()
	t.steps = []step{{kind: stepLib, name: name, arg: exprName(arg), est: est}}
	return cost{t}
}

// declCall is the cost of a call to a function declared in the package.
func (w *walker) declCall(fn *types.Func, call *ast.CallExpr) cost {
	params, args := bind(w.e.c, fn, call)
	sub := w.subst(w.e.c.funcCost(fn), params, args)
	out := make(cost, 0, len(sub))
	for _, t := range sub {
		est, _ := t.estimate()
		t.steps = []step{{kind: stepCall, name: calleeName(fn), est: est}}
		t.anchor = call.Pos()
		out = append(out, t)
	}
	return prune(out)
}

// litCall is the cost of calling a closure with call's arguments.
func (w *walker) litCall(lit *ast.FuncLit, call *ast.CallExpr) cost {
	var params []types.Object
	for _, f := range lit.Type.Params.List {
		for _, n := range f.Names {
			params = append(params, w.e.c.objOf(n))
		}
	}
	return w.litCost(lit, params, call.Args)
}

// litCost is a closure's body cost with its parameters bound to args
// (nil args: the parameters are not traced to the input).
func (w *walker) litCost(lit *ast.FuncLit, params []types.Object, args []ast.Expr) cost {
	c := w.e.c
	memo, ok := c.litCost[lit]
	if ok && memo == nil {
		return nil // a closure that calls itself: not followed
	}
	if !ok {
		c.litCost[lit] = nil
		e := c.litEnv[lit]
		if e == nil {
			e = w.e
		}
		lw := &walker{e: e}
		body := seq(lw.stmts(lit.Body.List), lw.takeExits(0))
		c.litCost[lit] = &body
		memo = &body
	}
	if params == nil {
		for _, f := range lit.Type.Params.List {
			for _, n := range f.Names {
				params = append(params, c.objOf(n))
			}
		}
	}
	return w.subst(*memo, params, args)
}

// bind returns the parameters of fn (receiver first) and the arguments a
// call passes for them; a variadic parameter called without ... gets a
// nil argument (its length is the number of arguments written: constant).
func bind(c *checker, fn *types.Func, call *ast.CallExpr) ([]types.Object, []ast.Expr) {
	sig := fn.Type().(*types.Signature)
	var params []types.Object
	var args []ast.Expr
	if sig.Recv() != nil {
		params = append(params, sig.Recv())
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if s := c.info.Selections[sel]; s != nil && s.Kind() == types.MethodVal {
				args = append(args, sel.X)
			} else {
				// A method expression, T.M(x, ...): the receiver is the
				// first argument.
				args = append(args, nil)
				if len(call.Args) > 0 {
					args[0] = call.Args[0]
					call = &ast.CallExpr{Fun: call.Fun, Args: call.Args[1:], Ellipsis: call.Ellipsis}
				}
			}
		} else {
			args = append(args, nil)
		}
	}
	n := sig.Params().Len()
	for i := range n {
		params = append(params, sig.Params().At(i))
		switch {
		case sig.Variadic() && i == n-1:
			if call.Ellipsis.IsValid() && i < len(call.Args) {
				args = append(args, call.Args[i])
			} else {
				args = append(args, nil)
			}
		case i < len(call.Args):
			args = append(args, call.Args[i])
		default:
			args = append(args, nil)
		}
	}
	// f(g()) with g returning several values: not followed.
	if len(call.Args) == 1 && n > 1 {
		if _, ok := c.typeOf(call.Args[0]).(*types.Tuple); ok {
			for i := len(args) - n; i < len(args); i++ {
				args[i] = nil
			}
		}
	}
	return params, args
}

// subst rewrites a callee's cost in the caller's sizes: each dim rooted
// at one of params becomes the size of the matching argument (with the
// same field path), or is dropped when the argument is not traced to the
// caller's input.
func (w *walker) subst(c cost, params []types.Object, args []ast.Expr) cost {
	var out cost
	for _, t := range c {
		nt := term{pow: make(map[*dim]power, len(t.pow)), steps: t.steps, anchor: t.anchor}
		for _, d := range t.sortedDims() {
			p := t.pow[d]
			k := -1
			for i, q := range params {
				if q == d.root {
					k = i
					break
				}
			}
			if k < 0 {
				nt.pow[d] = nt.pow[d].add(p)
				continue
			}
			if k >= len(args) || args[k] == nil {
				continue
			}
			if nd := w.e.argDim(args[k], d); nd != nil {
				nt.pow[nd] = nt.pow[nd].add(p)
			}
		}
		out = append(out, nt)
	}
	return prune(out)
}

// argDim is the caller's dim for the callee's dim d, whose root gets arg.
func (e *env) argDim(arg ast.Expr, d *dim) *dim {
	if d.path == "" {
		if isInteger(d.typ) {
			return e.mag1(arg)
		}
		if cd := e.cdim(arg); cd != nil {
			return cd
		}
	}
	r, ok := e.ref(arg)
	if !ok {
		return nil
	}
	r.path += d.path
	r.name += d.path
	return e.c.intern(r, d.typ)
}

// funcCost is the cost of a declared function in the sizes of its own
// parameters, computed once. A call that closes a cycle of calls between
// functions (other than direct recursion) counts as O(1).
func (c *checker) funcCost(fn *types.Func) cost {
	if r := c.funcs[fn]; r != nil {
		return r.cost
	}
	decl := c.decls[fn]
	if decl == nil {
		return nil
	}
	r := &funcResult{}
	c.funcs[fn] = r
	w := &walker{e: c.env(decl), self: fn}
	body := seq(w.stmts(decl.Body.List), w.takeExits(0))
	r.cost = w.recursion(decl, body)
	return r.cost
}

func calleeName(fn *types.Func) string {
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		t := sig.Recv().Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			return n.Obj().Name() + "." + fn.Name()
		}
	}
	return fn.Name()
}
