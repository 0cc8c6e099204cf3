//go:build !386 && !amd64

package runinfo

// brandName is empty: only x86 has a brand string that Go's testing
// package prints.
func brandName() string { return "" }
