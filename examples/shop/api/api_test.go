package api

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/choragen/choragen/examples/shop/catalog"
	"github.com/choragen/choragen/examples/shop/pricing"
	"github.com/choragen/choragen/examples/shop/store"
	_ "modernc.org/sqlite"
)

func newServer(tb testing.TB) (*Server, []catalog.Product) {
	tb.Helper()
	ctx := context.Background()
	db, err := sql.Open("sqlite", fmt.Sprintf("file:%s?mode=memory&cache=shared", strings.ReplaceAll(tb.Name(), "/", "_")))
	if err != nil {
		tb.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	tb.Cleanup(func() { db.Close() })
	st, err := store.New(ctx, db)
	if err != nil {
		tb.Fatal(err)
	}
	ps := catalog.Generate(2000, 11)
	if err := st.AddProducts(ctx, ps); err != nil {
		tb.Fatal(err)
	}
	eng, err := pricing.NewEngine("EU,2000\n")
	if err != nil {
		tb.Fatal(err)
	}
	return &Server{Store: st, Catalog: catalog.New(ps), Pricing: eng}, ps
}

func TestRoutes(t *testing.T) {
	s, ps := newServer(t)
	h := s.Handler()
	for _, tc := range []struct {
		method, path, body string
		code               int
		contains           string
	}{
		{"GET", "/api/products/" + ps[0].SKU, "", 200, ps[0].Name},
		{"GET", "/api/products/nope", "", 404, "no such product"},
		{"GET", "/api/search?q=mug&limit=2", "", 200, "Mug"},
		{"GET", "/api/customers/x/orders", "", 400, "bad customer id"},
		{"GET", "/api/customers/1/orders", "", 200, "null"},
		{"POST", "/api/quote", `{"Region":"EU","Lines":[{"SKU":"A","PriceCents":100,"Qty":1}]}`, 200, `"TotalCents":120`},
		{"POST", "/api/quote", `{`, 400, "bad cart"},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.path, strings.NewReader(tc.body)))
		if rec.Code != tc.code || !strings.Contains(rec.Body.String(), tc.contains) {
			t.Errorf("%s %s = %d %q; want %d containing %q", tc.method, tc.path, rec.Code, rec.Body.String(), tc.code, tc.contains)
		}
	}
}

func BenchmarkServer_getProduct(b *testing.B) {
	s, ps := newServer(b)
	h := s.Handler()
	i := 0
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/products/"+ps[i%len(ps)].SKU, nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
		i++
	}
}

func BenchmarkServer_search(b *testing.B) {
	s, _ := newServer(b)
	h := s.Handler()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/search?q=lamp&limit=20", nil))
	}
}
