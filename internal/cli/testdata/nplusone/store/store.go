// Package store is a fixture for queries contracts: an N+1 and the ways
// to avoid it (a JOIN, an IN batch, a single lookup), counted by perfsql.
package store

import (
	"context"
	"database/sql"
	"strings"
)

// Store keeps orders and their items.
type Store struct{ db *sql.DB }

// Order is an order with the SKUs of its items.
type Order struct {
	ID   int64
	SKUs []string
}

// Schema creates the tables.
const Schema = `
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer INTEGER NOT NULL);
CREATE TABLE items (order_id INTEGER NOT NULL, sku TEXT NOT NULL);
CREATE INDEX items_order ON items(order_id);`

// New returns a store over db.
func New(db *sql.DB) *Store { return &Store{db: db} }

// Orders loads a customer's orders, then the items of each: one query per
// order, plus one.
//
//perf:queries max=1
func (s *Store) Orders(ctx context.Context, customer int64) ([]Order, error) {
	orders, err := s.orders(ctx, customer)
	if err != nil {
		return nil, err
	}
	for i := range orders {
		if orders[i].SKUs, err = s.skus(ctx, orders[i].ID); err != nil {
			return nil, err
		}
	}
	return orders, nil
}

func (s *Store) orders(ctx context.Context, customer int64) ([]Order, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM orders WHERE customer = ? ORDER BY id`, customer)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Order
	for rows.Next() {
		var o Order
		if err := rows.Scan(&o.ID); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

func (s *Store) skus(ctx context.Context, order int64) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT sku FROM items WHERE order_id = ? ORDER BY sku`, order)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var sku string
		if err := rows.Scan(&sku); err != nil {
			return nil, err
		}
		out = append(out, sku)
	}
	return out, rows.Err()
}

// OrdersJoined loads the same with one JOIN.
//
//perf:queries max=1
func (s *Store) OrdersJoined(ctx context.Context, customer int64) ([]Order, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT o.id, i.sku FROM orders o JOIN items i ON i.order_id = o.id
		WHERE o.customer = ? ORDER BY o.id, i.sku`, customer)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Order
	for rows.Next() {
		var id int64
		var sku string
		if err := rows.Scan(&id, &sku); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].ID != id {
			out = append(out, Order{ID: id})
		}
		out[len(out)-1].SKUs = append(out[len(out)-1].SKUs, sku)
	}
	return out, rows.Err()
}

// Items loads the items of several orders in one IN batch.
//
//perf:queries max=1
func (s *Store) Items(ctx context.Context, orders []int64) (map[int64][]string, error) {
	args := make([]any, len(orders))
	for i, id := range orders {
		args[i] = id
	}
	q := `SELECT order_id, sku FROM items WHERE order_id IN (?` + strings.Repeat(`, ?`, len(orders)-1) + `) ORDER BY sku`
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]string{}
	for rows.Next() {
		var id int64
		var sku string
		if err := rows.Scan(&id, &sku); err != nil {
			return nil, err
		}
		out[id] = append(out[id], sku)
	}
	return out, rows.Err()
}

// Count is a single lookup.
//
//perf:queries max=1
func (s *Store) Count(ctx context.Context, customer int64) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM orders WHERE customer = ?`, customer).Scan(&n)
	return n, err
}

// Latest loads the items of a customer's orders as Orders does; its
// benchmark's fixture has a single order, which hides the loop from the
// repeated rule.
//
//perf:queries max=1
func (s *Store) Latest(ctx context.Context, customer int64) ([]Order, error) {
	return s.Orders(ctx, customer)
}
