// Package ok is fine: errors elsewhere do not hide its contracts.
package ok

//perf:latency max=1ms
func Fine() {}
