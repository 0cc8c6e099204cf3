package analysis

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"
)

// A trip is how many times a loop runs when that grows with the input:
// as large as d (or log d for a loop that halves or doubles its counter).
// A loop whose trips are not traced to the input has no trip (nil): it
// counts as a constant.
type trip struct {
	d    *dim
	log  bool
	name string // what the loop goes over, as written: "products", "n"
}

// A frame is one enclosing loop: its trip and the variables it steps.
type frame struct {
	stmt     ast.Stmt
	trip     *trip
	counters []types.Object
}

// rangeTrip is the trip of a range loop: one per element of a collection
// traced to the input, or up to an integer traced to it. Arrays, literals
// and constants are fixed.
func (e *env) rangeTrip(s *ast.RangeStmt) *trip {
	if s.X == nil {
		return nil
	}
	t := e.c.typeOf(s.X)
	if fixedLen(t) {
		return nil
	}
	var d *dim
	if isInteger(t) {
		d = e.mag1(s.X)
	} else {
		d = e.cdim(s.X)
	}
	if d == nil {
		return nil
	}
	if isInteger(t) {
		return &trip{d: d, name: e.boundName(s.X, d)}
	}
	return &trip{d: d, name: exprName(s.X)}
}

// tripKind is what one conjunct of a loop condition says.
type tripKind int

const (
	tripUnknown tripKind = iota // says nothing: not counted
	tripConst                   // bounds the loop by a constant
	tripInput                   // bounds it by an input size
)

// forTrip is the trip of a three-clause or condition-only loop. Each
// conjunct of the condition is read on its own and the smallest wins: a
// constant bound (j < i+3, count < 10) makes the loop constant, a loop
// whose counter an enclosing loop also steps (a shared cursor, as in a
// tokenizer) is not counted, a counter that halves or doubles gives log n.
// A loop without a condition, or whose updates are not steps (i = j) is
// not counted.
func (e *env) forTrip(s *ast.ForStmt, outer []frame) *trip {
	if s.Cond == nil {
		return nil
	}
	upd := updates(e, s)
	var best *trip
	for _, c := range conjuncts(s.Cond) {
		t, k := e.conjTrip(c, s, upd, outer)
		switch k {
		case tripConst:
			return nil
		case tripInput:
			if best == nil || t.log && !best.log {
				best = t
			}
		}
	}
	return best
}

func conjuncts(x ast.Expr) []ast.Expr {
	if b, ok := ast.Unparen(x).(*ast.BinaryExpr); ok && b.Op == token.LAND {
		return append(conjuncts(b.X), conjuncts(b.Y)...)
	}
	return []ast.Expr{ast.Unparen(x)}
}

// step is how a loop updates a variable.
type stepKind int

const (
	stepInc stepKind = iota + 1
	stepDec
	stepHalve
	stepDouble
	stepJump // any other assignment: the loop's trips are not known
)

// updates collects how the loop's post statement and body update each
// variable (closures aside).
func updates(e *env, s *ast.ForStmt) map[types.Object]stepKind {
	upd := map[types.Object]stepKind{}
	add := func(id *ast.Ident, k stepKind) {
		obj := e.c.objOf(id)
		if obj == nil {
			return
		}
		prev, ok := upd[obj]
		switch {
		case !ok || prev == k:
			upd[obj] = k
		case prev == stepJump || k == stepJump:
			upd[obj] = stepJump
		case prev == stepHalve || k == stepHalve:
			upd[obj] = stepHalve // lo = mid+1 beside lo++: still a bisection
		default:
			upd[obj] = stepJump
		}
	}
	visit := func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IncDecStmt:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok {
				if n.Tok == token.INC {
					add(id, stepInc)
				} else {
					add(id, stepDec)
				}
			}
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE {
				return true
			}
			for i, l := range n.Lhs {
				id, ok := ast.Unparen(l).(*ast.Ident)
				if !ok {
					continue
				}
				var rhs ast.Expr
				if len(n.Rhs) == len(n.Lhs) {
					rhs = n.Rhs[i]
				}
				add(id, e.stepOf(id, n.Tok, rhs))
			}
		}
		return true
	}
	if s.Post != nil {
		ast.Inspect(s.Post, visit)
	}
	ast.Inspect(s.Body, visit)
	return upd
}

// stepOf classifies the update "id tok rhs".
func (e *env) stepOf(id *ast.Ident, tok token.Token, rhs ast.Expr) stepKind {
	if rhs == nil {
		return stepJump
	}
	// Steps by a variable amount (i += width, j -= i) are jumps: how many
	// trips they make is not known.
	k := e.c.isConst(rhs)
	switch tok {
	case token.ADD_ASSIGN:
		return pick(k, stepInc)
	case token.SUB_ASSIGN:
		return pick(k, stepDec)
	case token.QUO_ASSIGN, token.SHR_ASSIGN:
		return pick(k, stepHalve)
	case token.MUL_ASSIGN, token.SHL_ASSIGN:
		return pick(k, stepDouble)
	case token.ASSIGN:
	default:
		return stepJump
	}
	obj := e.c.objOf(id)
	if b, ok := ast.Unparen(rhs).(*ast.BinaryExpr); ok {
		self := func(x ast.Expr) bool {
			xid, ok := ast.Unparen(x).(*ast.Ident)
			return ok && e.c.objOf(xid) == obj
		}
		switch {
		case b.Op == token.ADD && (self(b.X) && e.c.isConst(b.Y) || self(b.Y) && e.c.isConst(b.X)):
			return stepInc
		case b.Op == token.SUB && self(b.X) && e.c.isConst(b.Y):
			return stepDec
		case (b.Op == token.QUO || b.Op == token.SHR) && self(b.X) && e.c.isConst(b.Y):
			return stepHalve
		case (b.Op == token.MUL && (self(b.X) && e.c.isConst(b.Y) || self(b.Y) && e.c.isConst(b.X))) || b.Op == token.SHL && self(b.X) && e.c.isConst(b.Y):
			return stepDouble
		}
	}
	if e.halves(rhs, 2) {
		return stepHalve // lo = mid + 1, hi = mid
	}
	return stepJump
}

func pick(constant bool, k stepKind) stepKind {
	if constant {
		return k
	}
	return stepJump
}

// halves reports whether x is, or is computed from a local that is, a
// division by a constant or a right shift: the midpoint of a bisection.
func (e *env) halves(x ast.Expr, depth int) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.BinaryExpr:
			if n.Op == token.SHR || n.Op == token.QUO && e.c.isConst(n.Y) {
				found = true
			}
		case *ast.CallExpr:
			// The midpoint as a call: int(uint(lo+hi) >> 1) is covered
			// above; a helper like mid(lo, hi) is not followed.
		case *ast.Ident:
			if depth > 0 {
				if obj := e.c.objOf(n); obj != nil {
					for _, d := range e.defs[obj] {
						if e.halves(d, depth-1) {
							found = true
						}
					}
				}
			}
		}
		return true
	})
	return found
}

// conjTrip reads one conjunct of a loop condition.
func (e *env) conjTrip(c ast.Expr, s *ast.ForStmt, upd map[types.Object]stepKind, outer []frame) (*trip, tripKind) {
	isCounter := func(x ast.Expr) (types.Object, bool) {
		id, ok := ast.Unparen(x).(*ast.Ident)
		if !ok {
			return nil, false
		}
		obj := e.c.objOf(id)
		_, ok = upd[obj]
		return obj, ok && obj != nil
	}
	mentions := func(x ast.Expr) bool {
		found := false
		ast.Inspect(x, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if _, ok := upd[e.c.objOf(id)]; ok {
					found = true
				}
			}
			return !found
		})
		return found
	}
	shared := func(obj types.Object) bool {
		for _, f := range outer {
			if slices.Contains(f.counters, obj) {
				return true
			}
		}
		return false
	}

	// p != nil, stepping p = p.next: a walk along a linked structure.
	if b, ok := c.(*ast.BinaryExpr); ok && b.Op == token.NEQ && isNil(e.c, b.Y) {
		if obj, ok := isCounter(b.X); ok && e.follows(s, obj) {
			if start := initOf(e.c, s, obj); start != nil {
				if r, ok := e.ref(start); ok {
					d := e.c.intern(r, e.c.typeOf(start))
					return &trip{d: d, name: d.name}, tripInput
				}
			} else if e.roots[obj] {
				d := e.c.intern(ref{root: obj}, obj.Type())
				return &trip{d: d, name: d.name}, tripInput
			}
		}
		return nil, tripUnknown
	}
	// len(queue) > 0 while the body slices queue (queue = queue[1:]).
	// A body that hands it to a call (pattern = scanChunk(pattern)) may
	// consume any part of it per trip: not counted.
	if x, ok := lenPositive(e.c, c); ok {
		if id, ok := ast.Unparen(x).(*ast.Ident); ok && e.slicesItself(s.Body, e.c.objOf(id)) {
			if d := e.cdim(x); d != nil {
				return &trip{d: d, name: exprName(x)}, tripInput
			}
		}
		return nil, tripUnknown
	}

	b, ok := c.(*ast.BinaryExpr)
	if !ok {
		return nil, tripUnknown
	}
	x, op, y := b.X, b.Op, b.Y
	switch op {
	case token.LSS, token.LEQ, token.GTR, token.GEQ, token.NEQ:
	default:
		return nil, tripUnknown
	}
	if !mentions(x) && mentions(y) {
		x, y, op = y, x, flip(op)
	}
	if !mentions(x) {
		return nil, tripUnknown
	}
	up := op == token.LSS || op == token.LEQ || op == token.NEQ
	down := op == token.GTR || op == token.GEQ || op == token.NEQ

	// lo < hi, both stepped: a bisection or two pointers.
	if lo, ok := isCounter(x); ok {
		if hi, ok := isCounter(y); ok {
			klo, khi := upd[lo], upd[hi]
			d := e.startMag(s, hi)
			if d == nil {
				d = e.startMag(s, lo)
			}
			switch {
			case d == nil:
				return nil, tripUnknown
			case klo == stepHalve || khi == stepHalve:
				return &trip{d: d, log: true, name: d.name}, tripInput
			case klo != stepJump && khi != stepJump:
				return &trip{d: d, name: d.name}, tripInput
			}
			return nil, tripUnknown
		}
	}
	if mentions(y) {
		return nil, tripUnknown
	}
	v, bare := isCounter(x)
	if !bare {
		// j-i < 8, count+k <= 10: a constant bound on a sum or difference
		// with the counter. s[j] != ',' bounds nothing; i*i <= n (a square
		// root) is not counted.
		if bin, ok := ast.Unparen(x).(*ast.BinaryExpr); ok && (bin.Op == token.ADD || bin.Op == token.SUB) &&
			e.c.isConst(y) && (op == token.LSS || op == token.LEQ) {
			return nil, tripConst
		}
		return nil, tripUnknown
	}
	start := initOf(e.c, s, v)
	if start == nil && shared(v) {
		return nil, tripConst // an enclosing loop's cursor: its trips are the outer loop's
	}
	switch upd[v] {
	case stepInc:
		if !up {
			return nil, tripUnknown
		}
		if e.c.isConst(y) || start != nil && sameBase(e.c, start, y) {
			return nil, tripConst
		}
		if d := e.mag1(y); d != nil {
			return &trip{d: d, name: e.boundName(y, d)}, tripInput
		}
	case stepDec:
		if !down {
			return nil, tripUnknown
		}
		if start == nil {
			start = x
		}
		if e.c.isConst(start) || sameBase(e.c, start, y) {
			return nil, tripConst
		}
		if d := e.mag1(start); d != nil {
			return &trip{d: d, name: e.boundName(start, d)}, tripInput
		}
	case stepHalve:
		if !down {
			return nil, tripUnknown
		}
		if start == nil {
			start = x
		}
		if d := e.mag1(start); d != nil {
			return &trip{d: d, log: true, name: e.boundName(start, d)}, tripInput
		}
		if e.c.isConst(start) {
			return nil, tripConst
		}
	case stepDouble:
		if !up {
			return nil, tripUnknown
		}
		if e.c.isConst(y) {
			return nil, tripConst
		}
		if d := e.mag1(y); d != nil {
			return &trip{d: d, log: true, name: e.boundName(y, d)}, tripInput
		}
	}
	return nil, tripUnknown
}

// slicesItself reports whether body updates obj only by slicing a
// constant number of elements off it (queue = queue[1:]) or appending to
// it, and does at least once.
func (e *env) slicesItself(body *ast.BlockStmt, obj types.Object) bool {
	sliced, other := false, false
	ast.Inspect(body, func(n ast.Node) bool {
		a, ok := n.(*ast.AssignStmt)
		if !ok {
			_, lit := n.(*ast.FuncLit)
			return !lit
		}
		for i, l := range a.Lhs {
			id, ok := ast.Unparen(l).(*ast.Ident)
			if !ok || e.c.objOf(id) != obj {
				continue
			}
			if len(a.Lhs) != len(a.Rhs) {
				other = true
				continue
			}
			switch r := ast.Unparen(a.Rhs[i]).(type) {
			case *ast.SliceExpr:
				// By a constant (queue[1:], stack[:len(stack)-1]): one
				// element a trip. By a variable (p = p[n:]): a chunk a
				// trip, of unknown size.
				if x, ok := ast.Unparen(r.X).(*ast.Ident); ok && e.c.objOf(x) == obj &&
					(r.High == nil && r.Low != nil && e.c.isConst(r.Low) || r.Low == nil && r.High != nil && isLenMinusConst(e.c, r.High, obj)) {
					sliced = true
					continue
				}
			case *ast.CallExpr:
				if e.c.isBuiltin(r, "append") {
					continue
				}
			}
			other = true
		}
		return true
	})
	return sliced && !other
}

// startMag is the magnitude of a counter's starting value (its init in
// the loop, or its definition before it).
func (e *env) startMag(s *ast.ForStmt, obj types.Object) *dim {
	if x := initOf(e.c, s, obj); x != nil {
		return e.mag1(x)
	}
	if e.roots[obj] {
		return e.c.intern(ref{root: obj}, obj.Type())
	}
	return e.mag[obj]
}

// follows reports whether the loop steps obj along a field of itself
// (p = p.next), in its post statement or body.
func (e *env) follows(s *ast.ForStmt, obj types.Object) bool {
	found := false
	check := func(n ast.Node) bool {
		if a, ok := n.(*ast.AssignStmt); ok && len(a.Lhs) == len(a.Rhs) {
			for i, l := range a.Lhs {
				id, ok := ast.Unparen(l).(*ast.Ident)
				if !ok || e.c.objOf(id) != obj {
					continue
				}
				if sel, ok := ast.Unparen(a.Rhs[i]).(*ast.SelectorExpr); ok {
					if xid, ok := ast.Unparen(sel.X).(*ast.Ident); ok && e.c.objOf(xid) == obj {
						found = true
					}
				}
			}
		}
		_, lit := n.(*ast.FuncLit)
		return !found && !lit
	}
	if s.Post != nil {
		ast.Inspect(s.Post, check)
	}
	ast.Inspect(s.Body, check)
	return found
}

// initOf is the value the loop's init statement gives obj, or nil.
func initOf(c *checker, s *ast.ForStmt, obj types.Object) ast.Expr {
	a, ok := s.Init.(*ast.AssignStmt)
	if !ok || len(a.Lhs) != len(a.Rhs) {
		return nil
	}
	for i, l := range a.Lhs {
		if id, ok := ast.Unparen(l).(*ast.Ident); ok && c.objOf(id) == obj {
			return a.Rhs[i]
		}
	}
	return nil
}

// counters are the variables a loop steps: those its post statement
// updates, or for a condition-only loop those its condition compares.
func counters(c *checker, s *ast.ForStmt) []types.Object {
	var out []types.Object
	add := func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := c.objOf(id).(*types.Var); ok && !slices.Contains(out, types.Object(v)) {
				out = append(out, v)
			}
		}
		return true
	}
	if s.Post != nil {
		ast.Inspect(s.Post, add)
	} else if s.Cond != nil {
		ast.Inspect(s.Cond, add)
	}
	return out
}

// loopVars are the variables a three-clause loop's init defines.
func loopVars(c *checker, s *ast.ForStmt) []types.Object {
	a, ok := s.Init.(*ast.AssignStmt)
	if !ok {
		return nil
	}
	var out []types.Object
	for _, l := range a.Lhs {
		if id, ok := ast.Unparen(l).(*ast.Ident); ok {
			if obj := c.objOf(id); obj != nil {
				out = append(out, obj)
			}
		}
	}
	return out
}

// sameBase reports whether a and b differ by a constant (i+1 and i+4):
// a loop from one to the other runs a constant number of times.
func sameBase(c *checker, a, b ast.Expr) bool {
	base := func(x ast.Expr) ast.Expr {
		for {
			x = ast.Unparen(x)
			bin, ok := x.(*ast.BinaryExpr)
			if !ok || bin.Op != token.ADD && bin.Op != token.SUB {
				return x
			}
			switch {
			case c.isConst(bin.Y):
				x = bin.X
			case bin.Op == token.ADD && c.isConst(bin.X):
				x = bin.Y
			default:
				return x
			}
		}
	}
	ba, bb := base(a), base(b)
	if c.isConst(ba) || c.isConst(bb) {
		return false
	}
	return types.ExprString(ba) == types.ExprString(bb)
}

func flip(op token.Token) token.Token {
	switch op {
	case token.LSS:
		return token.GTR
	case token.LEQ:
		return token.GEQ
	case token.GTR:
		return token.LSS
	case token.GEQ:
		return token.LEQ
	}
	return op
}

func isNil(c *checker, x ast.Expr) bool {
	tv, ok := c.info.Types[x]
	return ok && tv.IsNil()
}

// lenPositive matches len(x) > 0, len(x) != 0, 0 < len(x) and returns x.
func lenPositive(c *checker, x ast.Expr) (ast.Expr, bool) {
	b, ok := x.(*ast.BinaryExpr)
	if !ok {
		return nil, false
	}
	l, r, op := b.X, b.Y, b.Op
	if c.isConst(l) {
		l, r, op = r, l, flip(op)
	}
	if v, ok := c.constInt(r); !ok || v != 0 || op != token.GTR && op != token.NEQ {
		return nil, false
	}
	call, ok := ast.Unparen(l).(*ast.CallExpr)
	if !ok || !c.isBuiltin(call, "len") || len(call.Args) != 1 {
		return nil, false
	}
	return call.Args[0], true
}

// stopsEarly reports whether a loop body leaves the loop after a constant
// number of iterations whatever its trip: an unconditional break or
// return at its top level (with no continue to skip it), or an
// "if count >= K { break }" on a counter the body increments (or on
// len(out) of a slice it appends to), K a constant.
func (e *env) stopsEarly(body *ast.BlockStmt, label string) bool {
	if body == nil {
		return false
	}
	if !hasContinue(body, label) {
		for _, st := range body.List {
			if leaves(st, label, false) {
				return true
			}
		}
	}
	incd := map[types.Object]bool{}
	appended := map[types.Object]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IncDecStmt:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Tok == token.INC {
				incd[e.c.objOf(id)] = true
			}
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				id, ok := ast.Unparen(l).(*ast.Ident)
				if !ok {
					continue
				}
				if n.Tok == token.ADD_ASSIGN {
					incd[e.c.objOf(id)] = true
				}
				if len(n.Rhs) == len(n.Lhs) {
					if call, ok := ast.Unparen(n.Rhs[i]).(*ast.CallExpr); ok && e.c.isBuiltin(call, "append") {
						appended[e.c.objOf(id)] = true
					}
				}
			}
		}
		return true
	})
	counted := func(x ast.Expr) bool {
		x = ast.Unparen(x)
		if id, ok := x.(*ast.Ident); ok {
			return incd[e.c.objOf(id)]
		}
		if call, ok := x.(*ast.CallExpr); ok && e.c.isBuiltin(call, "len") && len(call.Args) == 1 {
			if id, ok := ast.Unparen(call.Args[0]).(*ast.Ident); ok {
				return appended[e.c.objOf(id)]
			}
		}
		return false
	}
	var bounds func(x ast.Expr) bool
	bounds = func(x ast.Expr) bool {
		b, ok := ast.Unparen(x).(*ast.BinaryExpr)
		if !ok {
			return false
		}
		if b.Op == token.LOR {
			return bounds(b.X) || bounds(b.Y)
		}
		l, r, op := b.X, b.Y, b.Op
		if e.c.isConst(l) {
			l, r, op = r, l, flip(op)
		}
		return (op == token.EQL || op == token.GEQ || op == token.GTR) && e.c.isConst(r) && counted(l)
	}
	found := false
	var walk func(list []ast.Stmt, inSwitch bool)
	walk = func(list []ast.Stmt, inSwitch bool) {
		for _, st := range list {
			switch st := st.(type) {
			case *ast.IfStmt:
				if bounds(st.Cond) && slices.ContainsFunc(st.Body.List, func(s ast.Stmt) bool { return leaves(s, label, inSwitch) }) {
					found = true
				}
				walk(st.Body.List, inSwitch)
				if st.Else != nil {
					walk([]ast.Stmt{st.Else}, inSwitch)
				}
			case *ast.BlockStmt:
				walk(st.List, inSwitch)
			case *ast.SwitchStmt:
				for _, cc := range st.Body.List {
					walk(cc.(*ast.CaseClause).Body, true)
				}
			case *ast.TypeSwitchStmt:
				for _, cc := range st.Body.List {
					walk(cc.(*ast.CaseClause).Body, true)
				}
			case *ast.SelectStmt:
				for _, cc := range st.Body.List {
					walk(cc.(*ast.CommClause).Body, true)
				}
			}
		}
	}
	walk(body.List, false)
	return found
}

// leaves reports whether st leaves the loop labelled label: a return, or
// a break that targets it (an unlabelled break inside a switch or select
// targets that instead).
func leaves(st ast.Stmt, label string, inSwitch bool) bool {
	switch st := st.(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		if st.Tok != token.BREAK {
			return false
		}
		if st.Label == nil {
			return !inSwitch
		}
		return label != "" && st.Label.Name == label
	case *ast.ExprStmt:
		call, ok := st.X.(*ast.CallExpr)
		if !ok {
			return false
		}
		id, ok := call.Fun.(*ast.Ident)
		return ok && id.Name == "panic"
	}
	return false
}

// hasContinue reports whether body continues the loop labelled label
// (not counting continues of loops nested in it).
func hasContinue(body *ast.BlockStmt, label string) bool {
	found := false
	depth := 0
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ForStmt, *ast.RangeStmt:
			depth++
			ast.Inspect(n, func(m ast.Node) bool {
				if m == n {
					return true
				}
				return visit(m)
			})
			depth--
			return false
		case *ast.BranchStmt:
			if n.Tok == token.CONTINUE && (n.Label == nil && depth == 0 || n.Label != nil && n.Label.Name == label) {
				found = true
			}
		}
		return !found
	}
	ast.Inspect(body, visit)
	return found
}

// constTrips is a loop's trip count when it is a constant (a range over
// a literal, an array or a constant; for i := 0; i < K; i++), else 0.
func constTrips(c *checker, s ast.Stmt) int64 {
	switch s := s.(type) {
	case *ast.RangeStmt:
		if s.X == nil {
			return 0
		}
		if lit, ok := ast.Unparen(s.X).(*ast.CompositeLit); ok {
			return int64(len(lit.Elts))
		}
		if v, ok := c.constInt(s.X); ok {
			return v
		}
		u := core(c.typeOf(s.X))
		if p, ok := u.(*types.Pointer); ok {
			u = core(p.Elem())
		}
		if a, ok := u.(*types.Array); ok {
			return a.Len()
		}
	case *ast.ForStmt:
		a, ok := s.Init.(*ast.AssignStmt)
		b, ok2 := ast.Unparen(s.Cond).(*ast.BinaryExpr)
		if !ok || !ok2 || len(a.Rhs) != 1 {
			return 0
		}
		from, ok := c.constInt(a.Rhs[0])
		to, ok2 := c.constInt(b.Y)
		if !ok || !ok2 {
			return 0
		}
		if b.Op == token.LEQ {
			to++
		}
		if n := to - from; n > 0 && (b.Op == token.LSS || b.Op == token.LEQ) {
			return n
		}
	}
	return 0
}

// exprName is how a message names an expression: as types.ExprString
// writes it, with binary operators tight as in an argument list (n-1,
// xs[i+1:]).
func exprName(x ast.Expr) string {
	return tight.Replace(types.ExprString(ast.Unparen(x)))
}

var tight = strings.NewReplacer(" + ", "+", " - ", "-", " * ", "*", " / ", "/", " >> ", ">>", " << ", "<<", " % ", "%")

// boundName names a loop bound: len(products) and len(products)-1 are
// "products", n-1 is "n"; a local (an index i ranging over xs) is named
// by the size it stands for, d.
func (e *env) boundName(x ast.Expr, d *dim) string {
	if id, ok := ast.Unparen(stripConst(x)).(*ast.Ident); ok && !e.roots[e.c.objOf(id)] {
		return d.name
	}
	return boundName(x)
}

// stripConst drops added or subtracted literals: len(xs)-1 is len(xs).
func stripConst(x ast.Expr) ast.Expr {
	x = ast.Unparen(x)
	for {
		b, ok := x.(*ast.BinaryExpr)
		if !ok || b.Op != token.ADD && b.Op != token.SUB {
			return x
		}
		if _, ok := ast.Unparen(b.Y).(*ast.BasicLit); !ok {
			return x
		}
		x = ast.Unparen(b.X)
	}
}

func boundName(x ast.Expr) string {
	x = stripConst(x)
	if call, ok := x.(*ast.CallExpr); ok && len(call.Args) == 1 {
		if id, ok := call.Fun.(*ast.Ident); ok && (id.Name == "len" || id.Name == "cap") {
			return exprName(call.Args[0])
		}
	}
	return exprName(x)
}
