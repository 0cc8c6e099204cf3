package catalog

import (
	"fmt"
	"testing"
)

var sizes = []int{1 << 10, 1 << 12, 1 << 14, 1 << 16, 1 << 18}

func TestFind(t *testing.T) {
	ps := Generate(1000, 1)
	c := New(ps)
	for _, p := range ps[:50] {
		got, ok := c.Find(p.SKU)
		if !ok || got.SKU != p.SKU {
			t.Fatalf("Find(%q) = %v, %v", p.SKU, got, ok)
		}
	}
	if _, ok := c.Find("SKU-none"); ok {
		t.Fatal("Find found a product that does not exist")
	}
}

func TestSearch(t *testing.T) {
	c := New([]Product{{SKU: "A", Name: "Red Mug"}, {SKU: "B", Name: "Blue Mug"}, {SKU: "C", Name: "Red Lamp"}})
	if got := c.Search("red", 10); len(got) != 2 || got[0].SKU != "A" || got[1].SKU != "C" {
		t.Fatalf("Search(red) = %v", got)
	}
	if got := c.Search("MUG", 1); len(got) != 1 {
		t.Fatalf("Search(MUG, 1) = %v", got)
	}
}

func TestDuplicates(t *testing.T) {
	got := Duplicates([]Product{{SKU: "A", Name: "Red Mug"}, {SKU: "B", Name: " red mug"}, {SKU: "C", Name: "Lamp"}})
	if len(got) != 1 || got[0] != [2]string{"A", "B"} {
		t.Fatalf("Duplicates = %v", got)
	}
}

func BenchmarkCatalog_Find(b *testing.B) {
	for _, n := range sizes {
		ps := Generate(n, 1)
		c := New(ps)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			i := 0
			for b.Loop() {
				c.Find(ps[i%len(ps)].SKU)
				i++
			}
		})
	}
}

func BenchmarkCatalog_Search(b *testing.B) {
	for _, n := range sizes {
		c := New(Generate(n, 1))
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			for b.Loop() {
				c.Search("vintage lamp 7", 20)
			}
		})
	}
}

func BenchmarkDuplicates(b *testing.B) {
	for _, n := range []int{1 << 7, 1 << 8, 1 << 9, 1 << 10, 1 << 11} {
		ps := Generate(n, 2)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			for b.Loop() {
				Duplicates(ps)
			}
		})
	}
}
