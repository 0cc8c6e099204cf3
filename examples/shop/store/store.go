// Package store keeps the shop's products, customers and orders in SQLite.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/choragen/choragen/examples/shop/catalog"
)

// ErrNotFound is returned when a product or customer does not exist.
var ErrNotFound = errors.New("not found")

// Store is the shop's database.
type Store struct {
	db *sql.DB
}

// Order is a placed order with its lines.
type Order struct {
	ID       int64
	Customer int64
	Placed   time.Time
	Items    []Item
}

// Item is one line of an order.
type Item struct {
	SKU        string
	Qty        int
	PriceCents int64
}

const schema = `
CREATE TABLE IF NOT EXISTS products (
	sku TEXT PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL, price_cents INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS orders (
	id INTEGER PRIMARY KEY, customer INTEGER NOT NULL, placed INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS orders_customer ON orders(customer, placed);
CREATE TABLE IF NOT EXISTS items (
	order_id INTEGER NOT NULL REFERENCES orders(id), sku TEXT NOT NULL, qty INTEGER NOT NULL, price_cents INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS items_order ON items(order_id);
`

// New returns a store over db, creating its tables when missing.
func New(ctx context.Context, db *sql.DB) (*Store, error) {
	if _, err := db.ExecContext(ctx, schema); err != nil {
		return nil, fmt.Errorf("create schema: %w", err)
	}
	return &Store{db: db}, nil
}

// DB returns the underlying database.
func (s *Store) DB() *sql.DB { return s.db }

// AddProducts inserts products in one transaction.
func (s *Store) AddProducts(ctx context.Context, products []catalog.Product) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `INSERT OR REPLACE INTO products (sku, name, category, price_cents) VALUES (?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, p := range products {
			if _, err := stmt.ExecContext(ctx, p.SKU, p.Name, p.Category, p.PriceCents); err != nil {
				return fmt.Errorf("insert %s: %w", p.SKU, err)
			}
		}
		return nil
	})
}

// AddOrder inserts an order and its items and returns its id.
func (s *Store) AddOrder(ctx context.Context, o Order) (int64, error) {
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO orders (customer, placed) VALUES (?, ?)`, o.Customer, o.Placed.UnixNano())
		if err != nil {
			return err
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		for _, it := range o.Items {
			if _, err := tx.ExecContext(ctx, `INSERT INTO items (order_id, sku, qty, price_cents) VALUES (?, ?, ?, ?)`, id, it.SKU, it.Qty, it.PriceCents); err != nil {
				return err
			}
		}
		return nil
	})
	return id, err
}

// Product returns the product with the given SKU.
//
//perf:latency max=500us
//perf:queries max=1
func (s *Store) Product(ctx context.Context, sku string) (catalog.Product, error) {
	var p catalog.Product
	err := s.db.QueryRowContext(ctx, `SELECT sku, name, category, price_cents FROM products WHERE sku = ?`, sku).
		Scan(&p.SKU, &p.Name, &p.Category, &p.PriceCents)
	if errors.Is(err, sql.ErrNoRows) {
		return p, ErrNotFound
	}
	return p, err
}

// RecentOrders returns a customer's latest orders with their items.
//
// It loads the items of each order with a query of its own: the N+1
// pattern. Its contract allows one query; it makes one per order, plus one.
//
//perf:queries max=1
func (s *Store) RecentOrders(ctx context.Context, customer int64, limit int) ([]Order, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, customer, placed FROM orders WHERE customer = ? ORDER BY placed DESC LIMIT ?`, customer, limit)
	if err != nil {
		return nil, err
	}
	var orders []Order
	for rows.Next() {
		var o Order
		var placed int64
		if err := rows.Scan(&o.ID, &o.Customer, &placed); err != nil {
			rows.Close()
			return nil, err
		}
		o.Placed = time.Unix(0, placed)
		orders = append(orders, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range orders {
		items, err := s.items(ctx, orders[i].ID)
		if err != nil {
			return nil, err
		}
		orders[i].Items = items
	}
	return orders, nil
}

func (s *Store) items(ctx context.Context, order int64) ([]Item, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT sku, qty, price_cents FROM items WHERE order_id = ?`, order)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var items []Item
	for rows.Next() {
		var it Item
		if err := rows.Scan(&it.SKU, &it.Qty, &it.PriceCents); err != nil {
			return nil, err
		}
		items = append(items, it)
	}
	return items, rows.Err()
}

// RecentOrdersJoined returns the same as RecentOrders with one query.
//
//perf:queries max=1
func (s *Store) RecentOrdersJoined(ctx context.Context, customer int64, limit int) ([]Order, error) {
	rows, err := s.db.QueryContext(ctx, `
		SELECT o.id, o.customer, o.placed, i.sku, i.qty, i.price_cents
		FROM (SELECT id, customer, placed FROM orders WHERE customer = ? ORDER BY placed DESC LIMIT ?) AS o
		LEFT JOIN items i ON i.order_id = o.id
		ORDER BY o.placed DESC, o.id`, customer, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var orders []Order
	for rows.Next() {
		var (
			id, cust, placed int64
			sku              sql.NullString
			qty, price       sql.NullInt64
		)
		if err := rows.Scan(&id, &cust, &placed, &sku, &qty, &price); err != nil {
			return nil, err
		}
		if len(orders) == 0 || orders[len(orders)-1].ID != id {
			orders = append(orders, Order{ID: id, Customer: cust, Placed: time.Unix(0, placed)})
		}
		if sku.Valid {
			o := &orders[len(orders)-1]
			o.Items = append(o.Items, Item{SKU: sku.String, Qty: int(qty.Int64), PriceCents: price.Int64})
		}
	}
	return orders, rows.Err()
}

func (s *Store) tx(ctx context.Context, f func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}
