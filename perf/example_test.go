package perf_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/choragen/choragen/perf"
)

// The whole flow: declare a contract, wrap the function it covers, call it,
// and write what broke the contract to the directory choragen reads.
func Example() {
	col := perf.NewCollector(perf.CollectorOpts{})
	// Declare: every call within 100ms, and at most 1MB allocated per call.
	contract, err := col.NewContract("example.com/shop/api.Lookup",
		perf.Latency{Max: 100 * time.Millisecond},
		perf.Bytes{Max: perf.MB})
	if err != nil {
		fmt.Println(err)
		return
	}

	// Measure: a call that waits 150ms breaks the latency limit.
	lookup := perf.Wrap(contract, func(ctx context.Context, delay time.Duration) (string, error) {
		time.Sleep(delay)
		return "found", nil
	})
	ctx := context.Background()
	for _, delay := range []time.Duration{0, 150 * time.Millisecond, 0} {
		if _, err := lookup(ctx, delay); err != nil {
			fmt.Println(err)
		}
	}

	// Report: judge what is judged over windows (memory here), list what
	// the collector holds, and write the file for $CHORAGEN_PERF_OUT.
	col.Check()
	for _, v := range col.Violations() {
		fmt.Printf("%s: %s measured over %v %s\n", v.ContractID, v.Metric, v.Threshold, v.Unit)
	}
	dir, _ := os.MkdirTemp("", "perf-out")
	defer os.RemoveAll(dir)
	path, err := col.WriteViolations(dir)
	if err != nil {
		fmt.Println(err)
		return
	}
	data, _ := os.ReadFile(path)
	var file struct {
		Package    string
		Violations []struct{ ContractID string }
	}
	json.Unmarshal(data, &file)
	fmt.Println(filepath.Ext(path), file.Package, len(file.Violations))
	// Output:
	// latency:example.com/shop/api.Lookup: latency measured over 100 ms
	// .json github.com/choragen/choragen/perf 1
}

func ExampleNewContract() {
	c, err := perf.NewContract("example.com/shop/api.List",
		perf.Latency{Max: 50 * time.Millisecond, Percentile: 99},
		perf.Bytes{Max: 64 * perf.KiB})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range c.Limits() {
		fmt.Println(c.ID(l))
	}

	// Invalid declarations are errors, never panics inside a call.
	_, err = perf.NewContract("example.com/shop/api.List", perf.Latency{Max: time.Second, Percentile: 100})
	fmt.Println(errors.Is(err, perf.ErrInvalid), err)
	// Output:
	// latency@p99:example.com/shop/api.List
	// bytes:example.com/shop/api.List
	// true perf: invalid contract latency@p100:example.com/shop/api.List: percentile must be in (0, 100), got 100 (0 judges every call)
}

// A bare name is qualified with the declaring package.
func ExampleNewContract_bareName() {
	c := perf.MustContract("search", perf.Latency{Max: time.Second})
	fmt.Println(c.Target())
	// Output:
	// github.com/choragen/choragen/perf.search
}

func ExampleWrap() {
	double := perf.Wrap(
		perf.MustContract("example.com/calc.Double", perf.Latency{Max: time.Second}),
		func(ctx context.Context, n int) (int, error) { return 2 * n, nil })
	n, err := double(context.Background(), 21)
	fmt.Println(n, err)
	// Output:
	// 42 <nil>
}

func ExampleDo() {
	c := perf.MustContract("example.com/store.Count", perf.Latency{Max: time.Second})
	var count int
	err := perf.Do(context.Background(), c, func(ctx context.Context) error {
		count = 3 // any call, through a closure
		return nil
	})
	fmt.Println(count, err)
	// Output:
	// 3 <nil>
}

// The defer form measures any function body.
func ExampleContract_Begin() {
	col := perf.NewCollector(perf.CollectorOpts{})
	c, _ := col.NewContract("example.com/report.Render", perf.Latency{Max: time.Microsecond})
	render := func() {
		defer c.Begin().End()
		time.Sleep(2 * time.Millisecond)
	}
	render()
	fmt.Println(len(col.Violations()), col.Violations()[0].ContractID)
	// Output:
	// 1 latency:example.com/report.Render
}

// An enforced latency cancels the call's context at the maximum.
func ExampleLatency_enforce() {
	col := perf.NewCollector(perf.CollectorOpts{})
	c, _ := col.NewContract("example.com/feed.Fetch", perf.Latency{Max: 10 * time.Millisecond, Enforce: true})
	fetch := perf.Wrap(c, func(ctx context.Context, url string) (string, error) {
		select {
		case <-time.After(time.Minute): // a stuck upstream
			return "body", nil
		case <-ctx.Done():
			return "", context.Cause(ctx)
		}
	})
	_, err := fetch(context.Background(), "https://example.com/feed")
	fmt.Println(err)
	fmt.Println(col.Violations()[0].Context["cancelled"])
	// Output:
	// perf: latency contract maximum reached
	// true
}

// A percentile is judged over a window of calls, when the window is due or
// when Check asks.
func ExampleContract_Check() {
	col := perf.NewCollector(perf.CollectorOpts{})
	c, _ := col.NewContract("example.com/cache.Get", perf.Latency{Max: time.Microsecond, Percentile: 50})
	for range 20 { // p50 needs 20 calls
		func() {
			defer c.Begin().End()
			time.Sleep(time.Millisecond)
		}()
	}
	c.Check()
	v := col.Violations()[0]
	fmt.Println(v.ContractID, v.Samples, v.Measured > v.Threshold)
	// Output:
	// latency@p50:example.com/cache.Get 20 true
}

func ExampleStartTimer() {
	t := perf.StartTimer("example.com/search.Filter")
	// ... the code measured ...
	fmt.Println(t.Stop() < time.Minute)
	// Output:
	// true
}

func ExampleAssertLatency() {
	t := perf.StartTimer("example.com/search.Filter")
	time.Sleep(2 * time.Millisecond)
	err := perf.AssertLatency(t, time.Millisecond)
	var ve *perf.ViolationError
	if errors.As(err, &ve) {
		fmt.Println(ve.Violation.ContractID, ve.Violation.Threshold, ve.Violation.Unit)
	}
	// Output:
	// latency:example.com/search.Filter 1 ms
}

// A collector keeps the newest violations and counts the ones it dropped.
func ExampleNewCollector() {
	col := perf.NewCollector(perf.CollectorOpts{Capacity: 2})
	for i := range 5 {
		col.Record(perf.Violation{ContractID: "queries:example.com/shop/api.List", Measured: float64(i)})
	}
	for _, v := range col.Violations() {
		fmt.Println(v.Measured)
	}
	fmt.Println("dropped", col.Dropped())
	// Output:
	// 3
	// 4
	// dropped 3
}

// Other packages (perfsql, perfhttp, your own) record violations they
// measure themselves.
func ExampleCollector_Record() {
	col := perf.NewCollector(perf.CollectorOpts{OnViolation: func(v perf.Violation) { fmt.Println(v) }})
	col.Record(perf.Violation{
		ContractID: "queries:example.com/shop/api.List",
		Target:     "example.com/shop/api.List",
		Metric:     "queries",
		Measured:   12,
		Threshold:  1,
		Unit:       "queries",
		Context:    map[string]any{"fingerprint": "select * from posts where user_id = ?"},
	})
	// Output:
	// queries:example.com/shop/api.List: measured 12 queries, threshold 1 queries
}

func ExampleHistogram() {
	h := perf.NewHistogram()
	for i := 1; i <= 100; i++ {
		h.Record(time.Duration(i) * time.Microsecond)
	}
	fmt.Println(h.Count(), h.Quantile(50).Round(time.Microsecond), h.Quantile(99).Round(time.Microsecond))
	// Output:
	// 100 50µs 99µs
}

// The defer form for a call that takes a context: an enforced latency
// cancels the context it returns.
func ExampleContract_BeginContext() {
	c := perf.MustContract("example.com/mail.Send", perf.Latency{Max: 5 * time.Millisecond, Enforce: true})
	send := func(ctx context.Context) error {
		ctx, call := c.BeginContext(ctx)
		defer call.End()
		<-ctx.Done() // a server that never answers
		return context.Cause(ctx)
	}
	fmt.Println(send(context.Background()))
	// Output:
	// perf: latency contract maximum reached
}

// Flush writes Default's violations where choragen asked for them. In a
// test binary, perftest.Main calls it.
func ExampleFlush() {
	dir, _ := os.MkdirTemp("", "perf-out")
	defer os.RemoveAll(dir)
	os.Setenv(perf.OutEnv, dir) // choragen sets this when it runs tests
	defer os.Unsetenv(perf.OutEnv)

	if err := perf.Flush(); err != nil {
		fmt.Println(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "github.com_choragen_choragen_perf.*.json"))
	fmt.Println(len(files), "file")
	// Output:
	// 1 file
}
