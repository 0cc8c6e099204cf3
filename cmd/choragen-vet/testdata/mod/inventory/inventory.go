// Package inventory is a fixture for choragen-vet's test.
package inventory

// Item is one stock line.
type Item struct {
	SKU string
	Qty int
}

// Merge adds up the quantities of items with the same SKU.
//
//perf:complexity max=O(n)
func Merge(items []Item) []Item {
	var out []Item
	for _, it := range items {
		found := false
		for i := range out {
			if out[i].SKU == it.SKU {
				out[i].Qty += it.Qty
				found = true
				break
			}
		}
		if !found {
			out = append(out, it)
		}
	}
	return out
}

// Total is linear, as declared.
//
//perf:complexity max=O(n)
func Total(items []Item) int {
	n := 0
	for _, it := range items {
		n += it.Qty
	}
	return n
}
