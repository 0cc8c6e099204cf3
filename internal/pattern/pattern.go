// Package pattern matches choragen's override patterns against targets:
// relative function names ("api.FetchUser", "store.(*DB).Get") and HTTP
// routes as registered with ServeMux ("GET /api/users/{id}").
//
// It is the matcher behind .choragen/performance.yaml's overrides
// (internal/config) and behind the route rules that perf/perfhttp applies
// at run time, so both select the same targets. It imports only the
// standard library, because perf/perfhttp lands in users' builds.
//
// The rules (DESIGN.md, "Override patterns"):
//
//   - "P/*" selects every target in package P and every route whose path
//     starts with "/P/"; "P/**" also the sub-packages of P.
//   - A pattern that starts with an HTTP method and a space, or with "/",
//     is a route pattern: a Go 1.22 ServeMux pattern in which "*" and "**"
//     are globs, checked the way ServeMux checks a pattern.
//   - Otherwise "*" matches any characters except "/" and "**" any
//     characters, over the whole target.
//   - Of the patterns that select a target, the most specific (the most
//     literal characters, Specificity) wins; ties go to the one written
//     later. Callers apply that rule; this package counts.
package pattern

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A Pattern is an override pattern: it selects targets (relative function
// names such as "api.FetchUser" and routes such as "GET /api/users/{id}")
// by the rules of DESIGN.md ("Override patterns"):
//
//   - "P/*" selects every target in package P and every route whose path
//     starts with "/P/"; "P/**" also the sub-packages of P.
//   - A pattern that starts with an HTTP method and a space, or with "/",
//     is a route pattern: a Go 1.22 ServeMux pattern in which "*" and "**"
//     are globs. Without a method it matches routes of any method.
//   - Otherwise "*" matches any characters except "/" and "**" any
//     characters, over the whole target.
//
// Wildcard names in routes do not matter: "{id}" in a pattern matches
// "{userID}" in a route, as ServeMux would treat them alike.
type Pattern struct {
	text string
	kind patternKind
	// glob is the part matched with globMatch: the whole pattern for
	// kindGlob, P for kindPackage, the route after the method (host and
	// path, wildcard names removed) for kindRoute.
	glob   string
	method string // kindRoute: "" for any method
	deep   bool   // kindPackage: "P/**"
	spec   int
}

type patternKind uint8

const (
	kindGlob patternKind = iota
	kindPackage
	kindRoute
)

// methods are the HTTP methods a route pattern may start with: those of
// net/http. ServeMux accepts any token, but a misspelt or lower-case method
// would silently match nothing, so a pattern with one is refused.
var methods = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE"}

// Error is a malformed pattern. Offset is the byte offset in the pattern
// where the problem is.
type Error struct {
	Pattern string
	Offset  int
	Msg     string
}

func (e *Error) Error() string {
	return fmt.Sprintf("bad pattern %q: at offset %d: %s", e.Pattern, e.Offset, e.Msg)
}

// Parse checks an override pattern and prepares it for matching. Its
// error is an *Error.
func Parse(s string) (*Pattern, error) {
	fail := func(off int, format string, args ...any) (*Pattern, error) {
		return nil, &Error{Pattern: s, Offset: off, Msg: fmt.Sprintf(format, args...)}
	}
	if s == "" {
		return fail(0, "empty pattern")
	}
	for i, r := range s {
		if r == utf8.RuneError || unicode.IsControl(r) && r != '\t' {
			return fail(i, "control or invalid character %q", r)
		}
	}
	if i := strings.Index(s, "***"); i >= 0 {
		return fail(i, "*** is not a wildcard: use * (within a path element) or ** (across them)")
	}
	p := &Pattern{text: s}
	if method, rest, ok := splitRoute(s); ok {
		if method != "" && !slices.Contains(methods, method) {
			return fail(0, "unknown HTTP method %q (want %s)", method, orList(methods))
		}
		if off, msg := checkServeMux(method, rest); msg != "" {
			return fail(len(s)-len(rest)+off, "%s", msg)
		}
		p.kind, p.method, p.glob = kindRoute, method, canonRoute(rest)
		p.spec = literals(canonTarget(method, rest))
		return p, nil
	}
	if strings.HasSuffix(s, "/") {
		return fail(len(s)-1, "a pattern cannot end in /: write P/* for the targets in package P")
	}
	if i := strings.Index(s, "//"); i >= 0 {
		return fail(i+1, "empty path element")
	}
	// Braces only occur in routes, whose wildcard names do not matter.
	p.kind, p.glob = kindGlob, canonRoute(s)
	if pkg, ok := strings.CutSuffix(s, "/**"); ok {
		p.kind, p.glob, p.deep = kindPackage, pkg, true
	} else if pkg, ok := strings.CutSuffix(s, "/*"); ok {
		p.kind, p.glob = kindPackage, pkg
	}
	// A package pattern's literal "/" counts: "api/*" is more specific than
	// "api*" would be.
	p.spec = literals(canonRoute(s))
	return p, nil
}

// MustParse is like Parse but panics on a bad pattern. It is for patterns
// written in code.
func MustParse(s string) *Pattern {
	p, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return p
}

// String returns the pattern as written.
func (p *Pattern) String() string { return p.text }

// Specificity is the number of literal characters in the pattern, every
// character but the wildcards "*" and "**" (a route's "{name}" counts as
// "{}"). Among the overrides that match a target, the most specific wins.
func (p *Pattern) Specificity() int { return p.spec }

// IsRoute reports whether p is a route pattern: one that starts with an
// HTTP method and a space, or with "/". Only routes match it.
func (p *Pattern) IsRoute() bool { return p.kind == kindRoute }

// Match reports whether the pattern selects target, a relative function
// name or a route.
func (p *Pattern) Match(target string) bool {
	t := ParseTarget(target)
	return p.MatchTarget(&t)
}

// A Target is a target split into what patterns look at, once for all the
// patterns it is matched against (ParseTarget).
type Target struct {
	name    string // as given
	isRoute bool
	method  string // routes: "" when registered without one
	rest    string // routes: host and path
	canon   string // routes: rest without wildcard names
	full    string // what generic globs see: the name, or for routes canonTarget
	pkg     string // functions: the package path, "" for the root package
}

// ParseTarget prepares target, a relative function name or a route, for
// MatchTarget.
func ParseTarget(s string) Target {
	t := Target{name: s, full: s}
	if method, rest, ok := splitRoute(s); ok && IsRoute(s) {
		t.isRoute, t.method, t.rest, t.canon = true, method, rest, canonRoute(rest)
		if method == "" {
			t.full = t.canon
		} else if rest != t.canon || len(s) != len(method)+1+len(rest) || s[len(method)] != ' ' {
			t.full = method + " " + t.canon
		}
	} else {
		t.pkg = packageOf(s)
	}
	return t
}

// String returns the target as given.
func (t *Target) String() string { return t.name }

// IsRoute reports whether target is an HTTP route as ServeMux registers
// it ("GET /api/users/{id}", "/healthz", "GET example.com/x") rather than
// a pprof-style function name: it starts with "/", or with a method (an
// HTTP token, such as GET) and a space or tab before a host and path that
// hold a "/". Function names hold no space, and the package path before
// one would not be a token; so a code-declared name with a space in it
// ("example.com/a.F x/y") stays a function.
func IsRoute(target string) bool {
	if strings.HasPrefix(target, "/") {
		return true
	}
	method, rest, ok := splitRoute(target)
	return ok && isToken(method) && strings.Contains(rest, "/")
}

// isToken reports whether s is an HTTP token (RFC 9110, section 5.6.2),
// what ServeMux accepts as a method.
func isToken(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// IsRoute reports whether the target is a route ("GET /api/users/{id}",
// "/health") rather than a function name (the function IsRoute).
func (t *Target) IsRoute() bool { return t.isRoute }

// MatchTarget is Match for a target prepared by ParseTarget.
func (p *Pattern) MatchTarget(t *Target) bool {
	switch p.kind {
	case kindRoute:
		if !t.isRoute || p.method != "" && p.method != t.method {
			return false
		}
		return globMatch(p.glob, t.canon)
	case kindPackage:
		if t.isRoute {
			return matchRoutePrefix(p.glob, t.rest)
		}
		if t.pkg == "" {
			return false // the root package has no path for P to match
		}
		if globMatch(p.glob, t.pkg) {
			return true
		}
		if p.deep {
			for i := 0; i < len(t.pkg); i++ {
				if t.pkg[i] == '/' && globMatch(p.glob, t.pkg[:i]) {
					return true
				}
			}
		}
		return false
	}
	return globMatch(p.glob, t.full)
}

// ParseRoute is Parse for a pattern that must be a route pattern
// ("GET /api/**", "/health"), such as one that perfhttp is given in code.
func ParseRoute(s string) (*Pattern, error) {
	p, err := Parse(s)
	if err != nil {
		return nil, err
	}
	if !p.IsRoute() {
		return nil, &Error{Pattern: s, Offset: 0, Msg: `not a route pattern: want "METHOD /path" or "/path"`}
	}
	return p, nil
}

// Match reports whether pattern selects target. A malformed pattern
// selects nothing.
func Match(pattern, target string) bool {
	p, err := Parse(pattern)
	return err == nil && p.Match(target)
}

// Specificity returns the specificity of pattern (see
// Pattern.Specificity), or -1 when it is malformed.
func Specificity(pattern string) int {
	p, err := Parse(pattern)
	if err != nil {
		return -1
	}
	return p.spec
}

// matchRoutePrefix reports whether the route (host and path) has a path
// that starts with "/X/" where X matches the package glob.
func matchRoutePrefix(pkg, route string) bool {
	i := strings.IndexByte(route, '/')
	if i < 0 {
		return false
	}
	p := route[i:]
	for j := 1; j < len(p); j++ {
		if p[j] == '/' && globMatch(pkg, p[1:j]) {
			return true
		}
	}
	return false
}

// packageOf returns the package path of a relative function name:
// "api/v2.List" → "api/v2", "store.(*DB).Get" → "store", and "" for the
// root package ("FetchUser", "(*DB).Get").
//
// Note: like pprof, it takes the package to end at the first "." after the
// last "/", so a root package method with a value receiver ("DB.Get") reads
// as package "DB".
func packageOf(name string) string {
	slash := strings.LastIndexByte(name, '/')
	rest := name[slash+1:]
	dot := strings.IndexByte(rest, '.')
	if slash < 0 && (dot < 0 || strings.HasPrefix(rest, "(")) {
		return ""
	}
	if dot < 0 {
		return name
	}
	return name[:slash+1+dot]
}

// splitRoute splits a route pattern or target into its method and the rest
// (host and path). ok is false for anything that is not a route: relative
// function names contain no space and do not start with "/".
//
// As in ServeMux, the first space or tab ends the method.
func splitRoute(s string) (method, rest string, ok bool) {
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		return s[:i], strings.TrimLeft(s[i+1:], " \t"), true
	}
	if strings.HasPrefix(s, "/") {
		return "", s, true
	}
	return "", "", false
}

// canonTarget returns a route with a single space after its method and
// wildcard names removed, the form route patterns are counted in.
func canonTarget(method, rest string) string {
	if method == "" {
		return canonRoute(rest)
	}
	return method + " " + canonRoute(rest)
}

// canonRoute removes the names of ServeMux wildcards: "{id}" → "{}",
// "{rest...}" → "{...}"; "{$}" stays.
func canonRoute(s string) string {
	if !strings.Contains(s, "{") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		name := s[i+1 : i+j]
		b.WriteString(s[:i+1])
		switch {
		case name == "$":
			b.WriteString("$")
		case strings.HasSuffix(name, "..."):
			b.WriteString("...")
		}
		b.WriteByte('}')
		s = s[i+j+1:]
	}
	b.WriteString(s)
	return b.String()
}

// literals counts the characters of a glob that are not wildcards.
func literals(glob string) int {
	return utf8.RuneCountInString(glob) - strings.Count(glob, "*")
}

// checkServeMux checks the host and path of a route pattern the way Go's
// ServeMux parses them (net/http/pattern.go, parsePattern), so that a
// pattern copied from a HandleFunc call is accepted and a bad one gets
// ServeMux's message; a test compares the two. It returns an offset into
// rest and a message, or "" when the pattern is good.
func checkServeMux(method, rest string) (int, string) {
	i := strings.IndexByte(rest, '/')
	if i < 0 {
		return 0, "host/path missing /"
	}
	host, p := rest[:i], rest[i:]
	if j := strings.IndexByte(host, '{'); j >= 0 {
		return j, "host contains '{' (missing initial '/'?)"
	}
	if method != "" && method != "CONNECT" && p != cleanPath(p) {
		return i, "non-CONNECT pattern with unclean path can never match"
	}
	seen := map[string]bool{}
	for len(p) > 0 {
		p = p[1:] // p[0] == '/'
		off := len(rest) - len(p)
		if p == "" {
			break
		}
		j := strings.IndexByte(p, '/')
		if j < 0 {
			j = len(p)
		}
		var seg string
		seg, p = p[:j], p[j:]
		k := strings.IndexByte(seg, '{')
		if k < 0 {
			continue
		}
		if k != 0 {
			return off, "bad wildcard segment (must start with '{')"
		}
		if seg[len(seg)-1] != '}' {
			return off, "bad wildcard segment (must end with '}')"
		}
		name := seg[1 : len(seg)-1]
		if name == "$" {
			if p != "" {
				return off, "{$} not at end"
			}
			break
		}
		name, multi := strings.CutSuffix(name, "...")
		if multi && p != "" {
			return off, "{...} wildcard not at end"
		}
		if name == "" {
			return off, "empty wildcard"
		}
		if !isIdent(name) {
			return off, fmt.Sprintf("bad wildcard name %q", name)
		}
		if seen[name] {
			return off, fmt.Sprintf("duplicate wildcard name %q", name)
		}
		seen[name] = true
	}
	return 0, ""
}

func isIdent(s string) bool {
	for i, c := range s {
		if !unicode.IsLetter(c) && c != '_' && (i == 0 || !unicode.IsDigit(c)) {
			return false
		}
	}
	return s != ""
}

// cleanPath is net/http's: path.Clean, keeping a trailing slash.
func cleanPath(p string) string {
	if p == "" {
		return "/"
	}
	if p[0] != '/' {
		p = "/" + p
	}
	np := path.Clean(p)
	if p[len(p)-1] == '/' && np != "/" {
		if len(p) == len(np)+1 && strings.HasPrefix(p, np) {
			np = p
		} else {
			np += "/"
		}
	}
	return np
}

// globMatch reports whether s matches glob g, in which "**" matches any
// characters and "*" any characters except '/'. It simulates the glob's
// automaton over the positions in g (O(len(g)·len(s)), no backtracking),
// so no pattern makes it slow.
func globMatch(g, s string) bool {
	// Literal text before the first and after the last wildcard must be
	// there: most patterns are rejected by these checks alone.
	first := strings.IndexByte(g, '*')
	if first < 0 {
		return g == s
	}
	last := strings.LastIndexByte(g, '*')
	if !strings.HasPrefix(s, g[:first]) || !strings.HasSuffix(s, g[last+1:]) || len(s) < first+len(g)-last-1 {
		return false
	}
	var buf [2 * 65]bool
	n := len(g) + 1
	var cur, next []bool
	if n <= 65 {
		cur, next = buf[:n], buf[65:65+n]
	} else {
		cur, next = make([]bool, n), make([]bool, n)
	}
	cur[0] = true
	closeStars(g, cur)
	for i := 0; i < len(s); i++ {
		c := s[i]
		clear(next)
		live := false
		for j := 0; j < len(g); j++ {
			if g[j] == '*' {
				double := j+1 < len(g) && g[j+1] == '*'
				if cur[j] && (double || c != '/') {
					next[j], live = true, true
				}
				if double {
					j++
				}
				continue
			}
			if cur[j] && g[j] == c {
				next[j+1], live = true, true
			}
		}
		if !live {
			return false
		}
		closeStars(g, next)
		cur, next = next, cur
	}
	return cur[len(g)]
}

// closeStars adds to set the positions reachable by letting wildcards
// match nothing.
func closeStars(g string, set []bool) {
	for j := 0; j < len(g); j++ {
		if g[j] != '*' {
			continue
		}
		w := 1
		if j+1 < len(g) && g[j+1] == '*' {
			w = 2
		}
		if set[j] {
			set[j+w] = true
		}
		j += w - 1
	}
}

// orList formats ["a", "b", "c"] as "a, b or c".
func orList(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}
