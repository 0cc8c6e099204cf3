// Package export writes the product feed that partner sites import: one line
// per product, "sku<TAB>name<TAB>price".
package export

import (
	"strconv"
	"strings"

	"github.com/choragen/choragen/examples/shop/catalog"
)

// Feed returns the feed of products.
//
// It grows the feed by string concatenation, copying everything written so
// far for every line: for a few hundred products that is megabytes per call,
// against a contract of 64 KiB and a handful of allocations.
//
//perf:memory max=64KiB allocs=8
func Feed(products []catalog.Product) string {
	feed := ""
	for _, p := range products {
		feed += p.SKU + "\t" + p.Name + "\t" + strconv.FormatInt(p.PriceCents, 10) + "\n"
	}
	return feed
}

// FeedBuilder returns the same feed as Feed, written into one buffer sized
// up front.
//
//perf:memory max=64KiB allocs=8
func FeedBuilder(products []catalog.Product) string {
	n := 0
	for _, p := range products {
		n += len(p.SKU) + len(p.Name) + 24
	}
	var b strings.Builder
	b.Grow(n)
	var num [20]byte
	for _, p := range products {
		b.WriteString(p.SKU)
		b.WriteByte('\t')
		b.WriteString(p.Name)
		b.WriteByte('\t')
		b.Write(strconv.AppendInt(num[:0], p.PriceCents, 10))
		b.WriteByte('\n')
	}
	return b.String()
}
