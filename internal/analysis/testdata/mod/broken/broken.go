package broken

//perf:complexity max=O(n)
func Sum(xs []int) int {
	return undefined(xs)
}
