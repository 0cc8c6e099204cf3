// Package api is a fixture: small functions with ordinary benchmarks.
package api

import (
	"slices"
	"strconv"
)

// List returns the first n item names.
func List(n int) []string {
	out := make([]string, 0, n)
	for i := range n {
		out = append(out, "item-"+strconv.Itoa(i))
	}
	return out
}

// Sort sorts a copy of xs.
func Sort(xs []int) []int {
	ys := slices.Clone(xs)
	slices.Sort(ys)
	return ys
}
