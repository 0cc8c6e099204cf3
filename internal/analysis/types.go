package analysis

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// core returns t's underlying type, or for a type parameter the
// underlying type of the first term of its constraint's type set (what a
// range over it or len of it works on).
func core(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	if tp, ok := types.Unalias(t).(*types.TypeParam); ok {
		iface, ok := tp.Constraint().Underlying().(*types.Interface)
		if !ok {
			return nil
		}
		for i := range iface.NumEmbeddeds() {
			switch e := iface.EmbeddedType(i).(type) {
			case *types.Union:
				if e.Len() > 0 {
					return e.Term(0).Type().Underlying()
				}
			default:
				if _, ok := e.Underlying().(*types.Interface); !ok {
					return e.Underlying()
				}
			}
		}
		return nil
	}
	return t.Underlying()
}

func isInteger(t types.Type) bool {
	b, ok := core(t).(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

func isMap(t types.Type) bool {
	_, ok := core(t).(*types.Map)
	return ok
}

// isCollection reports whether t has a length that can grow: a slice,
// map, string, channel, or an iterator function.
func isCollection(t types.Type) bool {
	switch u := core(t).(type) {
	case *types.Slice, *types.Map, *types.Chan, *types.Signature:
		return true
	case *types.Basic:
		return u.Info()&types.IsString != 0
	}
	return false
}

// fixedLen reports whether t has a length fixed by its type: an array or
// a pointer to one.
func fixedLen(t types.Type) bool {
	u := core(t)
	if p, ok := u.(*types.Pointer); ok {
		u = core(p.Elem())
	}
	_, ok := u.(*types.Array)
	return ok
}

// indexed reports whether ranging over t gives an index (or a count) as
// its key: slices, arrays, strings and integers; not maps, channels or
// iterators.
func indexed(t types.Type) bool {
	u := core(t)
	if p, ok := u.(*types.Pointer); ok {
		u = core(p.Elem())
	}
	switch u := u.(type) {
	case *types.Slice, *types.Array:
		return true
	case *types.Basic:
		return u.Info()&(types.IsString|types.IsInteger) != 0
	}
	return false
}

// collectionType is t without the names that do not change what it
// holds: a named slice type is its underlying slice.
func collectionType(t types.Type) types.Type {
	if _, ok := types.Unalias(t).(*types.TypeParam); ok {
		return t
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p
	}
	return t.Underlying()
}

// callee is the function or method a call statically calls, as declared
// (the generic function, not an instance), or nil.
func (c *checker) callee(call *ast.CallExpr) *types.Func {
	fn := typeutil.StaticCallee(c.info, call)
	if fn == nil {
		return nil
	}
	return fn.Origin()
}

// funcKey names a package-level function for the library tables:
// "sort.Slice", "slices.SortFunc", "container/heap.Push".
func funcKey(fn *types.Func) string {
	if fn.Pkg() == nil {
		return fn.Name()
	}
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		return "" // methods are not in the tables
	}
	return fn.Pkg().Path() + "." + fn.Name()
}
