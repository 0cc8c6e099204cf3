// Package catalog is the fixture of the package's examples.
package catalog

import "sort"

type Product struct{ SKU, Name string }

type Catalog struct{ products []Product }

// Find is a binary search.
//
//perf:complexity max=O(log n)
func (c *Catalog) Find(sku string) (Product, bool) {
	i := sort.Search(len(c.products), func(i int) bool { return c.products[i].SKU >= sku })
	if i < len(c.products) && c.products[i].SKU == sku {
		return c.products[i], true
	}
	return Product{}, false
}

// Duplicates compares every pair of products.
//
//perf:complexity max=O(n)
func Duplicates(products []Product) [][2]string {
	var pairs [][2]string
	for i := range products {
		for j := i + 1; j < len(products); j++ {
			if products[i].Name == products[j].Name {
				pairs = append(pairs, [2]string{products[i].SKU, products[j].SKU})
			}
		}
	}
	return pairs
}
