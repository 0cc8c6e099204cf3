// Package accuracy is a fixture for choragen's complexity accuracy suite:
// functions whose complexity class is known, each with ordinary `n=<int>`
// sub-benchmarks over sizes chosen the way a user would choose them.
//
// The acceptance test in internal/complexity runs these benchmarks for real
// and checks every function against every declared bound (see
// accuracy_test.go in the parent package for the table of true classes).
package accuracy
