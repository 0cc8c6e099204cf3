package analysis

import (
	"go/ast"
	"strings"
)

// target is a function's pprof-style name, as package discover names
// contracts' targets: "example.com/shop/catalog.Duplicates",
// "example.com/shop/catalog.(*Catalog).Find", "example.com/x.Map[...]".
//
// Note: this repeats discover's naming (symbol and pathToPrefix) rather
// than importing discover, which runs go list; TestTargetsAgree checks
// that the two agree on examples/shop.
func target(pkgPath string, fd *ast.FuncDecl) string {
	return pathToPrefix(pkgPath) + "." + symbol(fd)
}

func symbol(fd *ast.FuncDecl) string {
	name := fd.Name.Name
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		if fd.Type.TypeParams != nil && len(fd.Type.TypeParams.List) > 0 {
			name += "[...]"
		}
		return name
	}
	x := fd.Recv.List[0].Type
	ptr, generic := false, false
	for {
		switch t := x.(type) {
		case *ast.ParenExpr:
			x = t.X
			continue
		case *ast.StarExpr:
			ptr, x = true, t.X
			continue
		case *ast.IndexExpr:
			generic, x = true, t.X
			continue
		case *ast.IndexListExpr:
			generic, x = true, t.X
			continue
		case *ast.Ident:
			recv := t.Name
			if generic {
				recv += "[...]"
			}
			if ptr {
				recv = "(*" + recv + ")"
			}
			return recv + "." + name
		}
		return name // not valid Go; the compiler will say so
	}
}

// pathToPrefix escapes an import path as the linker does in symbol names:
// control characters, space, %, " and non-ASCII bytes, and '.' in the last
// path element (gopkg.in/yaml.v3 → gopkg.in/yaml%2ev3).
func pathToPrefix(s string) string {
	slash := strings.LastIndex(s, "/")
	const hex = "0123456789abcdef"
	var b strings.Builder
	for i := range len(s) {
		c := s[i]
		if c <= ' ' || c == '.' && i > slash || c == '%' || c == '"' || c >= 0x7F {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&0xF])
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}
