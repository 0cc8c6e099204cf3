package perf

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func violation(i int) Violation {
	return Violation{ContractID: "allocs:a.F", Target: "a.F", Metric: "allocs", Measured: float64(i), Unit: "allocs", Samples: 1}
}

func TestCollectorRing(t *testing.T) {
	for _, tc := range []struct {
		capacity, record int
		wantFirst        int
		wantDropped      uint64
	}{
		{capacity: 10, record: 0},
		{capacity: 10, record: 7, wantFirst: 0},
		{capacity: 10, record: 10, wantFirst: 0},
		{capacity: 10, record: 25, wantFirst: 15, wantDropped: 15},
		{capacity: 1, record: 3, wantFirst: 2, wantDropped: 2},
	} {
		t.Run(fmt.Sprintf("%d/%d", tc.record, tc.capacity), func(t *testing.T) {
			col := newTestCollector(CollectorOpts{Capacity: tc.capacity})
			for i := range tc.record {
				col.Record(violation(i))
			}
			vs := col.Violations()
			if got, want := len(vs), min(tc.record, tc.capacity); got != want {
				t.Fatalf("kept %d violations, want %d", got, want)
			}
			for i, v := range vs {
				if got, want := int(v.Measured), tc.wantFirst+i; got != want {
					t.Errorf("violation %d is #%d, want #%d (oldest first)", i, got, want)
				}
			}
			if got := col.Dropped(); got != tc.wantDropped {
				t.Errorf("Dropped() = %d, want %d", got, tc.wantDropped)
			}
			col.Reset()
			if len(col.Violations()) != 0 || col.Dropped() != 0 {
				t.Errorf("after Reset: %d violations, %d dropped", len(col.Violations()), col.Dropped())
			}
		})
	}
}

func TestCollectorDefaults(t *testing.T) {
	col := NewCollector(CollectorOpts{})
	if col.opts.Capacity != DefaultCapacity || col.opts.Window != DefaultWindow {
		t.Errorf("zero opts gave capacity %d, window %v", col.opts.Capacity, col.opts.Window)
	}
	before := time.Now()
	col.Record(Violation{ContractID: "allocs:a.F"})
	v := col.Violations()[0]
	if v.Time.Before(before) || v.Goroutines < 1 {
		t.Errorf("Record did not fill time (%v) and goroutines (%d)", v.Time, v.Goroutines)
	}
	set := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	col.Record(Violation{ContractID: "allocs:a.F", Time: set, Goroutines: 7})
	if v := col.Violations()[1]; !v.Time.Equal(set) || v.Goroutines != 7 {
		t.Errorf("Record overwrote time %v or goroutines %d", v.Time, v.Goroutines)
	}
}

// TestCollectorConcurrent records from many goroutines into a small ring:
// memory stays bounded and every violation is either kept or counted.
func TestCollectorConcurrent(t *testing.T) {
	var mu sync.Mutex
	seen := 0
	col := newTestCollector(CollectorOpts{Capacity: 100, OnViolation: func(Violation) {
		mu.Lock()
		seen++
		mu.Unlock()
	}})
	const goroutines, each = 8, 1000
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range each {
				col.Record(violation(g*each + i))
			}
		})
	}
	wg.Go(func() {
		for range 20 {
			_ = col.Violations()
			_ = col.Dropped()
		}
	})
	wg.Wait()
	vs := col.Violations()
	if len(vs) != 100 || cap(col.ring) != 100 {
		t.Errorf("kept %d violations in a ring of capacity %d, want 100", len(vs), cap(col.ring))
	}
	if got, want := uint64(len(vs))+col.Dropped(), uint64(goroutines*each); got != want {
		t.Errorf("kept + dropped = %d, want %d", got, want)
	}
	if seen != goroutines*each {
		t.Errorf("OnViolation saw %d violations, want %d", seen, goroutines*each)
	}
}

func TestCollectorCheck(t *testing.T) {
	col := newTestCollector(CollectorOpts{Window: time.Hour})
	c, _ := col.NewContract("a.F", Latency{Max: time.Microsecond, Percentile: 50})
	for range c.need {
		c.hist.Record(time.Millisecond)
	}
	col.Check()
	if got := len(col.Violations()); got != 1 {
		t.Errorf("Collector.Check judged %d windows, want 1", got)
	}
}

func TestAssertLatency(t *testing.T) {
	Default.Reset()
	defer Default.Reset()
	timer := StartTimer("search")
	if err := AssertLatency(timer, time.Hour); err != nil {
		t.Errorf("AssertLatency within an hour: %v", err)
	}
	if err := AssertLatency(timer, 0); !errors.Is(err, ErrInvalid) {
		t.Errorf("AssertLatency(max 0) = %v, want ErrInvalid", err)
	}
	time.Sleep(2 * time.Millisecond)
	if d := timer.Stop(); d < 2*time.Millisecond {
		t.Errorf("Stop() = %v after sleeping 2ms", d)
	}
	err := AssertLatency(timer, time.Microsecond)
	var ve *ViolationError
	if !errors.As(err, &ve) {
		t.Fatalf("AssertLatency over max = %v, want a *ViolationError", err)
	}
	v := ve.Violation
	if v.ContractID != "latency:"+pkg+".search" || v.Measured < 2 || v.Threshold != 0.001 || v.Time.IsZero() {
		t.Errorf("violation %+v", v)
	}
	if vs := Default.Violations(); len(vs) != 1 || vs[0].ContractID != v.ContractID {
		t.Errorf("Default holds %v, want the violation", vs)
	}
	if timer.Name() != "search" {
		t.Errorf("Name() = %q", timer.Name())
	}
	if got := err.Error(); got != "perf: contract broken: "+v.String() {
		t.Errorf("Error() = %q", got)
	}
}

// TestWriteViolations checks the file written for $CHORAGEN_PERF_OUT
// against testdata/violations.golden (the process id replaced by PID).
func TestWriteViolations(t *testing.T) {
	col := newTestCollector(CollectorOpts{Capacity: 2})
	col.Record(violation(0)) // dropped
	col.Record(Violation{
		ContractID: "latency@p99:example.com/shop/api.List", Target: "example.com/shop/api.List",
		Metric: "latency", Percentile: 99, Measured: 4.1, Threshold: 1, Unit: "ms", Samples: 1000,
		Goroutines: 12, Context: map[string]any{"test": "TestList", "window": "10s"},
	})
	col.Record(Violation{
		ContractID: "latency:example.com/shop/api.Get", Target: "example.com/shop/api.Get",
		Metric: "latency", Measured: 120.5, Threshold: 100, Unit: "ms", Samples: 1, Goroutines: 3,
		Labels: map[string]string{"route": "GET /api/users/{id}"}, Stack: []string{"example.com/shop/api.Get api.go:42"},
	})
	dir := t.TempDir()
	path, err := col.WriteViolations(dir)
	if err != nil {
		t.Fatal(err)
	}
	pid := strconv.Itoa(os.Getpid())
	if got, want := filepath.Base(path), "github.com_choragen_choragen_perf."+pid+".json"; got != want {
		t.Errorf("file name %q, want %q", got, want)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("%d files in the directory, want only the result (no temporary file left)", len(entries))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var decoded struct {
		Package string
		PID     int
		Dropped uint64
	}
	if err := json.Unmarshal(data, &decoded); err != nil {
		t.Fatal(err)
	}
	if decoded.Package != pkg || decoded.PID != os.Getpid() || decoded.Dropped != 1 {
		t.Errorf("file says package %q, pid %d, dropped %d", decoded.Package, decoded.PID, decoded.Dropped)
	}
	got := bytes.ReplaceAll(data, []byte(`"pid": `+pid), []byte(`"pid": PID`))
	golden(t, "testdata/violations.golden", got)
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		os.WriteFile(path+".got", got, 0o644)
		t.Errorf("%s differs from the output (written to %s.got):\n got: %s\nwant: %s", path, path, got, want)
	}
}

func TestWriteViolationsError(t *testing.T) {
	_, err := NewCollector(CollectorOpts{}).WriteViolations(filepath.Join(t.TempDir(), "missing"))
	if err == nil {
		t.Error("writing into a missing directory succeeded")
	}
}

func TestFlush(t *testing.T) {
	Default.Reset()
	defer Default.Reset()
	t.Setenv(OutEnv, "")
	if err := Flush(); err != nil {
		t.Errorf("Flush without %s: %v", OutEnv, err)
	}
	dir := t.TempDir()
	t.Setenv(OutEnv, dir)
	Default.Record(violation(1))
	if err := Flush(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "github.com_choragen_choragen_perf."+strconv.Itoa(os.Getpid())+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var f outFile
	if err := json.Unmarshal(data, &f); err != nil || len(f.Violations) != 1 || f.Violations[0].ContractID != "allocs:a.F" {
		t.Errorf("flushed file %s (%v)", data, err)
	}
}

func TestFileName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"example.com/shop/api", "example.com_shop_api"},
		{"gopkg.in/yaml.v3", "gopkg.in_yaml.v3"},
		{`a\b:c`, "a_b_c"},
	} {
		if got := fileName(tc.in); got != tc.want {
			t.Errorf("fileName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestOnViolationReentrant: the hook may call back into the collector and
// the contract without deadlocking.
func TestOnViolationReentrant(t *testing.T) {
	var col *Collector
	var c *Contract
	seen := 0
	col = newTestCollector(CollectorOpts{Window: time.Hour, OnViolation: func(v Violation) {
		seen++
		c.Check()
		col.Check()
		_ = col.Violations()
	}})
	c, _ = col.NewContract("a.F", Latency{Max: time.Microsecond, Percentile: 50})
	for range c.need {
		c.hist.Record(time.Millisecond)
	}
	c.Check()
	if seen != 1 {
		t.Errorf("OnViolation called %d times, want 1", seen)
	}
}
