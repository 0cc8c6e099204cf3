// Package shop is the project root when Root is examples/shop.
package shop

//perf:latency max=1ms
func Checkout() {}
