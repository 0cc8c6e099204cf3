// Package lib is outside the project root examples/shop.
package lib

//perf:latency max=1ms
func Util() {}
