package discover

import (
	"go/ast"
	"strings"
)

// symbol returns fd's name as the Go runtime and pprof print it within its
// package: "F", "Map[...]", "(*DB).Get", "DB.Get", "(*List[...]).Push",
// "List[...].Len". recv is the receiver's type name ("DB", "List"), "" for
// a function.
func symbol(fd *ast.FuncDecl) (sym, recv string) {
	name := fd.Name.Name
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		if fd.Type.TypeParams != nil && len(fd.Type.TypeParams.List) > 0 {
			name += "[...]"
		}
		return name, ""
	}
	recv, ptr, generic := receiver(fd.Recv.List[0].Type)
	t := recv
	if generic {
		t += "[...]"
	}
	if ptr {
		t = "(*" + t + ")"
	}
	return t + "." + name, recv
}

// receiver takes a method's receiver type apart: *List[T] is "List",
// a pointer, generic.
func receiver(x ast.Expr) (name string, ptr, generic bool) {
	for {
		switch t := x.(type) {
		case *ast.ParenExpr:
			x = t.X
		case *ast.StarExpr:
			ptr, x = true, t.X
		case *ast.IndexExpr:
			generic, x = true, t.X
		case *ast.IndexListExpr:
			generic, x = true, t.X
		case *ast.Ident:
			return t.Name, ptr, generic
		default:
			return "", ptr, generic // not valid Go; the compiler will say so
		}
	}
}

// benchName is the benchmark that measures a function by convention, as
// Example functions are named: BenchmarkF for func F, BenchmarkT_M for
// method M of type T (either receiver).
func benchName(fd *ast.FuncDecl, recv string) string {
	if recv != "" {
		return "Benchmark" + recv + "_" + fd.Name.Name
	}
	return "Benchmark" + fd.Name.Name
}

// pathToPrefix escapes an import path as the Go linker does in symbol
// names (cmd/internal/objabi.PathToPrefix): control characters, space, %,
// " and non-ASCII bytes everywhere, and '.' in the last path element
// (gopkg.in/yaml.v3 → gopkg.in/yaml%2ev3), so that the '.' before the
// function name is unambiguous.
func pathToPrefix(s string) string {
	slash := strings.LastIndex(s, "/")
	escape := func(i int) bool {
		c := s[i]
		return c <= ' ' || c == '.' && i > slash || c == '%' || c == '"' || c >= 0x7F
	}
	n := 0
	for i := range len(s) {
		if escape(i) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	const hex = "0123456789abcdef"
	b := make([]byte, 0, len(s)+2*n)
	for i := range len(s) {
		if c := s[i]; escape(i) {
			b = append(b, '%', hex[c>>4], hex[c&0xF])
		} else {
			b = append(b, c)
		}
	}
	return string(b)
}

// names returns a function's target and its name relative to root, the
// import path of the project root: "example.com/shop/api.FetchUser" and
// "api.FetchUser"; a function of the root package is just "FetchUser",
// and one outside root keeps its full name.
func names(importPath, root, sym string) (target, relative string) {
	target = pathToPrefix(importPath) + "." + sym
	switch {
	case root == "":
		return target, target
	case importPath == root:
		return target, sym
	case strings.HasPrefix(importPath, root+"/"):
		return target, pathToPrefix(importPath[len(root)+1:]) + "." + sym
	}
	return target, target
}
