// Package directives: only well-formed //perf:complexity bounds are
// checked; a malformed one is the CLI's to report, not this analyzer's.
package directives

//perf:complexity max=O(n^5)
func Malformed(xs []int) int {
	n := 0
	for _, a := range xs {
		for _, b := range xs {
			n += a * b
		}
	}
	return n
}

//perf:complexity
func Missing(xs []int) int {
	n := 0
	for _, a := range xs {
		for _, b := range xs {
			n += a * b
		}
	}
	return n
}

// Other directives are not this analyzer's.
//
//perf:latency max=1ms
//perf:memory allocs=0
func Latency(xs []int) int {
	n := 0
	for _, a := range xs {
		for _, b := range xs {
			n += a * b
		}
	}
	return n
}

// Among other directives, with other keys.
//
//perf:latency max=1ms
//perf:complexity max=O(n) bench=BenchmarkAmong
func Among(xs []int) int {
	n := 0
	for _, a := range xs { // want `nested loops over xs \(depth 2\)`
		for _, b := range xs {
			n += a * b
		}
	}
	return n
}

// Spellings metric.ParseClass accepts.
//
//perf:complexity max=O(n²)
func Squared(xs []int) int {
	n := 0
	for _, a := range xs { // want `nested loops over xs \(depth 3\) suggest O\(n\^3\), above the declared O\(n\^2\)`
		for _, b := range xs {
			for _, c := range xs {
				n += a * b * c
			}
		}
	}
	return n
}

/*perf:complexity max=O(1)*/
func Block(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}
