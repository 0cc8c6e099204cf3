// Package pricing quotes carts: list prices, volume discounts and sales tax
// by region, from a rate table that is refreshed periodically.
package pricing

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// Line is one cart line.
type Line struct {
	SKU        string
	PriceCents int64
	Qty        int
}

// Cart is what a customer is about to buy.
type Cart struct {
	Region string
	Lines  []Line
}

// Quote is the price of a cart.
type Quote struct {
	SubtotalCents int64
	DiscountCents int64
	TaxCents      int64
	TotalCents    int64
}

// Engine quotes carts. It is safe for concurrent use.
type Engine struct {
	// RefreshEvery is how many quotes may use the rate table before it is
	// reloaded.
	RefreshEvery int

	mu     sync.Mutex
	calls  int
	rates  map[string]int64 // basis points of tax per region
	source string
}

// NewEngine returns an engine whose tax rates come from source, a CSV of
// "region,basis points" lines.
func NewEngine(source string) (*Engine, error) {
	e := &Engine{RefreshEvery: 50, source: source}
	rates, err := parseRates(source)
	if err != nil {
		return nil, err
	}
	e.rates = rates
	return e, nil
}

// Quote prices cart.
//
// Every RefreshEvery-th call reloads the rate table on the caller's
// goroutine: a cache refresh on the hot path. The mean stays well inside
// its budget; the 99th percentile does not.
//
//perf:latency max=1ms
//perf:latency max=1ms p=99
func (e *Engine) Quote(cart Cart) (Quote, error) {
	e.mu.Lock()
	e.calls++
	if e.RefreshEvery > 0 && e.calls%e.RefreshEvery == 0 {
		rates, err := parseRates(e.source)
		if err != nil {
			e.mu.Unlock()
			return Quote{}, err
		}
		e.rates = rates
	}
	rate, ok := e.rates[cart.Region]
	e.mu.Unlock()
	if !ok {
		return Quote{}, fmt.Errorf("no tax rate for region %q", cart.Region)
	}

	var q Quote
	units := 0
	for _, l := range cart.Lines {
		q.SubtotalCents += l.PriceCents * int64(l.Qty)
		units += l.Qty
	}
	switch {
	case units >= 100:
		q.DiscountCents = q.SubtotalCents / 10
	case units >= 10:
		q.DiscountCents = q.SubtotalCents / 20
	}
	taxable := q.SubtotalCents - q.DiscountCents
	q.TaxCents = (taxable*rate + 5000) / 10000
	q.TotalCents = taxable + q.TaxCents
	return q, nil
}

func parseRates(source string) (map[string]int64, error) {
	rates := make(map[string]int64)
	for n, line := range strings.Split(source, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		region, bp, ok := strings.Cut(line, ",")
		if !ok {
			return nil, fmt.Errorf("rates:%d: want region,basis-points", n+1)
		}
		v, err := strconv.ParseInt(bp, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("rates:%d: %w", n+1, err)
		}
		rates[region] = v
	}
	return rates, nil
}

// SampleRates returns a rate table of n regions, as the tax service exports it.
func SampleRates(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "R%05d,%d\n", i, 500+i%1500)
	}
	return b.String()
}
