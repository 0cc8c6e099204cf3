package analysis

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// An env says which values of one function declaration (and the closures
// in it) grow with its input: the parameters and receiver are the roots;
// locals are traced to them by a flow-insensitive pass over every
// assignment, repeated until nothing changes.
type env struct {
	c     *checker
	roots map[types.Object]bool
	// coll: locals holding a collection as large as a dim (ps := products,
	// names := strings.Fields(text), seen appended to in a loop over xs).
	coll map[types.Object]*dim
	// mag: integer locals as large as a dim (n := len(xs), i ranging over
	// xs, mid := (lo+hi)/2 with hi := len(xs)).
	mag map[types.Object]*dim
	// alias: locals that are a root or a field path of one (c := s.cat),
	// so that c.items is s.cat.items.
	alias map[types.Object]ref
	// defs: every value assigned to a local, for the shape of its updates.
	defs map[types.Object][]ast.Expr
	// lits: the closures assigned to a local, called through it.
	lits map[types.Object][]*ast.FuncLit
	// scanned is set after the first pass, which records defs and lits.
	scanned bool
}

// A ref is a root followed by field selections.
type ref struct {
	root types.Object
	path string
	name string
}

func newEnv(c *checker, decl *ast.FuncDecl) *env {
	e := &env{
		c:     c,
		roots: map[types.Object]bool{},
		coll:  map[types.Object]*dim{},
		mag:   map[types.Object]*dim{},
		alias: map[types.Object]ref{},
		defs:  map[types.Object][]ast.Expr{},
		lits:  map[types.Object][]*ast.FuncLit{},
	}
	addRoots := func(fl *ast.FieldList) {
		if fl == nil {
			return
		}
		for _, f := range fl.List {
			for _, n := range f.Names {
				if obj := c.info.Defs[n]; obj != nil {
					e.roots[obj] = true
				}
			}
		}
	}
	addRoots(decl.Recv)
	addRoots(decl.Type.Params)
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if lit, ok := n.(*ast.FuncLit); ok {
			addRoots(lit.Type.Params)
			c.litEnv[lit] = e
		}
		return true
	})
	// Each round can only add facts; a handful of rounds reaches the
	// fixpoint of any function a person writes.
	for range 6 {
		if !e.scan(decl.Body) {
			break
		}
	}
	return e
}

// scan makes one pass over body, recording what assignments and loops
// say about locals, and reports whether it learnt anything.
func (e *env) scan(body *ast.BlockStmt) bool {
	changed := false
	setDim := func(m map[types.Object]*dim, obj types.Object, d *dim) {
		if obj != nil && d != nil && m[obj] == nil && !e.roots[obj] {
			m[obj] = d
			changed = true
		}
	}
	var loops []frame // the enclosing loops
	innermostFrame := func() *frame {
		for i := len(loops) - 1; i >= 0; i-- {
			if loops[i].trip != nil {
				return &loops[i]
			}
		}
		return nil
	}
	innermost := func() *trip {
		if f := innermostFrame(); f != nil {
			return f.trip
		}
		return nil
	}
	assign := func(lhs, rhs ast.Expr, first bool) {
		id, ok := ast.Unparen(lhs).(*ast.Ident)
		if !ok {
			// m[k] = v on a local map inside a loop over the input: the
			// map grows with it.
			if ix, ok := ast.Unparen(lhs).(*ast.IndexExpr); ok {
				if mid, ok := ast.Unparen(ix.X).(*ast.Ident); ok && isMap(e.c.typeOf(mid)) {
					if t := innermost(); t != nil && !t.log {
						setDim(e.coll, e.c.objOf(mid), t.d)
					}
				}
			}
			return
		}
		obj := e.c.objOf(id)
		if obj == nil || e.roots[obj] || rhs == nil {
			return
		}
		if first {
			e.defs[obj] = append(e.defs[obj], rhs)
			if lit, ok := ast.Unparen(rhs).(*ast.FuncLit); ok {
				e.lits[obj] = append(e.lits[obj], lit)
			}
		}
		setDim(e.coll, obj, e.cdim(rhs))
		if isInteger(e.c.typeOf(id)) {
			setDim(e.mag, obj, e.mag1(rhs))
		}
		if r, ok := e.ref(rhs); ok {
			if _, had := e.alias[obj]; !had && !isCollection(e.c.typeOf(id)) {
				e.alias[obj] = r
				changed = true
			}
		}
		// v = append(v, ...) inside a loop over the input: v grows with
		// it, unless the loop also empties it (a batch: buf = buf[:0]).
		if call, ok := ast.Unparen(rhs).(*ast.CallExpr); ok && e.c.isBuiltin(call, "append") && len(call.Args) > 0 {
			if a, ok := ast.Unparen(call.Args[0]).(*ast.Ident); ok && e.c.objOf(a) == obj {
				if f := innermostFrame(); f != nil && !f.trip.log && !e.resets(f.stmt, obj) {
					setDim(e.coll, obj, f.trip.d)
				}
			}
		}
	}
	first := !e.scanned
	e.scanned = true
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) && (n.Tok == token.ASSIGN || n.Tok == token.DEFINE) {
				for i := range n.Lhs {
					assign(n.Lhs[i], n.Rhs[i], first)
				}
			} else if len(n.Rhs) == 1 || n.Tok != token.ASSIGN && n.Tok != token.DEFINE {
				for _, l := range n.Lhs {
					assign(l, nil, first) // m[k] += v; v, ok := m[k]
				}
			}
		case *ast.IncDecStmt:
			assign(n.X, nil, first)
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if i < len(n.Values) {
					assign(name, n.Values[i], first)
				}
			}
		case *ast.RangeStmt:
			t := e.rangeTrip(n)
			if t != nil && !t.log && n.Key != nil && indexed(e.c.typeOf(n.X)) {
				if id, ok := n.Key.(*ast.Ident); ok {
					setDim(e.mag, e.c.objOf(id), t.d)
				}
			}
			ast.Inspect(n.X, visit)
			loops = append(loops, frame{stmt: n, trip: t})
			ast.Inspect(n.Body, visit)
			loops = loops[:len(loops)-1]
			return false
		case *ast.ForStmt:
			if n.Init != nil {
				ast.Inspect(n.Init, visit)
			}
			t := e.forTrip(n, loops)
			if t != nil && !t.log {
				for _, v := range loopVars(e.c, n) {
					setDim(e.mag, v, t.d)
				}
			}
			loops = append(loops, frame{stmt: n, trip: t, counters: counters(e.c, n)})
			if n.Post != nil {
				ast.Inspect(n.Post, visit)
			}
			ast.Inspect(n.Body, visit)
			loops = loops[:len(loops)-1]
			return false
		}
		return true
	}
	ast.Inspect(body, visit)
	return changed
}

// resets reports whether loop assigns obj a value not traced to the
// input (nil, a literal, buf[:0]) other than by appending to it.
func (e *env) resets(loop ast.Stmt, obj types.Object) bool {
	found := false
	ast.Inspect(loop, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			if len(n.Lhs) != len(n.Rhs) {
				return true
			}
			for i, l := range n.Lhs {
				id, ok := ast.Unparen(l).(*ast.Ident)
				if !ok || e.c.objOf(id) != obj {
					continue
				}
				if call, ok := ast.Unparen(n.Rhs[i]).(*ast.CallExpr); ok && e.c.isBuiltin(call, "append") {
					continue
				}
				if e.cdim(n.Rhs[i]) == nil {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// ref reports whether x is a root, or an alias of one, followed by field
// selections (c, c.lower, s.cat.items, *p).
func (e *env) ref(x ast.Expr) (ref, bool) {
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		obj := e.c.objOf(x)
		if obj == nil {
			return ref{}, false
		}
		if e.roots[obj] {
			return ref{root: obj, name: x.Name}, true
		}
		r, ok := e.alias[obj]
		return r, ok
	case *ast.SelectorExpr:
		sel := e.c.info.Selections[x]
		if sel == nil || sel.Kind() != types.FieldVal {
			return ref{}, false
		}
		r, ok := e.ref(x.X)
		if !ok {
			return ref{}, false
		}
		return ref{root: r.root, path: r.path + "." + x.Sel.Name, name: r.name + "." + x.Sel.Name}, true
	case *ast.StarExpr:
		return e.ref(x.X)
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return e.ref(x.X)
		}
	}
	return ref{}, false
}

// cdim is the dim a collection expression (slice, map, string, channel,
// iterator) is as large as, or nil if it is not traced to the input: a
// literal, a package-level variable, an element of another collection,
// the result of a call not known to keep its argument's size.
func (e *env) cdim(x ast.Expr) *dim {
	x = ast.Unparen(x)
	if fixedLen(e.c.typeOf(x)) {
		return nil
	}
	switch x := x.(type) {
	case *ast.Ident:
		if obj := e.c.objOf(x); obj != nil && !e.roots[obj] {
			if d := e.coll[obj]; d != nil {
				return d
			}
		}
	case *ast.SliceExpr:
		// xs[i:] is the rest of xs, xs[:k] as long as k; a window
		// xs[i:j] between two variables is of unknown size (a chunk, a
		// page): not counted.
		lowConst := x.Low == nil || e.c.isConst(x.Low)
		switch {
		case x.High == nil:
			return e.cdim(x.X)
		case lowConst:
			return e.mag1(x.High)
		}
		return nil
	case *ast.CallExpr:
		return e.callDim(x)
	case *ast.IndexExpr, *ast.CompositeLit, *ast.BasicLit:
		return nil
	}
	if r, ok := e.ref(x); ok {
		return e.c.intern(r, e.c.typeOf(x))
	}
	return nil
}

// callDim is the size of a call's result, for the calls known to keep
// their argument's size: conversions, append, make, and the library
// functions of sizeOf.
func (e *env) callDim(call *ast.CallExpr) *dim {
	info := e.c.info
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		if len(call.Args) == 1 {
			return e.size(call.Args[0])
		}
		return nil
	}
	switch {
	case e.c.isBuiltin(call, "append") && len(call.Args) > 0:
		if d := e.cdim(call.Args[0]); d != nil {
			return d
		}
		if call.Ellipsis.IsValid() {
			return e.cdim(call.Args[len(call.Args)-1])
		}
		return nil
	case e.c.isBuiltin(call, "make") && len(call.Args) > 1:
		return e.mag1(call.Args[len(call.Args)-1])
	}
	if fn := e.c.callee(call); fn != nil {
		if i, ok := sizeOf[funcKey(fn)]; ok && i < len(call.Args) {
			return e.size(call.Args[i])
		}
	}
	return nil
}

// size is the dim of an argument that gives a size: an integer's
// magnitude, a collection's length.
func (e *env) size(x ast.Expr) *dim {
	if isInteger(e.c.typeOf(x)) {
		return e.mag1(x)
	}
	return e.cdim(x)
}

// mag1 is the dim an integer expression is as large as (n, len(xs),
// n-1, i+1 with i ranging over xs), or nil for constants and values not
// traced to the input.
func (e *env) mag1(x ast.Expr) *dim {
	x = ast.Unparen(x)
	if e.c.isConst(x) {
		return nil
	}
	switch x := x.(type) {
	case *ast.Ident:
		obj := e.c.objOf(x)
		if obj == nil {
			return nil
		}
		if e.roots[obj] {
			if isInteger(obj.Type()) {
				return e.c.intern(ref{root: obj, name: x.Name}, obj.Type())
			}
			return nil
		}
		return e.mag[obj]
	case *ast.SelectorExpr:
		if isInteger(e.c.typeOf(x)) {
			if r, ok := e.ref(x); ok {
				return e.c.intern(r, e.c.typeOf(x))
			}
		}
	case *ast.BinaryExpr:
		switch x.Op {
		case token.ADD, token.SUB, token.MUL, token.QUO, token.SHR, token.SHL, token.OR, token.XOR:
			if d := e.mag1(x.X); d != nil {
				return d
			}
			if x.Op == token.QUO || x.Op == token.SHR || x.Op == token.SHL {
				return nil
			}
			return e.mag1(x.Y)
		case token.REM, token.AND:
			return e.mag1(x.Y) // i % k is below k
		}
	case *ast.UnaryExpr:
		return e.mag1(x.X)
	case *ast.CallExpr:
		if tv, ok := e.c.info.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
			return e.mag1(x.Args[0])
		}
		switch {
		case (e.c.isBuiltin(x, "len") || e.c.isBuiltin(x, "cap")) && len(x.Args) == 1:
			return e.cdim(x.Args[0])
		case e.c.isBuiltin(x, "min"):
			// min is below every argument: bounded by a constant or by
			// something not traced to the input, it is not input-sized.
			var d *dim
			for _, a := range x.Args {
				ad := e.mag1(a)
				if ad == nil {
					return nil
				}
				if d == nil {
					d = ad
				}
			}
			return d
		case e.c.isBuiltin(x, "max"):
			for _, a := range x.Args {
				if d := e.mag1(a); d != nil {
					return d
				}
			}
		}
	}
	return nil
}

// checker holds what one package's analysis shares: type information,
// the package's function declarations, interned dims, memoised costs.
type checker struct {
	fset  *token.FileSet
	pkg   *types.Package
	info  *types.Info
	decls map[*types.Func]*ast.FuncDecl
	dims  map[ref]*dim
	funcs map[*types.Func]*funcResult
	// litEnv is the env of the declaration each closure is in; litCost
	// memoises closures' costs (nil while one is being computed).
	litEnv  map[*ast.FuncLit]*env
	litCost map[*ast.FuncLit]*cost
	envs    map[*ast.FuncDecl]*env
}

type funcResult struct {
	cost cost
}

func newChecker(fset *token.FileSet, files []*ast.File, pkg *types.Package, info *types.Info) *checker {
	c := &checker{
		fset:    fset,
		pkg:     pkg,
		info:    info,
		decls:   map[*types.Func]*ast.FuncDecl{},
		dims:    map[ref]*dim{},
		funcs:   map[*types.Func]*funcResult{},
		litEnv:  map[*ast.FuncLit]*env{},
		litCost: map[*ast.FuncLit]*cost{},
		envs:    map[*ast.FuncDecl]*env{},
	}
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			if fn, ok := info.Defs[fd.Name].(*types.Func); ok {
				c.decls[fn] = fd
			}
		}
	}
	return c
}

// env returns the env of a declaration, built on first use.
func (c *checker) env(decl *ast.FuncDecl) *env {
	e := c.envs[decl]
	if e == nil {
		e = newEnv(c, decl)
		c.envs[decl] = e
	}
	return e
}

// intern returns the one dim of r, creating it with its merge key.
func (c *checker) intern(r ref, t types.Type) *dim {
	r.name = "" // the key is root and path; the name is the first seen
	if d := c.dims[r]; d != nil {
		return d
	}
	d := &dim{root: r.root, path: r.path, typ: t}
	c.dims[r] = d
	d.name = r.root.Name() + r.path
	if _, basic := core(t).(*types.Basic); t == nil || basic || r.path != "" {
		d.key = fmt.Sprintf("%p%s", r.root, r.path)
	} else {
		d.key = types.TypeString(collectionType(t), nil)
	}
	return d
}

func (c *checker) typeOf(x ast.Expr) types.Type {
	if c.info == nil {
		return nil
	}
	return c.info.TypeOf(x)
}

func (c *checker) objOf(id *ast.Ident) types.Object {
	if obj := c.info.Defs[id]; obj != nil {
		return obj
	}
	return c.info.Uses[id]
}

func (c *checker) isConst(x ast.Expr) bool {
	tv, ok := c.info.Types[x]
	return ok && tv.Value != nil
}

// constInt returns x's value if it is an integer constant.
func (c *checker) constInt(x ast.Expr) (int64, bool) {
	tv, ok := c.info.Types[x]
	if !ok || tv.Value == nil {
		return 0, false
	}
	return constant.Int64Val(constant.ToInt(tv.Value))
}

func (c *checker) isBuiltin(call *ast.CallExpr, name string) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := c.info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}
