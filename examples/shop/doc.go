// Package shop is choragen's bundled example: a small online shop (a product
// catalog, a pricing engine, a SQLite store, an HTTP API and a product feed)
// whose functions carry performance contracts.
//
// Some contracts are kept and some are broken on purpose, so that
//
//	go run ./cmd/choragen perf --dir examples/shop
//
// shows what choragen catches: a pricing call whose mean is within budget but
// whose p99 is not, a feed builder that allocates far more than it may, a
// duplicate finder declared linear that is quadratic, and an N+1 query.
package shop
