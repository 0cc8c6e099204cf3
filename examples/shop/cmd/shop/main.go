// Command shop runs the example shop's API on a SQLite database.
//
//	go run ./examples/shop/cmd/shop -addr 127.0.0.1:8080 -db shop.db
package main

import (
	"context"
	"database/sql"
	"flag"
	"log"
	"net/http"

	"github.com/choragen/choragen/examples/shop/api"
	"github.com/choragen/choragen/examples/shop/catalog"
	"github.com/choragen/choragen/examples/shop/pricing"
	"github.com/choragen/choragen/examples/shop/store"
	_ "modernc.org/sqlite"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "listen address")
	dsn := flag.String("db", "file:shop.db?_pragma=journal_mode(WAL)", "SQLite database")
	flag.Parse()

	ctx := context.Background()
	db, err := sql.Open("sqlite", *dsn)
	if err != nil {
		log.Fatal(err)
	}
	st, err := store.New(ctx, db)
	if err != nil {
		log.Fatal(err)
	}
	products := catalog.Generate(10_000, 1)
	if err := st.AddProducts(ctx, products); err != nil {
		log.Fatal(err)
	}
	eng, err := pricing.NewEngine(pricing.SampleRates(200))
	if err != nil {
		log.Fatal(err)
	}
	s := &api.Server{Store: st, Catalog: catalog.New(products), Pricing: eng}
	log.Printf("shop listening on http://%s", *addr)
	log.Fatal(http.ListenAndServe(*addr, s.Handler()))
}
