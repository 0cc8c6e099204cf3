package config

import (
	"strings"

	"github.com/choragen/choragen/internal/pattern"
)

// A Pattern is an override pattern: it selects targets (relative function
// names such as "api.FetchUser" and routes such as "GET /api/users/{id}")
// by the rules of DESIGN.md ("Override patterns"). The matcher lives in
// internal/pattern, which perf/perfhttp shares, so that the configuration
// and the HTTP middleware select the same routes.
type Pattern = pattern.Pattern

// PatternError is a malformed pattern. Offset is the byte offset in the
// pattern where the problem is.
type PatternError = pattern.Error

// ParsePattern checks an override pattern and prepares it for matching.
func ParsePattern(s string) (*Pattern, error) { return pattern.Parse(s) }

// MustParsePattern is like ParsePattern but panics on a bad pattern. It is
// for patterns written in code.
func MustParsePattern(s string) *Pattern { return pattern.MustParse(s) }

// Match reports whether pattern selects target. A malformed pattern
// selects nothing.
func Match(p, target string) bool { return pattern.Match(p, target) }

// Specificity returns the specificity of a pattern (see
// Pattern.Specificity), or -1 when it is malformed.
func Specificity(p string) int { return pattern.Specificity(p) }

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
