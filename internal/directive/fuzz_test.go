package directive

import (
	"errors"
	"go/token"
	"math"
	"strings"
	"testing"

	"github.com/choragen/choragen/internal/metric"
)

// FuzzDirective checks that no comment makes the parser panic, that every
// error it returns is a *SyntaxError positioned on the line, and that every
// spec it returns is a sane bound; and that the Reader, given the line as a
// function's doc comment, agrees.
func FuzzDirective(f *testing.F) {
	for _, line := range seeds(f) {
		f.Add(line)
	}
	f.Fuzz(func(t *testing.T, line string) {
		pos := token.Position{Filename: "f.go", Offset: 10, Line: 3, Column: 1}
		d, err := Parse(pos, line)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q) error %T %v, want a *SyntaxError", line, err, err)
			}
			checkPos(t, line, pos, se.Pos)
			if d != nil {
				t.Fatalf("Parse(%q) returned a directive and an error", line)
			}
			if se.Msg == "" {
				t.Fatalf("Parse(%q): empty message", line)
			}
			return
		}
		if d == nil {
			return
		}
		for _, s := range d.Specs {
			checkPos(t, line, pos, s.Pos)
			if _, ok := metric.Lookup(s.Metric); !ok {
				t.Fatalf("Parse(%q): unknown metric %q", line, s.Metric)
			}
			if math.IsNaN(s.Max) || math.IsInf(s.Max, 0) || s.Max < 0 {
				t.Fatalf("Parse(%q): bound %v", line, s.Max)
			}
			if s.Percentile < 0 || s.Percentile >= 100 || s.Percentile != 0 && s.Metric != metric.Latency {
				t.Fatalf("Parse(%q): percentile %v on %s", line, s.Percentile, s.Metric)
			}
			if s.Metric == metric.Complexity && (!s.Class.Valid() || float64(s.Class) != s.Max) {
				t.Fatalf("Parse(%q): class %v, bound %v", line, s.Class, s.Max)
			}
		}

		// The same line as a doc comment: the Reader returns the same specs,
		// unless the line is not a line comment to Go.
		if strings.ContainsAny(line, "\r\n") {
			return
		}
		r := NewReader(strings.NewReader("package p\n\n"+line+"\nfunc F() {}\n"), "f.go")
		var specs []Spec
		for r.Scan() {
			switch rec := r.Record().(type) {
			case *SyntaxError:
				if rec.Pos.Filename != "f.go" || rec.Pos.Line < 1 || rec.Pos.Column < 1 {
					t.Fatalf("Reader: error without a position: %v", rec)
				}
				return // Go rejected the line (NUL, invalid UTF-8)
			case *Func:
				specs = rec.Specs
			}
		}
		if len(specs) != len(d.Specs) {
			t.Fatalf("Reader found %d specs in %q, Parse %d", len(specs), line, len(d.Specs))
		}
	})
}

// checkPos fails unless p is on the line that starts at pos.
func checkPos(t *testing.T, line string, pos, p token.Position) {
	t.Helper()
	col := p.Column - pos.Column
	if p.Filename != pos.Filename || p.Line != pos.Line || col < 0 || col > len(line) || p.Offset-pos.Offset != col {
		t.Fatalf("position %+v is not on line %q at %+v", p, line, pos)
	}
}
