// Package broken is a fixture that does not compile.
package broken

// Count returns the number of items.
func Count() int { return "three" }
