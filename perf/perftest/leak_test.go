package perftest_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/choragen/choragen/perf"
	"github.com/choragen/choragen/perf/perftest"
)

// cleanupRecorder is a recorder whose cleanups run when the test asks.
type cleanupRecorder struct {
	recorder
	cleanups []func()
}

func (r *cleanupRecorder) Cleanup(f func()) { r.cleanups = append(r.cleanups, f) }

func (r *cleanupRecorder) end() {
	for i := len(r.cleanups) - 1; i >= 0; i-- {
		r.cleanups[i]()
	}
}

const recordedTarget = "github.com/choragen/choragen/perf/perftest.TestRecorded"

func TestNoLeaks(t *testing.T) {
	for _, tc := range []struct {
		name   string
		leaked int // goroutines left running
	}{
		{"none", 0},
		{"one", 1},
		{"two", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := make(chan struct{})
			go func() { <-before }() // running before NoLeaks: not blamed
			defer close(before)

			col := perf.NewCollector(perf.CollectorOpts{})
			r := &cleanupRecorder{}
			perftest.NoLeaks(r, perftest.RecordTo(col))

			release := make(chan struct{})
			var wg sync.WaitGroup
			for range tc.leaked {
				wg.Go(func() { <-release })
			}
			done := make(chan struct{})
			go func() { close(done) }() // ends before the check: not a leak
			<-done
			r.end()
			close(release)
			wg.Wait()

			if tc.leaked == 0 {
				check(t, &r.recorder, "")
				if vs := col.Violations(); len(vs) != 0 {
					t.Errorf("violations without a leak: %v", vs)
				}
				return
			}
			if len(r.errors) != 1 || !strings.HasPrefix(r.errors[0], "perftest: leak:"+recordedTarget+": ") ||
				!strings.Contains(r.errors[0], "TestNoLeaks") {
				t.Fatalf("errors %q, want one naming the leak and the goroutine's function", r.errors)
			}
			vs := col.Violations()
			if len(vs) != 1 {
				t.Fatalf("%d violations, want 1", len(vs))
			}
			v := vs[0]
			if v.ContractID != "leak:"+recordedTarget || v.Metric != "leak" || v.Unit != "goroutines" ||
				v.Measured != float64(tc.leaked) || v.Threshold != 0 || v.Context["test"] != "TestRecorded" {
				t.Errorf("violation %+v", v)
			}
		})
	}
}

func TestNoLeaksTarget(t *testing.T) {
	for _, tc := range []struct{ set, want string }{
		{"Server", "leak:github.com/choragen/choragen/perf/perftest.Server"},
		{"example.com/api.(*Server).Close", "leak:example.com/api.(*Server).Close"},
	} {
		col := perf.NewCollector(perf.CollectorOpts{})
		r := &cleanupRecorder{}
		perftest.NoLeaks(r, perftest.RecordTo(col), perftest.Target(tc.set))
		release := make(chan struct{})
		go func() { <-release }()
		r.end()
		close(release)
		if vs := col.Violations(); len(vs) != 1 || vs[0].ContractID != tc.want {
			t.Errorf("Target(%q): violations %v, want one for %s", tc.set, vs, tc.want)
		}
	}
}

// The leaking and clean operations HeapGrowth is tried on.
var (
	leaked [][]byte
	cache  = map[int][]byte{}
	jumped []byte
	calls  int
)

func leak() { leaked = append(leaked, make([]byte, 512)) }

func garbage() { sink = make([]byte, 4096) }

// boundedCache keeps the last 50 keys: full after the warm-up.
func boundedCache() {
	calls++
	cache[calls%50] = make([]byte, 256)
}

// lazyTable builds a 1 MiB table once, in the fourth round.
func lazyTable() {
	calls++
	if calls == 350 {
		jumped = make([]byte, 1<<20)
	}
}

func TestHeapGrowth(t *testing.T) {
	for _, tc := range []struct {
		name string
		op   func()
		opts []perftest.Option
		fail bool
	}{
		{"leak", leak, nil, true},
		{"leak within tolerance", leak, []perftest.Option{perftest.MaxGrowth(2048)}, false},
		{"garbage only", garbage, nil, false},
		{"bounded cache", boundedCache, nil, false},
		{"one-off jump", lazyTable, nil, false},
		{"nothing", nothing, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			leaked, calls, jumped = nil, 0, nil
			clear(cache)
			col := perf.NewCollector(perf.CollectorOpts{})
			r := &recorder{}
			perftest.HeapGrowth(r, tc.op, append(tc.opts, perftest.RecordTo(col))...)
			if !tc.fail {
				check(t, r, "")
				return
			}
			if len(r.errors) != 1 || !strings.HasPrefix(r.errors[0], "perftest: leak:"+recordedTarget+": live heap grows ") {
				t.Fatalf("errors %q", r.errors)
			}
			t.Log(r.errors[0])
			vs := col.Violations()
			if len(vs) != 1 {
				t.Fatalf("violations %v", vs)
			}
			// 512 B a call, in a size class of its own, and the slice of
			// them that doubles now and then.
			if v := vs[0]; v.Measured < 500 || v.Measured > 700 || v.Unit != "B" || v.Metric != "leak" || v.Samples != 1000 {
				t.Errorf("violation %+v, want about 512 B per call over 10 rounds of 100 calls", v)
			}
		})
	}
	leaked = nil
	clear(cache)
}
