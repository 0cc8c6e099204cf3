//go:build !linux && !darwin && !freebsd && !netbsd && !openbsd

package runinfo

func osCPUName() string { return "" }
