//go:build !linux

package work

func threadCPU() (int64, bool) { return 0, false }
