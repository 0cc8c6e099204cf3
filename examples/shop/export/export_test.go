package export

import (
	"testing"

	"github.com/choragen/choragen/examples/shop/catalog"
)

var products = catalog.Generate(500, 3)

func TestFeedsAgree(t *testing.T) {
	if a, b := Feed(products), FeedBuilder(products); a != b {
		t.Fatalf("Feed and FeedBuilder disagree:\n%.200s\n%.200s", a, b)
	}
	if got := Feed(nil); got != "" {
		t.Fatalf("Feed(nil) = %q", got)
	}
}

func BenchmarkFeed(b *testing.B) {
	for b.Loop() {
		Feed(products)
	}
}

func BenchmarkFeedBuilder(b *testing.B) {
	for b.Loop() {
		FeedBuilder(products)
	}
}
