package directive

import (
	"fmt"
	"go/token"
	"strings"
)

// prefix starts every directive, as "//go:" starts the toolchain's.
const prefix = "//perf"

// Parse parses one comment, as go/ast gives it in ast.Comment.Text
// ("//perf:latency max=100ms p=95"), found at pos. It returns nil and no
// error for a comment that is not a directive ("// perf: note",
// "//perfect"), and a *SyntaxError at the offending token for one that is
// malformed.
//
// "//perf" followed by spaces and then ':' or a directive name
// ("//perf :latency", "//perf latency max=1ms") is an error rather than a
// comment: it can only be a directive written wrong.
func Parse(pos token.Position, text string) (*Directive, error) {
	rest, ok := strings.CutPrefix(text, prefix)
	if !ok {
		return nil, nil
	}
	if !strings.HasPrefix(rest, ":") {
		trimmed := strings.TrimLeft(rest, " \t")
		if len(trimmed) == len(rest) {
			return nil, nil // "//perf" then a letter or anything else: another word
		}
		name := trimmed
		if i := strings.IndexAny(trimmed, " \t"); i >= 0 {
			name = trimmed[:i]
		}
		if !strings.HasPrefix(trimmed, ":") && lookupDirective(name) == nil {
			return nil, nil // "//perf is ..." is prose
		}
		return nil, &SyntaxError{at(pos, len(prefix)), "no space is allowed after //perf (write //perf:<directive>)"}
	}
	p := lineParser{pos: pos, text: text}
	return p.parse()
}

type lineParser struct {
	pos  token.Position
	text string
}

func (p *lineParser) errAt(off int, format string, args ...any) error {
	return &SyntaxError{at(p.pos, off), fmt.Sprintf(format, args...)}
}

// A field is one space-separated token of a directive line and its byte
// offset in the comment.
type field struct {
	off  int
	text string
}

func (p *lineParser) parse() (*Directive, error) {
	off := len(prefix) + 1 // after "//perf:"
	fields, err := p.fields(off)
	if err != nil {
		return nil, err
	}
	if off < len(p.text) && (p.text[off] == ' ' || p.text[off] == '\t') {
		return nil, p.errAt(off, "no space is allowed after //perf: (write //perf:<directive>)")
	}
	if len(fields) == 0 {
		return nil, p.errAt(off, "missing directive name after //perf: (want one of %s)", strings.Join(Names(), ", "))
	}
	name := fields[0]
	def := lookupDirective(name.text)
	if def == nil {
		msg := fmt.Sprintf("unknown directive %q (want one of %s)", prefix+":"+name.text, strings.Join(Names(), ", "))
		if s := suggest(name.text, Names()); s != "" {
			msg = fmt.Sprintf("unknown directive %q (did you mean //perf:%s?)", prefix+":"+name.text, s)
		}
		return nil, p.errAt(name.off, "%s", msg)
	}
	d := &Directive{Name: def.name, Pos: p.pos}
	seen := map[string]int{}
	var (
		percentile float64
		latency    = -1 // index in d.Specs of the latency spec, which p= modifies
	)
	for _, f := range fields[1:] {
		key, val, ok := strings.Cut(f.text, "=")
		switch {
		case !ok && strings.HasPrefix(f.text, "//"):
			return nil, p.errAt(f.off, "a directive cannot end with a comment (put the comment on its own line)")
		case !ok && isIdent(f.text):
			return nil, p.errAt(f.off, "%q is not key=value (write %s=<value>, without spaces around '=')", f.text, f.text)
		case !ok:
			return nil, p.errAt(f.off, "%q is not key=value", f.text)
		case key == "":
			return nil, p.errAt(f.off, "missing key before '=' in %q (no spaces are allowed around '=')", f.text)
		case val == "":
			return nil, p.errAt(f.off, "missing value after %s= (no spaces are allowed around '=')", key)
		}
		kd := def.lookupKey(key)
		if kd == nil {
			if s := suggest(key, keyNames(def)); s != "" {
				return nil, p.errAt(f.off, "unknown key %q for //perf:%s (did you mean %s=?)", key, def.name, s)
			}
			return nil, p.errAt(f.off, "unknown key %q for //perf:%s (want %s)", key, def.name, keyList(def))
		}
		if first, dup := seen[key]; dup {
			return nil, p.errAt(f.off, "duplicate key %s= (first at column %d)", key, p.pos.Column+first)
		}
		seen[key] = f.off
		x, class, err := parseValue(kd.kind, val)
		if err != nil {
			return nil, p.errAt(f.off, "%s=%s: %v", key, val, err)
		}
		pos := at(p.pos, f.off)
		switch {
		case kd.kind == vBench:
			d.Bench, d.BenchPos = val, pos
		case kd.kind == vPercentile:
			percentile = x
		default:
			if kd.metric == "latency" {
				latency = len(d.Specs)
			}
			d.Specs = append(d.Specs, Spec{Metric: kd.metric, Max: x, Class: class,
				Directive: def.name, Key: key, Value: val, Pos: pos})
		}
	}
	if def.requiresMax {
		if _, ok := seen["max"]; !ok {
			return nil, p.errAt(name.off, "//perf:%s needs max=", def.name)
		}
	} else if len(d.Specs) == 0 {
		return nil, p.errAt(name.off, "//perf:%s needs at least one of %s", def.name, metricKeyList(def))
	}
	if latency >= 0 {
		d.Specs[latency].Percentile = percentile
	}
	return d, nil
}

// fields splits the comment after off at spaces and tabs, keeping
// parentheses together so that "max=O(n log n)" is one field.
func (p *lineParser) fields(off int) ([]field, error) {
	var out []field
	s := p.text
	for i := off; i < len(s); {
		if s[i] == ' ' || s[i] == '\t' {
			i++
			continue
		}
		start, depth := i, 0
		for ; i < len(s) && (depth > 0 || (s[i] != ' ' && s[i] != '\t')); i++ {
			switch s[i] {
			case '(':
				depth++
			case ')':
				if depth == 0 {
					return nil, p.errAt(i, "unbalanced ')' in %q", s[start:min(len(s), i+1)])
				}
				depth--
			}
		}
		if depth > 0 {
			return nil, p.errAt(start, "unclosed '(' in %q", s[start:])
		}
		out = append(out, field{start, s[start:i]})
	}
	return out, nil
}

func keyNames(def *dirDef) []string {
	var keys []string
	for _, k := range def.keys {
		keys = append(keys, k.key)
	}
	return keys
}

func keyList(def *dirDef) string {
	var keys []string
	for _, k := range def.keys {
		keys = append(keys, k.key+"=")
	}
	return strings.Join(keys, ", ")
}

func metricKeyList(def *dirDef) string {
	var keys []string
	for _, k := range def.keys {
		if k.metric != "" {
			keys = append(keys, k.key+"=")
		}
	}
	return strings.Join(keys, ", ")
}

// suggest returns the candidate closest to s when it is a likely typo: a
// difference of case only, or an edit distance of at most 2 that leaves
// more than half of the candidate.
func suggest(s string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if strings.EqualFold(s, c) {
			return c
		}
		if d := distance(s, c); d < bestD && 2*d < len(c) {
			best, bestD = c, d
		}
	}
	return best
}

// distance is the Levenshtein distance between a and b, in bytes.
func distance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return len(a) + len(b) // not a typo; and keeps the work bounded
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
