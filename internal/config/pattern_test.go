package config

import (
	"errors"
	"testing"
)

// TestPatternDelegates checks that config's pattern API is internal/pattern's:
// the full behaviour is tested there.
func TestPatternDelegates(t *testing.T) {
	for _, tc := range []struct {
		pattern, target string
		match           bool
		spec            int
	}{
		{"api/*", "GET /api/users/{id}", true, 4},
		{"GET /api/**", "GET /api/users/{id}", true, 9},
		{"GET /api/**", "POST /api/users", false, 9},
		{"store.*Get*", "store.(*DB).Get", true, 9},
		{"GET /{", "GET /{", false, -1},
	} {
		if got := Match(tc.pattern, tc.target); got != tc.match {
			t.Errorf("Match(%q, %q) = %v, want %v", tc.pattern, tc.target, got, tc.match)
		}
		if got := Specificity(tc.pattern); got != tc.spec {
			t.Errorf("Specificity(%q) = %d, want %d", tc.pattern, got, tc.spec)
		}
	}
	_, err := ParsePattern("GET /api/{1d}")
	var pe *PatternError
	if !errors.As(err, &pe) || pe.Offset != 9 {
		t.Errorf("ParsePattern(%q) = %v; want a *PatternError at offset 9", "GET /api/{1d}", err)
	}
	if p := MustParsePattern("GET /api/users/{id}"); !p.Match("GET /api/users/{userID}") || p.String() != "GET /api/users/{id}" {
		t.Errorf("MustParsePattern(%q) does not select the route", p)
	}
}

// TestAllRules checks that AllRules holds every rule that Rules chooses
// from, defaults first, overrides in file order, refined over the default.
func TestAllRules(t *testing.T) {
	cfg, err := Parse([]byte(`contracts:
  latency:
    default: {max: 50, unit: ms}
    overrides:
      "GET /api/**": {max: 100, percentile: 95}
      "api/*": {max: 2, unit: s}
  queries:
    overrides:
      "store.*": {max: 1}
`), file)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		section, pattern string
		max, pct         float64
		line             int
	}
	var got []row
	for _, r := range cfg.AllRules() {
		got = append(got, row{r.Section, r.Pattern, r.Max, r.Percentile, r.Pos.Line})
	}
	want := []row{
		{"latency", "", 50, 0, 3},
		{"latency", "GET /api/**", 100, 95, 5},
		{"latency", "api/*", 2000, 0, 6},
		{"queries", "store.*", 1, 0, 9},
	}
	if len(got) != len(want) {
		t.Fatalf("AllRules = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("AllRules[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
}
