package perf

import (
	"context"
	"errors"
	"math"
	"runtime"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

	"github.com/choragen/choragen/internal/race"
)

const pkg = "github.com/choragen/choragen/perf"

func TestNewContractInvalid(t *testing.T) {
	for _, tc := range []struct {
		name   string
		target string
		limits []Limit
		want   string // in the message
	}{
		{"zero max", "a.F", []Limit{Latency{}}, "perf: invalid contract latency:a.F: max must be positive, got 0s"},
		{"negative max", "a.F", []Limit{Latency{Max: -time.Second}}, "max must be positive, got -1s"},
		{"percentile 100", "a.F", []Limit{Latency{Max: time.Second, Percentile: 100}}, "latency@p100:a.F: percentile must be in (0, 100), got 100"},
		{"percentile negative", "a.F", []Limit{Latency{Max: time.Second, Percentile: -1}}, "percentile must be in (0, 100)"},
		{"percentile NaN", "a.F", []Limit{Latency{Max: time.Second, Percentile: math.NaN()}}, "percentile must be in (0, 100), got NaN"},
		{"enforce percentile", "a.F", []Limit{Latency{Max: time.Second, Percentile: 99, Enforce: true}}, "enforce needs a per-call max"},
		{"negative bytes", "a.F", []Limit{Bytes{Max: -1}}, "perf: invalid contract bytes:a.F: max must not be negative, got -1"},
		{"negative allocs", "a.F", []Limit{Allocs{Max: -2}}, "perf: invalid contract allocs:a.F: max must not be negative, got -2"},
		{"twice", "a.F", []Limit{Allocs{Max: 1}, Allocs{Max: 2}}, "allocs:a.F: declared twice"},
		{"same percentile twice", "a.F", []Limit{Latency{Max: 1, Percentile: 99}, Latency{Max: 2, Percentile: 99}}, "latency@p99:a.F: declared twice"},
		{"no limit", "a.F", nil, "perf: invalid contract a.F: no limit"},
		{"nil limit", "a.F", []Limit{nil}, "nil limit"},
		{"empty target", "", []Limit{Allocs{}}, "perf: invalid contract: empty target"},
		{"blank target", "  ", []Limit{Allocs{}}, "empty target"},
		{"control character", "a.F\n", []Limit{Allocs{}}, "control or invalid character at byte 3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := NewCollector(CollectorOpts{}).NewContract(tc.target, tc.limits...)
			if err == nil {
				t.Fatalf("NewContract succeeded: %v", c.ids)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("error %v does not wrap ErrInvalid", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not say %q", err, tc.want)
			}
			if c != nil {
				t.Errorf("NewContract returned a contract with its error")
			}
		})
	}
}

func TestMustContractPanics(t *testing.T) {
	defer func() {
		if r := recover(); r == nil {
			t.Error("MustContract with a zero max did not panic")
		}
	}()
	MustContract("a.F", Latency{})
}

func TestTargetAndIDs(t *testing.T) {
	lat := Latency{Max: time.Millisecond, Percentile: 99.9}
	mean := Latency{Max: time.Second}
	c := MustContract("search", lat, mean, Bytes{Max: 10 * KB}, Allocs{Max: 0})
	if got, want := c.Target(), pkg+".search"; got != want {
		t.Errorf("Target() = %q, want %q (a bare name takes the declaring package)", got, want)
	}
	for _, tc := range []struct {
		l    Limit
		want string
	}{
		{lat, "latency@p99.9:" + pkg + ".search"},
		{mean, "latency:" + pkg + ".search"},
		{Bytes{Max: 10000}, "bytes:" + pkg + ".search"},
		{Allocs{}, "allocs:" + pkg + ".search"},
		{Allocs{Max: 1}, ""},
	} {
		if got := c.ID(tc.l); got != tc.want {
			t.Errorf("ID(%#v) = %q, want %q", tc.l, got, tc.want)
		}
	}
	if got := len(c.Limits()); got != 4 {
		t.Errorf("Limits() has %d limits, want 4", got)
	}
	for _, target := range []string{"example.com/shop/api.FetchUser", "store.(*DB).Get", "GET /api/users/{id}"} {
		if got := MustContract(target, mean).Target(); got != target {
			t.Errorf("Target() = %q, want %q unchanged", got, target)
		}
	}
}

func TestPackageOf(t *testing.T) {
	for _, tc := range []struct{ fn, want string }{
		{"example.com/shop/api.FetchUser", "example.com/shop/api"},
		{"example.com/shop/store.(*DB).Get", "example.com/shop/store"},
		{"example.com/shop/api_test.TestX.func1", "example.com/shop/api"},
		{"main.main", "main"},
		{"nodot", ""},
	} {
		if got := packageOf(tc.fn); got != tc.want {
			t.Errorf("packageOf(%q) = %q, want %q", tc.fn, got, tc.want)
		}
	}
}

func TestNilContract(t *testing.T) {
	var c *Contract
	c.Begin().End()
	ctx, call := c.BeginContext(context.Background())
	call.End()
	c.Check()
	if ctx == nil || c.Target() != "" || c.Histogram() != nil || c.Limits() != nil || c.ID(Allocs{}) != "" || c.Collector() != nil {
		t.Error("a nil contract is not inert")
	}
	f := func(ctx context.Context, n int) (int, error) { return n + 1, nil }
	if got, _ := Wrap(c, f)(ctx, 1); got != 2 {
		t.Errorf("Wrap(nil, f)(1) = %d, want 2", got)
	}
	if err := Do(ctx, c, func(context.Context) error { return nil }); err != nil {
		t.Errorf("Do(nil) = %v", err)
	}
}

// newTestCollector returns a collector whose timestamps are fixed.
func newTestCollector(opts CollectorOpts) *Collector {
	opts.now = func() time.Time { return time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC) }
	return NewCollector(opts)
}

// slow sleeps long enough to break any limit below a millisecond, on any
// machine.
func slow(ctx context.Context, n int) (int, error) {
	time.Sleep(2 * time.Millisecond)
	return n, nil
}

func TestLatencyPerCall(t *testing.T) {
	col := newTestCollector(CollectorOpts{})
	c, err := col.NewContract("example.com/x.Slow", Latency{Max: time.Microsecond})
	if err != nil {
		t.Fatal(err)
	}
	loose, err := col.NewContract("example.com/x.Loose", Latency{Max: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	ctx := pprof.WithLabels(context.Background(), pprof.Labels("route", "/x"))
	f := Wrap(c, Wrap(loose, slow))
	for i := range 3 {
		if got, err := f(ctx, i); got != i || err != nil {
			t.Fatalf("wrapped call = %d, %v; want %d, nil", got, err, i)
		}
	}
	vs := col.Violations()
	if len(vs) != 3 {
		t.Fatalf("%d violations, want 3 (every call breaks 1µs, none breaks 1h): %v", len(vs), vs)
	}
	for _, v := range vs {
		if v.ContractID != "latency:example.com/x.Slow" || v.Metric != "latency" || v.Unit != "ms" || v.Samples != 1 {
			t.Errorf("violation %+v: wrong id, metric, unit or samples", v)
		}
		if v.Measured < 2 || v.Threshold != 0.001 {
			t.Errorf("violation measured %v ms, threshold %v ms; want >= 2 and 0.001", v.Measured, v.Threshold)
		}
		if v.Labels["route"] != "/x" {
			t.Errorf("violation labels %v, want route=/x", v.Labels)
		}
		if v.Goroutines < 1 || !v.Time.Equal(col.opts.now()) {
			t.Errorf("violation goroutines %d, time %v", v.Goroutines, v.Time)
		}
		if v.Stack != nil {
			t.Errorf("stack captured without CollectorOpts.Stack")
		}
	}
	if got := c.Histogram().Count(); got != 3 {
		t.Errorf("histogram counted %d calls, want 3", got)
	}
}

func TestDeferForm(t *testing.T) {
	col := newTestCollector(CollectorOpts{})
	c, _ := col.NewContract("example.com/x.Slow", Latency{Max: time.Microsecond})
	func() {
		defer c.Begin().End()
		time.Sleep(2 * time.Millisecond)
	}()
	vs := col.Violations()
	if len(vs) != 1 {
		t.Fatalf("%d violations, want 1", len(vs))
	}
	if vs[0].Labels != nil {
		t.Errorf("labels %v without a context", vs[0].Labels)
	}
}

func TestEnforce(t *testing.T) {
	col := newTestCollector(CollectorOpts{})
	c, err := col.NewContract("example.com/x.Wait", Latency{Max: 5 * time.Millisecond, Enforce: true})
	if err != nil {
		t.Fatal(err)
	}
	// wait returns only when its context is done, so it always reaches max.
	wait := func(ctx context.Context, _ struct{}) (error, error) {
		<-ctx.Done()
		return context.Cause(ctx), ctx.Err()
	}
	cause, err := Wrap(c, wait)(context.Background(), struct{}{})
	if !errors.Is(err, context.DeadlineExceeded) || cause != ErrMaxLatency {
		t.Errorf("enforced call saw err %v, cause %v; want DeadlineExceeded, ErrMaxLatency", err, cause)
	}
	vs := col.Violations()
	if len(vs) != 1 || vs[0].Context["cancelled"] != true || vs[0].Measured < 5 {
		t.Fatalf("violations %+v; want one, cancelled, measured >= 5ms", vs)
	}

	// Do gives the same context; a parent's earlier cancellation is not
	// the contract's doing.
	parent, cancel := context.WithCancel(context.Background())
	cancel()
	err = Do(parent, c, func(ctx context.Context) error {
		<-ctx.Done()
		return context.Cause(ctx)
	})
	if err != context.Canceled {
		t.Errorf("Do under a cancelled parent: cause %v, want context.Canceled", err)
	}
	if got := len(col.Violations()); got != 1 {
		t.Errorf("%d violations after a call cancelled by its parent, want still 1", got)
	}
}

func TestPercentileWindow(t *testing.T) {
	col := newTestCollector(CollectorOpts{Window: time.Hour})
	p99 := Latency{Max: time.Millisecond, Percentile: 99}
	p50 := Latency{Max: 10 * time.Millisecond, Percentile: 50}
	c, err := col.NewContract("example.com/x.F", p99, p50)
	if err != nil {
		t.Fatal(err)
	}
	if c.need != 1000 {
		t.Fatalf("a p99 window needs %d calls, want 1000", c.need)
	}
	record := func(n int, d time.Duration) {
		for range n {
			c.hist.Record(d)
		}
	}
	// 980 fast calls and 19 slow ones: p99 is slow, but 999 calls are
	// too few to judge it.
	record(980, 100*time.Microsecond)
	record(19, 5*time.Millisecond)
	c.Check()
	if vs := col.Violations(); len(vs) != 0 {
		t.Fatalf("judged a window of 999 calls: %v", vs)
	}
	record(1, 5*time.Millisecond)
	c.Check()
	vs := col.Violations()
	if len(vs) != 1 {
		t.Fatalf("%d violations after 1000 calls, want 1 (p99 only): %v", len(vs), vs)
	}
	v := vs[0]
	if v.ContractID != "latency@p99:example.com/x.F" || v.Percentile != 99 || v.Samples != 1000 || v.Threshold != 1 {
		t.Errorf("violation %+v", v)
	}
	if math.Abs(v.Measured-5)/5 > relErr {
		t.Errorf("measured p99 %v ms, want 5", v.Measured)
	}
	// The next window starts empty: 1000 fast calls keep the contract.
	record(1000, 100*time.Microsecond)
	c.Check()
	if got := len(col.Violations()); got != 1 {
		t.Errorf("%d violations after a fast window, want still 1", got)
	}
	if got := c.Histogram().Count(); got != 2000 {
		t.Errorf("histogram counts %d calls, want all 2000", got)
	}
}

// TestPercentileWindowDue runs real calls and lets a due window be judged
// by the call that finds it due.
func TestPercentileWindowDue(t *testing.T) {
	col := newTestCollector(CollectorOpts{Window: time.Nanosecond})
	c, _ := col.NewContract("example.com/x.Slow", Latency{Max: time.Microsecond, Percentile: 50})
	f := Wrap(c, slow)
	for i := range int(c.need) + 1 {
		f(context.Background(), i)
	}
	vs := col.Violations()
	if len(vs) == 0 || vs[0].ContractID != "latency@p50:example.com/x.Slow" || vs[0].Samples < int(c.need) {
		t.Errorf("violations %+v; want a p50 window of at least %d calls", vs, c.need)
	}
}

var memSink []byte

// sampled returns how many calls of c had their memory measured.
func sampled(c *Contract) int { return int(c.mem.n.Load()) }

func TestMemoryAllocs(t *testing.T) {
	if race.Enabled {
		t.Skip("allocation counts differ under -race")
	}
	col := newTestCollector(CollectorOpts{})
	alloc := func(ctx context.Context, n int) (int, error) {
		memSink = make([]byte, n)
		return n, nil
	}
	c, err := col.NewContract("example.com/x.Alloc", Bytes{Max: 10 * KiB}, Allocs{Max: 0})
	if err != nil {
		t.Fatal(err)
	}
	f := Wrap(c, alloc)
	f(context.Background(), 1<<20) // warm-up: not sampled
	c.Check()
	if got := sampled(c); got != 0 {
		t.Fatalf("%d calls sampled after the warm-up call, want 0", got)
	}
	for range memBurst + 2 { // a burst of samples, then none until spaced
		f(context.Background(), 64<<10)
	}
	if got := sampled(c); got != memBurst {
		t.Fatalf("%d calls sampled, want %d", got, memBurst)
	}
	c.Check()
	vs := col.Violations()
	if len(vs) != 2 {
		t.Fatalf("%d violations, want bytes and allocs: %v", len(vs), vs)
	}
	for _, v := range vs {
		switch v.Metric {
		case "bytes":
			if v.ContractID != "bytes:example.com/x.Alloc" || v.Measured != 64<<10 || v.Threshold != 10240 || v.Unit != "B" || v.Samples != memBurst || v.Context["statistic"] != "median" {
				t.Errorf("bytes violation %+v; want exactly 65536 B measured", v)
			}
		case "allocs":
			if v.ContractID != "allocs:example.com/x.Alloc" || v.Measured != 1 || v.Threshold != 0 || v.Unit != "allocs" {
				t.Errorf("allocs violation %+v; want exactly 1 allocation", v)
			}
		default:
			t.Errorf("unexpected violation %+v", v)
		}
	}
	if got := sampled(c); got != 0 {
		t.Errorf("%d samples left after the window was judged", got)
	}
	c.Check()
	if got := len(col.Violations()); got != 2 {
		t.Errorf("an empty window was judged: %d violations", got)
	}
}

func TestMemoryZeroAlloc(t *testing.T) {
	if race.Enabled {
		t.Skip("allocation counts differ under -race")
	}
	col := newTestCollector(CollectorOpts{Window: time.Hour})
	c, _ := col.NewContract("example.com/x.Add", Bytes{Max: 0}, Allocs{Max: 0})
	add := func(ctx context.Context, n int) (int, error) { return n + 1, nil }
	f := Wrap(c, add)
	for i := range 200 {
		f(context.Background(), i)
	}
	if got := sampled(c); got < memBurst {
		t.Fatalf("%d calls sampled, want at least %d", got, memBurst)
	}
	c.Check()
	if vs := col.Violations(); len(vs) != 0 {
		t.Errorf("a call that allocates nothing broke a zero limit: %v", vs)
	}
}

func TestLatencyZeroAlloc(t *testing.T) {
	if race.Enabled {
		t.Skip("allocation counts differ under -race")
	}
	c, _ := NewCollector(CollectorOpts{Window: time.Hour}).NewContract("example.com/x.Add",
		Latency{Max: time.Hour}, Latency{Max: time.Hour, Percentile: 99})
	add := func(ctx context.Context, n int) (int, error) { return n + 1, nil }
	f := Wrap(c, add)
	ctx := context.Background()
	if n := testing.AllocsPerRun(1000, func() { f(ctx, 1) }); n != 0 {
		t.Errorf("Wrap: %v allocations per call, want 0", n)
	}
	if n := testing.AllocsPerRun(1000, func() { defer c.Begin().End() }); n != 0 {
		t.Errorf("Begin/End: %v allocations per call, want 0", n)
	}
	if n := testing.AllocsPerRun(1000, func() { _ = AssertLatency(StartTimer("x"), time.Hour) }); n != 0 {
		t.Errorf("StartTimer/AssertLatency: %v allocations per call, want 0", n)
	}
}

func TestContractsForgotten(t *testing.T) {
	col := NewCollector(CollectorOpts{})
	keep, _ := col.NewContract("a.Keep", Allocs{})
	for range 10 {
		col.NewContract("a.Drop", Allocs{})
	}
	for range 3 {
		runtime.GC()
	}
	live := col.liveContracts()
	if len(live) != 1 || live[0] != keep {
		t.Errorf("%d live contracts after GC, want only the one kept", len(live))
	}
	runtime.KeepAlive(keep)
}

func TestMinSamples(t *testing.T) {
	for _, tc := range []struct {
		p    float64
		want uint64
	}{{50, 20}, {90, 100}, {95, 200}, {99, 1000}, {99.9, 10000}, {99.99, 100000}} {
		if got := minSamples(tc.p); got != tc.want {
			t.Errorf("minSamples(%v) = %d, want %d", tc.p, got, tc.want)
		}
	}
}
