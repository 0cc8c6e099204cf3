package store

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/choragen/choragen/examples/shop/catalog"
	"github.com/choragen/choragen/perf/perfsql"
	_ "modernc.org/sqlite"
)

// open returns a store on a fresh in-memory SQLite database with products
// and, for customer 1, orders of three items each.
func open(tb testing.TB, orders int) *Store {
	tb.Helper()
	ctx := context.Background()
	// perfsql counts the statements, for queries/op and N+1 detection.
	db, err := perfsql.Open("sqlite", fmt.Sprintf("file:%s?mode=memory&cache=shared", tb.Name()))
	if err != nil {
		tb.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	tb.Cleanup(func() { db.Close() })
	s, err := New(ctx, db)
	if err != nil {
		tb.Fatal(err)
	}
	if err := s.AddProducts(ctx, catalog.Generate(1000, 7)); err != nil {
		tb.Fatal(err)
	}
	if err := fillOrders(ctx, s, orders); err != nil {
		tb.Fatal(err)
	}
	return s
}

// fillOrders replaces the orders with n orders of customer 1, of three
// items each.
func fillOrders(ctx context.Context, s *Store, n int) error {
	if _, err := s.DB().ExecContext(ctx, `DELETE FROM items; DELETE FROM orders`); err != nil {
		return err
	}
	ps := catalog.Generate(1000, 7)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		o := Order{Customer: 1, Placed: t0.Add(time.Duration(i) * time.Hour)}
		for j := range 3 {
			p := ps[(i*3+j)%len(ps)]
			o.Items = append(o.Items, Item{SKU: p.SKU, Qty: j + 1, PriceCents: p.PriceCents})
		}
		if _, err := s.AddOrder(ctx, o); err != nil {
			return err
		}
	}
	return nil
}

func TestProduct(t *testing.T) {
	s := open(t, 0)
	ctx := context.Background()
	p := catalog.Generate(1000, 7)[3]
	got, err := s.Product(ctx, p.SKU)
	if err != nil || got.Name != p.Name {
		t.Fatalf("Product(%q) = %v, %v", p.SKU, got, err)
	}
	if _, err := s.Product(ctx, "nope"); err != ErrNotFound {
		t.Fatalf("Product(nope) error = %v, want ErrNotFound", err)
	}
}

func TestRecentOrdersAgree(t *testing.T) {
	s := open(t, 12)
	ctx := context.Background()
	a, err := s.RecentOrders(ctx, 1, 5)
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.RecentOrdersJoined(ctx, 1, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != 5 || !reflect.DeepEqual(a, b) {
		t.Fatalf("RecentOrders and RecentOrdersJoined disagree:\n%v\n%v", a, b)
	}
}

// TestRecentOrdersJoinedQueries holds the JOIN to one statement and no
// N+1, on a fixture of one order: the scaling check runs it at one and
// two orders too, where a per-order loop (RecentOrders) would show.
func TestRecentOrdersJoinedQueries(t *testing.T) {
	s := open(t, 1)
	perfsql.AssertQueries(t, 1, func(ctx context.Context) error {
		_, err := s.RecentOrdersJoined(ctx, 1, 20)
		return err
	}, perfsql.WithScaling(1, func(ctx context.Context, n int) error { return fillOrders(ctx, s, n) }))
}

// The benchmarks report queries/op, which the //perf:queries contracts
// judge, and record the N+1s they find for choragen's report.

func BenchmarkStore_Product(b *testing.B) {
	s := open(b, 0)
	skus := catalog.Generate(1000, 7)
	i := 0
	perfsql.BenchQueries(b, s.DB(), func(ctx context.Context) error {
		_, err := s.Product(ctx, skus[i%len(skus)].SKU)
		i++
		return err
	})
}

func BenchmarkStore_RecentOrders(b *testing.B) {
	s := open(b, 50)
	perfsql.BenchQueries(b, s.DB(), func(ctx context.Context) error {
		_, err := s.RecentOrders(ctx, 1, 20)
		return err
	})
}

func BenchmarkStore_RecentOrdersJoined(b *testing.B) {
	s := open(b, 50)
	perfsql.BenchQueries(b, s.DB(), func(ctx context.Context) error {
		_, err := s.RecentOrdersJoined(ctx, 1, 20)
		return err
	})
}
