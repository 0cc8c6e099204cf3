package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"

	"github.com/choragen/choragen/internal/metric"
)

// Parse reads a configuration from data; filename is used in positions
// and to find the project root (see Config.Root). It checks everything
// and returns every problem as an ErrorList; the configuration is nil
// then.
//
// An empty file (or one with only comments) is the Default configuration.
func Parse(data []byte, filename string) (*Config, error) {
	d := &decoder{file: filename}
	cfg := Default()
	cfg.path = filename
	if root := d.document(data); root != nil {
		d.config(root, cfg)
	}
	if len(d.errs) > 0 {
		d.errs.sort()
		return nil, d.errs
	}
	return cfg, nil
}

// Validate reports whether data is a valid configuration, with the errors
// Parse would return.
func Validate(data []byte, filename string) error {
	_, err := Parse(data, filename)
	return err
}

// decoder walks the YAML node tree by hand, so that every problem comes
// with the position of the key or value that causes it, and collects the
// problems.
type decoder struct {
	file string
	errs ErrorList
}

func (d *decoder) errAt(line, col int, format string, args ...any) {
	d.errs = append(d.errs, &Error{File: d.file, Line: max(line, 1), Col: col, Msg: fmt.Sprintf(format, args...)})
}

func (d *decoder) errf(n *yaml.Node, format string, args ...any) {
	d.errAt(n.Line, n.Column, format, args...)
}

func (d *decoder) pos(n *yaml.Node) Pos { return Pos{d.file, n.Line, n.Column} }

// document parses data as one YAML document and returns its root node, or
// nil for an empty document or a syntax error.
func (d *decoder) document(data []byte) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if !errors.Is(err, io.EOF) {
			d.syntax(data, err)
		}
		return nil
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		d.errf(&next, "a configuration holds one YAML document; this is a second one")
	case !errors.Is(err, io.EOF):
		d.syntax(data, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.ShortTag() == "!!null" {
		return nil // "---" alone, or "~": an empty document
	}
	return root
}

// syntax records a YAML syntax error at the position the parser gives,
// with the construct it was in, if that began elsewhere. Errors of the
// reader stage (bad UTF-8, control characters) come without a position,
// which is found here.
func (d *decoder) syntax(data []byte, err error) {
	var le *yaml.LoadError
	if !errors.As(err, &le) {
		d.errAt(1, 0, "invalid YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))
		return
	}
	msg := le.Message
	if le.ContextMsg != "" && le.ContextMark.Line > 0 && le.ContextMark != le.Mark {
		msg += fmt.Sprintf(" (%s that starts at %d:%d)", le.ContextMsg, le.ContextMark.Line, le.ContextMark.Column)
	}
	line, col := le.Mark.Line, le.Mark.Column
	if line == 0 {
		line, col = badChar(data)
	}
	if charAt(data, line, col) == '\t' {
		msg += "; YAML indents with spaces, not tabs"
	}
	d.errAt(line, col, "invalid YAML: %s", msg)
}

// badChar returns the position of the first invalid UTF-8 sequence or
// control character (other than tab and line breaks) in data.
func badChar(data []byte) (line, col int) {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 || r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f {
			return lineCol(data, i)
		}
		i += size
	}
	return 1, 0
}

// charAt returns the character at a line and column of data, or -1.
func charAt(data []byte, line, col int) rune {
	lines := bytes.Split(data, []byte("\n"))
	if line < 1 || line > len(lines) || col < 1 {
		return -1
	}
	for i, r := range string(lines[line-1]) {
		if col--; col == 0 {
			_ = i
			return r
		}
	}
	return -1
}

// lineCol converts a byte offset to a line and a column in characters.
func lineCol(data []byte, off int) (line, col int) {
	line = 1 + bytes.Count(data[:off], []byte("\n"))
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return line, 1 + utf8.RuneCount(data[start:off])
}

// config decodes the top-level mapping.
func (d *decoder) config(root *yaml.Node, cfg *Config) {
	d.fields(root, "", []field{
		{"contracts", func(_, v *yaml.Node) { d.contracts(v, cfg) }},
		{"benchmarks", func(_, v *yaml.Node) { d.benchmarks(v, &cfg.Benchmarks) }},
		{"thresholds", func(_, v *yaml.Node) { d.thresholds(v, &cfg.Thresholds) }},
	})
}

func (d *decoder) benchmarks(v *yaml.Node, b *Benchmarks) {
	const p = "benchmarks"
	d.fields(v, p, []field{
		{"enabled", func(_, v *yaml.Node) { d.boolean(v, p+".enabled", &b.Enabled) }},
		{"regressionThreshold", func(_, v *yaml.Node) {
			if f, ok := d.number(v, p+".regressionThreshold", nil); ok {
				if f < 0 {
					d.errf(v, "%s.regressionThreshold: must be at least 0 percent (got %v)", p, f)
					return
				}
				b.RegressionThreshold = f
			}
		}},
		{"baselineBranch", func(_, v *yaml.Node) {
			if s, ok := d.str(v, p+".baselineBranch"); ok {
				if s == "" || strings.ContainsFunc(s, unicode.IsSpace) {
					d.errf(v, "%s.baselineBranch: want a branch name, got %q", p, s)
					return
				}
				b.BaselineBranch = s
			}
		}},
		{"count", func(_, v *yaml.Node) {
			if n, ok := d.integer(v, p+".count"); ok {
				if n < 6 {
					d.errf(v, "%s.count: must be at least 6 (got %d): benchmath needs 6 repetitions for a 95%% confidence interval", p, n)
					return
				}
				b.Count = n
			}
		}},
		{"warmup", func(_, v *yaml.Node) {
			if n, ok := d.integer(v, p+".warmup"); ok {
				if n < 0 {
					d.errf(v, "%s.warmup: must be at least 0 (got %d)", p, n)
					return
				}
				b.Warmup = n
			}
		}},
		{"benchtime", func(_, v *yaml.Node) {
			if s, ok := d.str(v, p+".benchtime"); ok {
				if !validBenchtime(s) {
					d.errf(v, "%s.benchtime: want a duration such as 100ms or a count of iterations such as 50x, as go test -benchtime takes, got %q", p, s)
					return
				}
				b.Benchtime = s
			}
		}},
		{"store", func(_, v *yaml.Node) {
			if s, ok := d.str(v, p+".store"); ok {
				if strings.TrimSpace(s) == "" {
					d.errf(v, "%s.store: want a path or a postgres:// URL, got an empty string", p)
					return
				}
				b.Store = s
			}
		}},
	})
}

// validBenchtime reports whether s is a go test -benchtime value: a
// positive duration or a positive count followed by x.
func validBenchtime(s string) bool {
	if n, ok := strings.CutSuffix(s, "x"); ok {
		i, err := strconv.Atoi(n)
		return err == nil && i > 0 && n[0] != '+'
	}
	dur, err := time.ParseDuration(s)
	return err == nil && dur > 0
}

func (d *decoder) thresholds(v *yaml.Node, t *Thresholds) {
	const p = "thresholds"
	d.fields(v, p, []field{
		{"minScore", func(_, v *yaml.Node) {
			if f, ok := d.number(v, p+".minScore", nil); ok {
				if f < 0 || f > 100 {
					d.errf(v, "%s.minScore: must be between 0 and 100 (got %v)", p, f)
					return
				}
				t.MinScore = f
			}
		}},
		{"maxViolations", func(_, v *yaml.Node) {
			if n, ok := d.integer(v, p+".maxViolations"); ok {
				if n < 0 {
					d.errf(v, "%s.maxViolations: must be at least 0 (got %d)", p, n)
					return
				}
				t.MaxViolations = n
			}
		}},
	})
}

// contracts decodes the contract sections into cfg.sections, in
// sectionOrder whatever the order of the file.
func (d *decoder) contracts(v *yaml.Node, cfg *Config) {
	found := map[string]*section{}
	var fields []field
	for _, name := range sectionOrder {
		if name == "complexity" {
			fields = append(fields, field{name, func(_, v *yaml.Node) {
				found[name] = d.complexity(v)
			}})
			continue
		}
		spec := sectionSpecs[name]
		fields = append(fields, field{name, func(_, v *yaml.Node) {
			found[name] = d.section(spec, v, &cfg.over)
		}})
	}
	d.fields(v, "contracts", fields)
	for _, name := range sectionOrder {
		if s := found[name]; s != nil {
			cfg.sections = append(cfg.sections, *s)
		}
	}
}

func (d *decoder) complexity(v *yaml.Node) *section {
	const p = "contracts.complexity"
	enforce, enforceKey := true, (*yaml.Node)(nil)
	var class metric.Class
	var classVal *yaml.Node
	d.fields(v, p, []field{
		{"enforce", func(k, v *yaml.Node) {
			if d.boolean(v, p+".enforce", &enforce) {
				enforceKey = k
			}
		}},
		{"maxAllowed", func(_, v *yaml.Node) {
			s, ok := d.str(v, p+".maxAllowed")
			if !ok {
				return
			}
			c, err := metric.ParseClass(s)
			if err != nil {
				d.errf(v, "%s.maxAllowed: %v", p, err)
				return
			}
			class, classVal = c, v
		}},
	})
	if classVal == nil {
		if enforceKey != nil && enforce {
			d.errf(enforceKey, "%s.enforce: true needs maxAllowed, the complexity bound to enforce", p)
		}
		return nil
	}
	if !enforce {
		return nil
	}
	return &section{name: "complexity", defaults: []Rule{{
		Section: "complexity",
		Metric:  metric.Complexity,
		Max:     float64(class),
		Class:   class,
		Pos:     d.pos(classVal),
	}}}
}

// section decodes one contract section: its default and its overrides,
// each override refined over the default.
func (d *decoder) section(spec *sectionSpec, v *yaml.Node, all *[]Override) *section {
	p := "contracts." + spec.name
	var def *rawRule
	var defKey *yaml.Node
	type rawOverride struct {
		key     *yaml.Node
		pattern *Pattern
		rule    *rawRule
	}
	var overrides []rawOverride
	defOK := true
	d.fields(v, p, []field{
		{"default", func(k, v *yaml.Node) {
			defKey = k
			def = d.rule(spec, v, p+".default")
			defOK = def != nil
		}},
		{"overrides", func(_, v *yaml.Node) {
			op := p + ".overrides"
			if d.mapping(v, op) == nil {
				return
			}
			keyPath := func(key string) string { return fmt.Sprintf("%s[%q]", op, key) }
			d.entries(resolve(v), op, keyPath, func(k, v *yaml.Node) {
				path := keyPath(k.Value)
				pat, err := ParsePattern(k.Value)
				if err != nil {
					var pe *PatternError
					errors.As(err, &pe)
					d.errAt(k.Line, k.Column+keyOffset(k, pe.Offset), "%s: bad pattern: %s", path, pe.Msg)
				}
				r := d.rule(spec, v, path)
				if pat != nil && r != nil {
					overrides = append(overrides, rawOverride{k, pat, r})
				}
			})
		}},
	})
	s := &section{name: spec.name}
	if def != nil && !def.bad {
		if !spec.complete(def) {
			d.errf(defKey, "%s.default: sets %s", p, spec.missing())
		} else {
			s.defaults = spec.rules(def, "", d.pos(defKey))
		}
	}
	for _, o := range overrides {
		m := merge(def, o.rule)
		if !spec.complete(m) {
			if defKey == nil && !o.rule.bad {
				d.errf(o.key, "%s.overrides[%q]: sets %s, and %s has no default to inherit it from", p, o.key.Value, spec.missing(), p)
			}
			continue
		}
		if !defOK {
			continue
		}
		s.overrides = append(s.overrides, override{o.pattern, spec.rules(m, o.pattern.String(), d.pos(o.key))})
		*all = append(*all, Override{Section: spec.name, Pattern: o.pattern, Pos: d.pos(o.key)})
	}
	return s
}

// keyOffset converts a byte offset in a key's value to a column offset
// from the key's node, which starts at the opening quote of a quoted key.
func keyOffset(k *yaml.Node, off int) int {
	off = utf8.RuneCountInString(k.Value[:min(off, len(k.Value))])
	if k.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		off++
	}
	return off
}

// rule decodes a default or an override of a section; nil when it is not
// a mapping. Keys with bad values are left out of the result.
func (d *decoder) rule(spec *sectionSpec, v *yaml.Node, p string) *rawRule {
	if d.mapping(v, p) == nil {
		return nil
	}
	r := &rawRule{nums: map[string]float64{}}
	var fields []field
	// "100ms" for max: the unit goes in its own key.
	var unitHint func(string) string
	if spec.units != nil {
		unitHint = func(s string) string {
			if !startsWithNumber(s) {
				return ""
			}
			return fmt.Sprintf("write the unit in unit:, as in max: 100, unit: %s", spec.defUnit)
		}
	}
	for _, q := range spec.quantities {
		fields = append(fields, field{q.key, func(_, v *yaml.Node) {
			kp := p + "." + q.key
			var hint func(string) string
			if q.scaled {
				hint = unitHint
			}
			f, ok := d.number(v, kp, hint)
			switch {
			case !ok:
			case f < 0:
				d.errf(v, "%s: must be at least 0 (got %v)", kp, f)
			case f == 0 && !q.zeroOK:
				d.errf(v, "%s: must be greater than 0 (got 0)", kp)
			default:
				r.nums[q.key] = f
			}
		}})
	}
	if spec.units != nil {
		fields = append(fields, field{"unit", func(_, v *yaml.Node) {
			s, ok := d.str(v, p+".unit")
			if !ok {
				return
			}
			if _, ok := spec.unit(s); !ok {
				hint := ""
				if sug := suggest(s, spec.unitNames()); sug != "" {
					hint = fmt.Sprintf("; did you mean %s?", sug)
				}
				d.errf(v, "%s.unit: unknown unit %q (want %s%s)", p, s, orList(spec.unitNames()), hint)
				return
			}
			r.unit = s
		}})
	}
	if spec.percentile {
		fields = append(fields, field{"percentile", func(_, v *yaml.Node) {
			kp := p + ".percentile"
			f, ok := d.number(v, kp, func(s string) string {
				if !strings.HasPrefix(strings.ToLower(s), "p") || !isNumber(s[1:]) {
					return ""
				}
				return "write the percentile as a number, as in percentile: " + s[1:]
			})
			if !ok {
				return
			}
			if f <= 0 || f >= 100 {
				d.errf(v, "%s: must be between 0 and 100, exclusive (got %v)", kp, f)
				return
			}
			r.nums["percentile"] = f
		}})
	}
	before := len(d.errs)
	d.fields(v, p, fields)
	// A key with a bad value or an unknown key has been reported: saying
	// the rule sets no threshold as well would only repeat it.
	r.bad = len(d.errs) > before
	return r
}

// A field is a key a mapping may have and what to do with its value.
type field struct {
	key string
	fn  func(k, v *yaml.Node)
}

// fields decodes mapping n, named p, whose keys must be among fields.
func (d *decoder) fields(n *yaml.Node, p string, fields []field) {
	m := d.mapping(n, p)
	if m == nil {
		return
	}
	d.entries(m, p, func(key string) string { return join(p, key) }, func(k, v *yaml.Node) {
		for _, f := range fields {
			if f.key == k.Value {
				f.fn(k, v)
				return
			}
		}
		keys := make([]string, len(fields))
		for i, f := range fields {
			keys[i] = f.key
		}
		hint := ""
		if s := suggest(k.Value, keys); s != "" {
			hint = fmt.Sprintf("; did you mean %s?", s)
		}
		d.errf(k, "%s: unknown key (want %s%s)", join(p, k.Value), orList(keys), hint)
	})
}

// entries calls fn for each key of mapping n, after checking that the key
// is a string, not a merge key, and not a duplicate.
func (d *decoder) entries(n *yaml.Node, p string, keyPath func(string) string, fn func(k, v *yaml.Node)) {
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.AliasNode {
			r := *resolve(k) // the aliased key, at the alias's position
			r.Line, r.Column = k.Line, k.Column
			k = &r
		}
		switch {
		case k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge":
			d.errf(k, "%s: merge keys (<<) are not supported; use an alias (*name) for a whole value", orRoot(p))
			continue
		case k.Kind != yaml.ScalarNode || k.ShortTag() != "!!str":
			d.errf(k, "%s: a key must be a string, not %s (quote it)", orRoot(p), describe(resolve(k)))
			continue
		}
		if first, dup := seen[k.Value]; dup {
			d.errf(k, "%s: duplicate key (first at %d:%d)", keyPath(k.Value), first.Line, first.Column)
			continue
		}
		seen[k.Value] = k
		fn(k, v)
	}
}

// mapping returns n (through an alias) when it is a mapping, else reports
// what it is and returns nil.
func (d *decoder) mapping(n *yaml.Node, p string) *yaml.Node {
	r := resolve(n)
	if r.Kind != yaml.MappingNode {
		d.errf(n, "%s: want a mapping, got %s", orRoot(p), describe(r))
		return nil
	}
	return r
}

// scalar returns n (through an alias) when it is a scalar with one of
// tags, else reports it and returns nil.
func (d *decoder) scalar(n *yaml.Node, p, want, hint string, tags ...string) *yaml.Node {
	r := resolve(n)
	if r.Kind == yaml.ScalarNode {
		for _, t := range tags {
			if r.ShortTag() == t {
				return r
			}
		}
	}
	if hint != "" {
		hint = "; " + hint
	}
	d.errf(n, "%s: want %s, got %s%s", p, want, describe(r), hint)
	return nil
}

// number decodes a finite number. When the value is a string, hint (if
// not nil) may say how to write it instead, as for "100ms" or "p95".
func (d *decoder) number(n *yaml.Node, p string, hint func(string) string) (float64, bool) {
	r := resolve(n)
	msg := ""
	if r.Kind == yaml.ScalarNode && r.ShortTag() == "!!str" {
		if isNumber(r.Value) {
			msg = "remove the quotes"
		} else if hint != nil {
			msg = hint(strings.TrimSpace(r.Value))
		}
	}
	s := d.scalar(n, p, "a number", msg, "!!int", "!!float")
	if s == nil {
		return 0, false
	}
	var f float64
	if err := s.Decode(&f); err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		d.errf(n, "%s: want a finite number, got the number %s", p, s.Value)
		return 0, false
	}
	return f, true
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return err == nil
}

func startsWithNumber(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && (s[0] >= '0' && s[0] <= '9' || s[0] == '.')
}

// integer decodes a whole number (within ±2^53, so exact in a float).
func (d *decoder) integer(n *yaml.Node, p string) (int, bool) {
	r := resolve(n)
	hint := ""
	if r.Kind == yaml.ScalarNode && r.ShortTag() == "!!str" {
		if isNumber(r.Value) {
			hint = "remove the quotes"
		}
	}
	s := d.scalar(n, p, "a whole number", hint, "!!int", "!!float")
	if s == nil {
		return 0, false
	}
	var f float64
	if err := s.Decode(&f); err != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		d.errf(n, "%s: want a whole number, got the number %s", p, s.Value)
		return 0, false
	}
	return int(f), true
}

func (d *decoder) boolean(n *yaml.Node, p string, dst *bool) bool {
	s := d.scalar(n, p, "true or false", "", "!!bool")
	if s == nil {
		return false
	}
	if err := s.Decode(dst); err != nil {
		d.errf(n, "%s: want true or false, got %s", p, s.Value)
		return false
	}
	return true
}

func (d *decoder) str(n *yaml.Node, p string) (string, bool) {
	s := d.scalar(n, p, "a string", "", "!!str")
	if s == nil {
		return "", false
	}
	return s.Value, true
}

// resolve follows aliases to the node they name.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 100; i++ {
		n = n.Alias
	}
	return n
}

// describe names what a node is, for "want X, got Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!str":
			return fmt.Sprintf("the string %q", n.Value)
		case "!!int", "!!float":
			return "the number " + n.Value
		case "!!bool":
			return n.Value
		case "!!null":
			return "nothing (null)"
		}
		return fmt.Sprintf("a value tagged %s", n.ShortTag())
	}
	return "an alias"
}

func join(p, key string) string {
	if p == "" {
		return key
	}
	return p + "." + key
}

func orRoot(p string) string {
	if p == "" {
		return "the file"
	}
	return p
}
