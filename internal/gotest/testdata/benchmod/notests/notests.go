// Package notests is a fixture: a package without test files.
package notests

// Answer is 42.
const Answer = 42
