package pattern_test

import (
	"fmt"

	"github.com/choragen/choragen/internal/pattern"
)

// The most specific pattern that selects a route wins: here "GET /api/**"
// (9 literal characters) over "api/*" (4).
func Example() {
	patterns := []*pattern.Pattern{
		pattern.MustParse("api/*"),
		pattern.MustParse("GET /api/**"),
		pattern.MustParse("POST /api/**"),
	}
	for _, route := range []string{"GET /api/users/{id}", "DELETE /api/users/{id}", "GET /health"} {
		t := pattern.ParseTarget(route)
		best, spec := "(none)", -1
		for _, p := range patterns {
			if p.Specificity() >= spec && p.MatchTarget(&t) {
				best, spec = p.String(), p.Specificity()
			}
		}
		fmt.Printf("%-24s %s\n", route, best)
	}
	// Output:
	// GET /api/users/{id}      GET /api/**
	// DELETE /api/users/{id}   api/*
	// GET /health              (none)
}
