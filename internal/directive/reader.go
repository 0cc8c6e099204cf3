package directive

import (
	"cmp"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"io"
	"slices"
	"strings"

	"github.com/choragen/choragen/internal/metric"
)

// A Record is one result of a Reader: a *Func or a *SyntaxError.
type Record interface{ record() }

// A Func is the directives on one function declaration.
type Func struct {
	// Decl is the function; its Doc holds the directives.
	Decl *ast.FuncDecl
	// Name is the function's (or the method's) name, and Pos its position.
	Name string
	Pos  token.Position
	// Specs are the contracts of every well-formed directive, in source
	// order. Malformed lines are reported as *SyntaxError records, and
	// their specs are left out.
	Specs []Spec
	// Bench is the benchmark named by bench= on any of the directives,
	// "" when none names one; BenchPos is where it is named.
	Bench    string
	BenchPos token.Position
}

func (*Func) record() {}

// A Reader reads the directives of one Go source file, in source order.
//
// Its API is modeled on golang.org/x/perf/benchfmt.Reader: call Scan until
// it returns false, look at each Record, then check Err. Syntax errors are
// records, and reading continues after them. Records are not reused: a
// caller may keep them.
type Reader struct {
	// Input, until parsed.
	src      io.Reader
	filename string

	fset *token.FileSet
	file *ast.File
	err  error

	q    []Record
	qPos int

	groups []*ast.CommentGroup // the file's comments, consumed in order
	docs   map[*ast.CommentGroup]*ast.FuncDecl
	places map[*ast.CommentGroup]string // built on the first misplaced directive
	bodies []*ast.BlockStmt
}

// NewReader returns a Reader of the Go source read from r. filename is used
// in positions. If the source is not valid Go, the records are its Go
// syntax errors (as *SyntaxError) and nothing else: what go/parser recovers
// from a broken file can misplace comments, and the compiler will reject
// the file anyway.
func NewReader(r io.Reader, filename string) *Reader {
	return &Reader{src: r, filename: filename, fset: token.NewFileSet()}
}

// NewFileReader returns a Reader of a file already parsed with
// parser.ParseComments (without it the file has no comments, and so no
// directives).
func NewFileReader(fset *token.FileSet, f *ast.File) *Reader {
	r := &Reader{fset: fset}
	r.setFile(f)
	return r
}

func (r *Reader) setFile(f *ast.File) {
	r.file = f
	r.groups = f.Comments
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Doc != nil {
			if r.docs == nil {
				r.docs = make(map[*ast.CommentGroup]*ast.FuncDecl)
			}
			r.docs[fd.Doc] = fd
		}
	}
}

// Scan advances to the next record and reports whether there is one. At
// the end of the file, or on an I/O error, it returns false; Err then says
// which.
func (r *Reader) Scan() bool {
	if r.qPos+1 < len(r.q) {
		r.qPos++
		return true
	}
	r.q, r.qPos = r.q[:0], 0
	if r.src != nil {
		r.parse()
	}
	for len(r.q) == 0 && len(r.groups) > 0 {
		g := r.groups[0]
		r.groups = r.groups[1:]
		r.group(g)
	}
	return len(r.q) > 0
}

// Record returns the record read by the last call to Scan: a *Func or a
// *SyntaxError. It is nil before the first Scan and after the last.
func (r *Reader) Record() Record {
	if r.qPos < len(r.q) {
		return r.q[r.qPos]
	}
	return nil
}

// Err returns the I/O error that stopped the Reader, if any. Syntax errors
// are records, not errors.
func (r *Reader) Err() error { return r.err }

// parse reads and parses the source of a Reader made by NewReader.
func (r *Reader) parse() {
	src, err := io.ReadAll(r.src)
	r.src = nil
	if err != nil {
		r.err = fmt.Errorf("read %s: %w", r.filename, err)
		return
	}
	f, err := parser.ParseFile(r.fset, r.filename, src, parser.ParseComments|parser.SkipObjectResolution)
	if list, ok := errors.AsType[scanner.ErrorList](err); ok {
		for _, e := range list {
			r.q = append(r.q, &SyntaxError{e.Pos, e.Msg})
		}
		return
	} else if err != nil {
		r.q = append(r.q, &SyntaxError{token.Position{Filename: r.filename, Line: 1, Column: 1}, err.Error()})
		return
	}
	r.setFile(f)
}

// group queues the records of one comment group.
func (r *Reader) group(g *ast.CommentGroup) {
	var (
		fd   = r.docs[g]
		skip bool // fd cannot carry directives, and that has been said
		fn   *Func
		// contracts maps each (metric, percentile) of fn to where it was
		// declared: a function has one contract of each.
		contracts map[contractKey]token.Position
	)
	for _, c := range g.List {
		if !strings.HasPrefix(c.Text, prefix) {
			continue
		}
		pos := r.fset.Position(c.Slash)
		d, err := Parse(pos, c.Text)
		if d == nil && err == nil || skip {
			continue
		}
		if fd == nil {
			r.q = append(r.q, &SyntaxError{pos, fmt.Sprintf("%s is not in a function's doc comment: %s", head(c.Text), r.where(g))})
			continue
		}
		if fn == nil {
			if msg := unmeasurable(fd); msg != "" {
				r.q = append(r.q, &SyntaxError{pos, msg})
				skip = true
				continue
			}
			fn = &Func{Decl: fd, Name: fd.Name.Name, Pos: r.fset.Position(fd.Name.Pos())}
			contracts = make(map[contractKey]token.Position)
		}
		if err != nil {
			r.q = append(r.q, err.(*SyntaxError))
			continue
		}
		if d.Bench != "" {
			switch fn.Bench {
			case "":
				fn.Bench, fn.BenchPos = d.Bench, d.BenchPos
			case d.Bench:
			default:
				r.q = append(r.q, &SyntaxError{d.BenchPos, fmt.Sprintf(
					"bench=%s conflicts with bench=%s at line %d: a function has one benchmark", d.Bench, fn.Bench, fn.BenchPos.Line)})
			}
		}
		for _, s := range d.Specs {
			k := contractKey{s.Metric, s.Percentile}
			if prev, dup := contracts[k]; dup {
				r.q = append(r.q, &SyntaxError{s.Pos, fmt.Sprintf(
					"duplicate contract: %s is already declared at line %d", k, prev.Line)})
				continue
			}
			contracts[k] = s.Pos
			fn.Specs = append(fn.Specs, s)
		}
	}
	// Errors in the order of their positions, then the function, whose
	// name follows its doc comment.
	slices.SortStableFunc(r.q, func(a, b Record) int {
		return cmp.Compare(a.(*SyntaxError).Pos.Offset, b.(*SyntaxError).Pos.Offset)
	})
	if fn != nil {
		r.q = append(r.q, fn)
	}
}

type contractKey struct {
	metric     metric.Metric
	percentile float64
}

func (k contractKey) String() string {
	switch {
	case k.metric == metric.Latency && k.percentile == 0:
		return "latency (mean)"
	case k.percentile != 0:
		return fmt.Sprintf("%s at p%v", k.metric, k.percentile)
	}
	return string(k.metric)
}

// unmeasurable says why fd cannot carry directives, or "" if it can.
func unmeasurable(fd *ast.FuncDecl) string {
	switch {
	case fd.Name.Name == "_":
		return "//perf: directives on func _ cannot be measured: nothing can call it"
	case fd.Recv == nil && fd.Name.Name == "init":
		return "//perf: directives on func init cannot be measured: it runs once, before any benchmark"
	}
	return ""
}

// head is the "//perf:name" part of a comment, for messages.
func head(text string) string {
	h, _, _ := strings.Cut(text, " ")
	h, _, _ = strings.Cut(h, "\t")
	if len(h) > 40 {
		h = h[:40] + "…"
	}
	return h
}

// where describes a comment group that is not a function's doc comment.
func (r *Reader) where(g *ast.CommentGroup) string {
	if g == r.file.Doc {
		return "it is in the package doc comment"
	}
	if r.places == nil {
		r.places = make(map[*ast.CommentGroup]string)
		ast.Inspect(r.file, r.visit)
	}
	for _, b := range r.bodies {
		if b.Lbrace < g.Pos() && g.End() <= b.Rbrace {
			return "it is inside a function body"
		}
	}
	if s, ok := r.places[g]; ok {
		return s
	}
	// A blank line between a doc comment and its func detaches it.
	end := r.fset.Position(g.End()).Line
	for _, d := range r.file.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && r.fset.Position(fd.Pos()).Line == end+2 {
			return fmt.Sprintf("a blank line separates it from func %s", fd.Name.Name)
		}
	}
	return "it is not attached to a declaration"
}

func (r *Reader) visit(n ast.Node) bool {
	put := func(g *ast.CommentGroup, s string) {
		if g != nil {
			r.places[g] = s
		}
	}
	switch n := n.(type) {
	case *ast.FuncDecl:
		if n.Body != nil {
			r.bodies = append(r.bodies, n.Body)
		}
	case *ast.FuncLit:
		r.bodies = append(r.bodies, n.Body)
	case *ast.GenDecl:
		put(n.Doc, "it is on "+declKind(n.Tok)+" declaration")
	case *ast.TypeSpec:
		put(n.Doc, "it is on a type declaration")
		put(n.Comment, "it is on a type declaration")
	case *ast.ValueSpec:
		put(n.Doc, "it is on a variable or constant declaration")
		put(n.Comment, "it is on a variable or constant declaration")
	case *ast.ImportSpec:
		put(n.Doc, "it is on an import")
		put(n.Comment, "it is on an import")
	case *ast.StructType:
		for _, f := range n.Fields.List {
			put(f.Doc, "it is on a struct field")
			put(f.Comment, "it is on a struct field")
		}
	case *ast.InterfaceType:
		for _, f := range n.Methods.List {
			put(f.Doc, "it is on an interface method (put it on the method that implements it)")
			put(f.Comment, "it is on an interface method (put it on the method that implements it)")
		}
	}
	return true
}

func declKind(tok token.Token) string {
	switch tok {
	case token.TYPE:
		return "a type"
	case token.VAR:
		return "a variable"
	case token.CONST:
		return "a constant"
	case token.IMPORT:
		return "an import"
	}
	return "a"
}
