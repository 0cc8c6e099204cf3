package pricing

import "testing"

func TestQuote(t *testing.T) {
	e, err := NewEngine("EU,2000\nUS,800\n")
	if err != nil {
		t.Fatal(err)
	}
	q, err := e.Quote(Cart{Region: "EU", Lines: []Line{{SKU: "A", PriceCents: 1000, Qty: 10}}})
	if err != nil {
		t.Fatal(err)
	}
	// 10 units: 5% off 10000 = 9500; 20% tax = 1900.
	if want := (Quote{SubtotalCents: 10000, DiscountCents: 500, TaxCents: 1900, TotalCents: 11400}); q != want {
		t.Fatalf("Quote = %+v, want %+v", q, want)
	}
	if _, err := e.Quote(Cart{Region: "XX"}); err == nil {
		t.Fatal("Quote for an unknown region succeeded")
	}
}

func TestRefresh(t *testing.T) {
	e, err := NewEngine("EU,2000\n")
	if err != nil {
		t.Fatal(err)
	}
	e.RefreshEvery = 2
	e.source = "EU,1000\n"
	cart := Cart{Region: "EU", Lines: []Line{{PriceCents: 100, Qty: 1}}}
	if q, _ := e.Quote(cart); q.TaxCents != 20 {
		t.Fatalf("first quote used tax %d, want the loaded 20", q.TaxCents)
	}
	if q, _ := e.Quote(cart); q.TaxCents != 10 {
		t.Fatalf("second quote used tax %d, want the refreshed 10", q.TaxCents)
	}
}

// The engine lives outside the benchmark function, as it does in the
// service: its call counter, and so its periodic refresh, carries across
// the benchmark's invocations (choragen samples percentiles one call per
// invocation).
var (
	engine = func() *Engine {
		e, err := NewEngine(SampleRates(20_000))
		if err != nil {
			panic(err)
		}
		return e
	}()
	cart = Cart{Region: "R00042", Lines: []Line{{SKU: "A", PriceCents: 1999, Qty: 2}, {SKU: "B", PriceCents: 4999, Qty: 1}}}
)

func BenchmarkEngine_Quote(b *testing.B) {
	for b.Loop() {
		if _, err := engine.Quote(cart); err != nil {
			b.Fatal(err)
		}
	}
}
