package pattern

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/choragen/choragen/internal/race"
)

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		yes, no []string
	}{
		// DESIGN.md, "Override patterns".
		{"api/*",
			[]string{"api.FetchUser", "api.(*Server).List", "api.FetchUser.func1", "GET /api/users/{id}", "POST /api/", "/api/x", "GET shop.example.com/api/x"},
			[]string{"api/v2.List", "apix.F", "xapi.F", "FetchUser", "GET /api", "GET /apix/users", "GET /v1/api/users"}},
		{"api/**",
			[]string{"api.FetchUser", "api/v2.List", "api/v2/inner.F", "GET /api/users/{id}", "GET /api/v2/x"},
			[]string{"apix/v2.List", "GET /api", "store.Get"}},
		{"store.*Get*",
			[]string{"store.(*DB).Get", "store.GetUser", "store.Get"},
			[]string{"store/sub.Get", "stores.Get", "store.Put", "api.Get"}},
		{"GET /api/**",
			[]string{"GET /api/users/{id}", "GET /api/", "GET  /api/x", "GET\t/api/a/b/c"},
			[]string{"POST /api/users", "/api/users", "GET /apis", "api.Get", "GET shop.example.com/api/x"}},
		{"GET /api/users/{id}",
			[]string{"GET /api/users/{id}", "GET /api/users/{userID}"},
			[]string{"GET /api/users/{id...}", "GET /api/users/42", "POST /api/users/{id}", "GET /api/users/{id}/posts"}},
		{"GET /api/*",
			[]string{"GET /api/users", "GET /api/{id}"},
			[]string{"GET /api/users/{id}", "GET /api"}},
		{"/api/**",
			[]string{"GET /api/users", "POST /api/x", "/api/x"},
			[]string{"api.F", "GET /v1/api/x"}},
		{"/health",
			[]string{"GET /health", "/health"},
			[]string{"GET /healthz", "health.F"}},
		// Generic globs.
		{"*",
			[]string{"FetchUser", "api.FetchUser", "store.(*DB).Get"},
			[]string{"api/v2.List", "GET /x"}},
		{"**",
			[]string{"FetchUser", "api/v2.List", "GET /api/users/{id}", "/x"},
			nil},
		{"**.Get",
			[]string{"store.(*DB).Get", "a/b/c.Get", "GET /x.Get"},
			[]string{"store.GetX"}},
		{"*/*.List",
			[]string{"api/v2.List"},
			[]string{"api.List", "a/b/c.List"}},
		{"Fetch*",
			[]string{"FetchUser", "Fetch"},
			[]string{"api.FetchUser"}},
		{"store.(*DB).Get",
			[]string{"store.(*DB).Get", "store.(xDB).Get"},
			[]string{"store.(*DB).GetAll"}},
		{"**/{id}",
			[]string{"GET /users/{id}", "GET /users/{userID}"},
			[]string{"GET /users/{id...}"}},
		{"internal/store/*",
			[]string{"internal/store.Open", "GET /internal/store/x"},
			[]string{"internal.Open", "internal/store/sql.Open"}},
		{"G**",
			[]string{"GET /x", "GET\t/x/{id}", "GETUser"},
			[]string{"POST /x", "/x"}},
		{"**/{x}",
			[]string{"GET /x/{id}", "GET  /x/{id}", "/x/{id}"},
			[]string{"GET /x/{id...}"}},
		// Package globs.
		{"*/*",
			[]string{"api.F", "store.(*DB).Get", "GET /api/x"},
			[]string{"FetchUser", "(*DB).Get", "api/v2.F", "GET /x"}},
		{"svc*/**",
			[]string{"svc1.F", "svcA/inner.F", "GET /svcA/x"},
			[]string{"api.F", "GET /api/x"}},
	} {
		p, err := Parse(tc.pattern)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.pattern, err)
			continue
		}
		for _, target := range tc.yes {
			if !p.Match(target) {
				t.Errorf("%q does not match %q; want a match", tc.pattern, target)
			}
			if !Match(tc.pattern, target) {
				t.Errorf("Match(%q, %q) = false", tc.pattern, target)
			}
		}
		for _, target := range tc.no {
			if p.Match(target) {
				t.Errorf("%q matches %q; want no match", tc.pattern, target)
			}
		}
	}
}

func TestPackageOf(t *testing.T) {
	for _, tc := range []struct{ name, pkg string }{
		{"api.FetchUser", "api"},
		{"store.(*DB).Get", "store"},
		{"api/v2.List", "api/v2"},
		{"a/b/c.T.M.func1", "a/b/c"},
		{"FetchUser", ""},
		{"(*DB).Get", ""},
		{"api/v2", "api/v2"},
	} {
		if got := packageOf(tc.name); got != tc.pkg {
			t.Errorf("packageOf(%q) = %q, want %q", tc.name, got, tc.pkg)
		}
	}
}

func TestSpecificity(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		want    int
	}{
		{"api/*", 4},
		{"api/**", 4},
		{"api.FetchUser", 13},
		{"store.*Get*", 9},
		{"GET /api/**", 9},
		{"GET  /api/**", 9},         // the method's spaces count as one
		{"GET /api/users/{id}", 17}, // "{id}" counts as "{}"
		{"GET /api/users/{userIdentifier}", 17},
		{"GET /files/{path...}", 16},
		{"**", 0},
		{"µs.*", 3},
		{"GET /{", -1},
	} {
		if got := Specificity(tc.pattern); got != tc.want {
			t.Errorf("Specificity(%q) = %d, want %d", tc.pattern, got, tc.want)
		}
	}
}

func TestParsePatternErrors(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		off     int
		msg     string
	}{
		{"", 0, "empty pattern"},
		{"api/***", 4, "*** is not a wildcard"},
		{"api/", 3, "cannot end in /"},
		{"api//x.*", 4, "empty path element"},
		{"get /api/*", 0, `unknown HTTP method "get"`},
		{"FETCH /api", 0, `unknown HTTP method "FETCH"`},
		{"store.Get *", 0, `unknown HTTP method "store.Get"`},
		{"GET api", 4, "host/path missing /"},
		{"GET /api/{id", 9, "must end with '}'"},
		{"GET /api/x{id}", 9, "must start with '{'"},
		{"GET /api/{}", 9, "empty wildcard"},
		{"GET /api/{1d}", 9, `bad wildcard name "1d"`},
		{"GET /api/{a}/{a}", 13, `duplicate wildcard name "a"`},
		{"GET /api/{rest...}/x", 9, "{...} wildcard not at end"},
		{"GET /api/{$}/x", 9, "{$} not at end"},
		{"GET /api/../x", 4, "unclean path"},
		{"GET  /a/{", 8, "must end with '}'"},
		{"GET {x}/y", 4, "host contains '{'"},
		{"api.F\x00", 5, "control"},
	} {
		_, err := Parse(tc.pattern)
		pe, ok := err.(*Error)
		if !ok {
			t.Errorf("Parse(%q) = %v; want a *Error", tc.pattern, err)
			continue
		}
		if pe.Offset != tc.off || !strings.Contains(pe.Msg, tc.msg) {
			t.Errorf("Parse(%q): offset %d %q; want offset %d and %q", tc.pattern, pe.Offset, pe.Msg, tc.off, tc.msg)
		}
	}
}

// serveMuxAccepts reports whether Go's ServeMux registers the pattern.
func serveMuxAccepts(pattern string) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	http.NewServeMux().Handle(pattern, http.NotFoundHandler())
	return true
}

var routeSamples = []string{
	"GET /", "GET /api/users/{id}", "GET /api/{id}/{id}", "GET /a/{x...}", "GET /a/{x...}/b",
	"GET /{$}", "GET /a/{$}", "GET /a/{$}/b", "GET /a/{}", "GET /a/{ x}", "GET /a/{x", "GET /a/x}",
	"GET /a/b{x}", "GET /a/../b", "GET /a//b", "GET /a/./b", "CONNECT /a/../b", "GET host/a",
	"GET ho{st}/a", "GET a", "GET /a b", "POST\t/x", "DELETE  /x", "/x", "/x/{y}/{z...}", "/a/{_}",
	"GET /a/{é}", "GET /a/{x1}", "GET /a/{1x}", "GET /%zz", "GET /a/**", "GET /**/{id}", "/",
	"PATCH /", "GET /{$}x", "GET /a/{x...}/", "GET /a/{x}/", "OPTIONS *", "GET *.example.com/x",
}

// TestRoutesLikeServeMux checks that route patterns are accepted exactly
// when Go's ServeMux accepts them (for the methods the config knows).
func TestRoutesLikeServeMux(t *testing.T) {
	for _, s := range routeSamples {
		checkLikeServeMux(t, s)
	}
}

func checkLikeServeMux(t *testing.T, s string) {
	t.Helper()
	method, _, ok := splitRoute(s)
	if !ok || method != "" && !slices.Contains(methods, method) || strings.Contains(s, "***") {
		return
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\t' || r == utf8.RuneError {
			return
		}
	}
	_, err := Parse(s)
	if got, want := err == nil, serveMuxAccepts(s); got != want {
		t.Errorf("Parse(%q) error = %v; ServeMux accepts it: %v", s, err, want)
	}
}

func FuzzRoutePattern(f *testing.F) {
	for _, s := range routeSamples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkLikeServeMux(t, s)
	})
}

// globRegexp is the reference meaning of a glob.
func globRegexp(g string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString(`(?s)^`)
	for i := 0; i < len(g); i++ {
		switch {
		case strings.HasPrefix(g[i:], "**"):
			b.WriteString(`.*`)
			i++
		case g[i] == '*':
			b.WriteString(`[^/]*`)
		default:
			b.WriteString(regexp.QuoteMeta(g[i : i+1]))
		}
	}
	b.WriteString(`$`)
	return regexp.MustCompile(b.String())
}

func TestGlobMatch(t *testing.T) {
	for _, tc := range []struct{ g, s string }{
		{"", ""}, {"", "a"}, {"*", ""}, {"*", "a/b"}, {"**", "a/b"}, {"a*b", "ab"}, {"a*b", "a/b"},
		{"a**b", "a/x/b"}, {"*a*a*a*a*b", strings.Repeat("a", 40)}, {"**/x/*", "a/b/x/c"},
		{"**/x/*", "a/b/x/c/d"}, {"*/**", "a"}, {"*/**", "a/"}, {"a*", "a*"},
		{strings.Repeat("*", 2) + strings.Repeat("a*", 40), strings.Repeat("a", 100)},
	} {
		if got, want := globMatch(tc.g, tc.s), globRegexp(tc.g).MatchString(tc.s); got != want {
			t.Errorf("globMatch(%q, %q) = %v, want %v", tc.g, tc.s, got, want)
		}
	}
}

func FuzzGlobMatch(f *testing.F) {
	f.Add("store.*Get*", "store.(*DB).Get")
	f.Add("**/x/*", "a/b/x/c")
	f.Add("a*b**c", "a/b/c")
	f.Fuzz(func(t *testing.T, g, s string) {
		if strings.Contains(g, "***") || len(g) > 200 || len(s) > 400 || !utf8.ValidString(g) || !utf8.ValidString(s) {
			return
		}
		if got, want := globMatch(g, s), globRegexp(g).MatchString(s); got != want {
			t.Errorf("globMatch(%q, %q) = %v, want %v", g, s, got, want)
		}
	})
}

func TestMatchZeroAllocs(t *testing.T) {
	if race.Enabled {
		t.Skip("allocation counts differ under -race")
	}
	p := MustParse("store.*Get*")
	r := MustParse("GET /api/**")
	allocs := testing.AllocsPerRun(100, func() {
		p.Match("store.(*DB).Get")
		r.Match("GET /api/users/list")
		p.Match("api/v2.List")
	})
	if allocs != 0 {
		t.Errorf("Match allocates %v times per run; want 0", allocs)
	}
}

func BenchmarkMatch(b *testing.B) {
	for _, tc := range []struct{ pattern, target string }{
		{"api/*", "api.FetchUser"},
		{"api/**", "api/v2/inner.List"},
		{"store.*Get*", "store.(*DB).Get"},
		{"GET /api/users/{id}", "GET /api/users/{userID}"},
	} {
		p := MustParse(tc.pattern)
		b.Run(tc.pattern, func(b *testing.B) {
			for b.Loop() {
				p.Match(tc.target)
			}
		})
	}
}

func TestParseRoute(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		ok      bool
	}{
		{"GET /api/users/{id}", true},
		{"GET /api/**", true},
		{"/health", true},
		{"api/*", false},
		{"store.*Get*", false},
		{"FETCH /x", false},
		{"GET /x/{1}", false},
	} {
		p, err := ParseRoute(tc.pattern)
		if got := err == nil; got != tc.ok {
			t.Errorf("ParseRoute(%q) = %v, %v; want ok %v", tc.pattern, p, err, tc.ok)
		}
		if err != nil {
			if _, isErr := err.(*Error); !isErr {
				t.Errorf("ParseRoute(%q): %T, want *Error", tc.pattern, err)
			}
		} else if !p.IsRoute() {
			t.Errorf("ParseRoute(%q).IsRoute() = false", tc.pattern)
		}
	}
}

func TestTarget(t *testing.T) {
	for _, tc := range []struct {
		target  string
		isRoute bool
	}{
		{"GET /api/users/{id}", true},
		{"/health", true},
		{"api.FetchUser", false},
		{"store.(*DB).Get", false},
		{"GET example.com/x", true}, // a host before the path
		{"GET\t/x", true},
		{"PURGE /cache", true}, // any token is a method to ServeMux
		{"example.com/a.F x/y", false},
		{"example.com/evil.F|x`y<b> [l](http://x)", false},
		{"GET x", false},
		{"example.com/a.F", false},
	} {
		if got := IsRoute(tc.target); got != tc.isRoute {
			t.Errorf("IsRoute(%q) = %v, want %v", tc.target, got, tc.isRoute)
		}
		tt := ParseTarget(tc.target)
		if tt.IsRoute() != tc.isRoute || tt.String() != tc.target {
			t.Errorf("ParseTarget(%q): IsRoute %v, String %q", tc.target, tt.IsRoute(), tt.String())
		}
	}
}
