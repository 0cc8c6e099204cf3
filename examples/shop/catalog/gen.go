package catalog

import (
	"fmt"
	"math/rand/v2"
)

var (
	adjectives = []string{"Red", "Blue", "Green", "Large", "Small", "Classic", "Modern", "Organic", "Vintage", "Smart"}
	nouns      = []string{"Mug", "Chair", "Lamp", "Backpack", "Notebook", "Kettle", "Jacket", "Speaker", "Bottle", "Desk"}
	categories = []string{"kitchen", "office", "outdoor", "home", "audio"}
)

// Generate returns n products with realistic names, deterministically for a
// given seed. Names repeat now and then, as in a real catalog.
func Generate(n int, seed uint64) []Product {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	ps := make([]Product, n)
	for i := range ps {
		ps[i] = Product{
			SKU:        fmt.Sprintf("SKU-%08d", r.IntN(100_000_000)),
			Name:       fmt.Sprintf("%s %s %d", adjectives[r.IntN(len(adjectives))], nouns[r.IntN(len(nouns))], r.IntN(n/4+1)),
			Category:   categories[r.IntN(len(categories))],
			PriceCents: int64(199 + r.IntN(50_000)),
		}
	}
	return ps
}
