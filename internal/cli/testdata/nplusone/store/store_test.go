package store

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	"github.com/choragen/choragen/perf/perfsql"
	_ "modernc.org/sqlite"
)

// open returns a store on a fresh in-memory SQLite database, counted by
// perfsql, where customer 1 has the given number of orders of two items.
func open(b *testing.B, orders int) (*Store, *sql.DB) {
	b.Helper()
	db, err := perfsql.Open("sqlite", ":memory:")
	if err != nil {
		b.Fatal(err)
	}
	db.SetMaxOpenConns(1) // an in-memory database lives in its connection
	b.Cleanup(func() { db.Close() })
	if _, err := db.Exec(Schema); err != nil {
		b.Fatal(err)
	}
	if err := fill(context.Background(), db, orders); err != nil {
		b.Fatal(err)
	}
	return New(db), db
}

// fill replaces the data with n orders of customer 1.
func fill(ctx context.Context, db *sql.DB, n int) error {
	if _, err := db.ExecContext(ctx, `DELETE FROM items; DELETE FROM orders`); err != nil {
		return err
	}
	for i := 1; i <= n; i++ {
		if _, err := db.ExecContext(ctx, `INSERT INTO orders (id, customer) VALUES (?, 1)`, i); err != nil {
			return err
		}
		for _, sku := range []string{"a", "b"} {
			if _, err := db.ExecContext(ctx, `INSERT INTO items (order_id, sku) VALUES (?, ?)`, i, fmt.Sprint(sku, i)); err != nil {
				return err
			}
		}
	}
	return nil
}

func BenchmarkStore_Orders(b *testing.B) {
	s, db := open(b, 10)
	perfsql.BenchQueries(b, db, func(ctx context.Context) error {
		_, err := s.Orders(ctx, 1)
		return err
	})
}

func BenchmarkStore_OrdersJoined(b *testing.B) {
	s, db := open(b, 10)
	perfsql.BenchQueries(b, db, func(ctx context.Context) error {
		_, err := s.OrdersJoined(ctx, 1)
		return err
	})
}

func BenchmarkStore_Items(b *testing.B) {
	s, db := open(b, 10)
	perfsql.BenchQueries(b, db, func(ctx context.Context) error {
		_, err := s.Items(ctx, []int64{1, 2, 3, 4, 5})
		return err
	})
}

func BenchmarkStore_Count(b *testing.B) {
	s, db := open(b, 10)
	perfsql.BenchQueries(b, db, func(ctx context.Context) error {
		_, err := s.Count(ctx, 1)
		return err
	})
}

// BenchmarkStore_Latest has one order: the loop over orders runs once,
// and the check after the benchmark's loop measures at 1 and 2 orders.
func BenchmarkStore_Latest(b *testing.B) {
	s, db := open(b, 1)
	perfsql.BenchQueries(b, db, func(ctx context.Context) error {
		_, err := s.Latest(ctx, 1)
		return err
	}, perfsql.WithScaling(1, func(ctx context.Context, n int) error { return fill(ctx, db, n) }))
}
