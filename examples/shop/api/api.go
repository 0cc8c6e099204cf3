// Package api is the shop's HTTP API.
package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/choragen/choragen/examples/shop/catalog"
	"github.com/choragen/choragen/examples/shop/pricing"
	"github.com/choragen/choragen/examples/shop/store"
)

// Server serves the API.
type Server struct {
	Store   *store.Store
	Catalog *catalog.Catalog
	Pricing *pricing.Engine
}

// Handler returns the API's routes:
//
//	GET  /api/products/{sku}             one product, from the database
//	GET  /api/search?q=&limit=           catalog search
//	GET  /api/customers/{id}/orders      a customer's recent orders
//	POST /api/quote                      price a cart
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/products/{sku}", s.getProduct)
	mux.HandleFunc("GET /api/search", s.search)
	mux.HandleFunc("GET /api/customers/{id}/orders", s.orders)
	mux.HandleFunc("POST /api/quote", s.quote)
	return mux
}

// getProduct serves GET /api/products/{sku}.
//
//perf:latency max=1ms
//perf:memory allocs=80
func (s *Server) getProduct(w http.ResponseWriter, r *http.Request) {
	p, err := s.Store.Product(r.Context(), r.PathValue("sku"))
	if errors.Is(err, store.ErrNotFound) {
		http.Error(w, "no such product", http.StatusNotFound)
		return
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	writeJSON(w, p)
}

// search serves GET /api/search?q=&limit=.
//
//perf:latency max=25ms
func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	limit, err := strconv.Atoi(r.URL.Query().Get("limit"))
	if err != nil || limit <= 0 || limit > 100 {
		limit = 20
	}
	writeJSON(w, s.Catalog.Search(r.URL.Query().Get("q"), limit))
}

// orders serves GET /api/customers/{id}/orders.
func (s *Server) orders(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		http.Error(w, "bad customer id", http.StatusBadRequest)
		return
	}
	orders, err := s.Store.RecentOrders(r.Context(), id, 20)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	writeJSON(w, orders)
}

// quote serves POST /api/quote with a JSON cart.
func (s *Server) quote(w http.ResponseWriter, r *http.Request) {
	var cart pricing.Cart
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&cart); err != nil {
		http.Error(w, "bad cart: "+err.Error(), http.StatusBadRequest)
		return
	}
	q, err := s.Pricing.Quote(cart)
	if err != nil {
		http.Error(w, err.Error(), http.StatusUnprocessableEntity)
		return
	}
	writeJSON(w, q)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}
