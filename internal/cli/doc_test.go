package cli

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// docExamples returns the "$ choragen ..." lines of the package doc, with
// the lines of output shown under each (up to the next blank or "$" line).
func docExamples(t *testing.T) []docExample {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "doc.go", nil, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		t.Fatal(err)
	}
	var ex []docExample
	var cur *docExample
	for _, line := range strings.Split(docText(f.Doc), "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trimmed, "$ choragen"):
			ex = append(ex, docExample{args: strings.Fields(strings.TrimPrefix(trimmed, "$ choragen"))})
			cur = &ex[len(ex)-1]
		case trimmed == "" || !strings.HasPrefix(line, "\t"):
			cur = nil
		case cur != nil:
			cur.output = append(cur.output, trimmed)
		}
	}
	return ex
}

type docExample struct {
	args   []string
	output []string
}

func docText(g *ast.CommentGroup) string {
	var b strings.Builder
	for _, c := range g.List {
		b.WriteString(strings.TrimPrefix(strings.TrimPrefix(c.Text, "//"), " "))
		b.WriteByte('\n')
	}
	return b.String()
}

// TestDoc checks that every command line of the manual names a command
// that exists and flags it accepts, and that the documented command list
// matches the real one.
func TestDoc(t *testing.T) {
	examples := docExamples(t)
	if len(examples) < 5 {
		t.Fatalf("found %d examples in the manual; the parser is broken", len(examples))
	}
	for _, ex := range examples {
		t.Run(strings.Join(ex.args, " "), func(t *testing.T) {
			root := newRoot(&State{})
			cmd, rest, err := root.Find(ex.args)
			if err != nil {
				t.Fatalf("no such command: %v", err)
			}
			if cmd == root {
				t.Fatalf("names no command")
			}
			if err := cmd.ParseFlags(rest); err != nil {
				t.Fatalf("flags: %v", err)
			}
			if len(ex.output) > 0 {
				t.Errorf("example shows output; run it in a golden test instead")
			}
		})
	}

	// The command table of the manual lists every visible command.
	documented := map[string]bool{}
	var f *ast.File
	fset := token.NewFileSet()
	f, _ = parser.ParseFile(fset, "doc.go", nil, parser.ParseComments|parser.PackageClauseOnly)
	inTable := false
	for _, line := range strings.Split(docText(f.Doc), "\n") {
		if strings.HasPrefix(line, "# Commands") {
			inTable = true
			continue
		}
		if inTable && strings.HasPrefix(line, "#") {
			break
		}
		if inTable && strings.HasPrefix(line, "\t") {
			documented[strings.Fields(line)[0]] = true
		}
	}
	for _, c := range newRoot(&State{}).Commands() {
		if c.Hidden || c.Name() == "help" {
			continue
		}
		if !documented[c.Name()] {
			t.Errorf("command %s is not in the manual's command table", c.Name())
		}
		delete(documented, c.Name())
	}
	for name := range documented {
		t.Errorf("the manual lists %s, which does not exist", name)
	}
}
