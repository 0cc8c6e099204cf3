package perf

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/choragen/choragen/internal/metric"
)

// Sizes for Bytes limits. KB, MB and GB are powers of 1000, KiB, MiB and GiB
// powers of 1024, as in directives.
const (
	KB  int64 = 1000
	MB  int64 = 1000 * KB
	GB  int64 = 1000 * MB
	KiB int64 = 1024
	MiB int64 = 1024 * KiB
	GiB int64 = 1024 * MiB
)

// ErrInvalid is wrapped by the errors of NewContract and AssertLatency when
// a declaration cannot be a contract (a max that is not positive, a
// percentile outside 0–100, an empty target, ...).
var ErrInvalid = errors.New("perf: invalid contract")

// ErrMaxLatency is the cause (context.Cause) of a context that a contract
// with Latency.Enforce cancelled because the call reached its maximum.
var ErrMaxLatency = errors.New("perf: latency contract maximum reached")

// A Limit is one bound that a contract holds its target to: Latency, Bytes
// or Allocs, judged at run time and in tests; CPU, Syscalls, IOBytes,
// Iterations or Depth, judged in tests and benchmarks (resource.go). Each
// limit becomes one contract in choragen's report, with its own id.
//
// The set of limits is closed to this package (the interface has an
// unexported method) so that perf can measure each one; new kinds join as
// new types, and code that declares contracts keeps compiling.
type Limit interface {
	spec() limitSpec
}

// limitSpec is what every limit says about itself.
type limitSpec struct {
	metric     metric.Metric
	percentile float64
}

// Latency limits the time a call takes.
//
// Without a Percentile, every call is judged on its own: a call that takes
// longer than Max is a violation. With one, the percentile of the calls'
// times is judged, over windows of calls (see Contract), never a single
// call. (A benchmark judges a contract without a percentile on the mean
// time per call, as the directive //perf:latency does.)
type Latency struct {
	// Max is the longest time allowed. It must be positive.
	Max time.Duration
	// Percentile, if not zero, is the percentile judged, in (0, 100):
	// 99 for p99.
	Percentile float64
	// Enforce makes the wrapped call's context be cancelled (with
	// ErrMaxLatency as its cause) when the call reaches Max. It needs a
	// per-call limit (no Percentile) and a context: Wrap, Do or
	// Contract.BeginContext.
	Enforce bool
}

func (l Latency) spec() limitSpec {
	return limitSpec{metric: metric.Latency, percentile: l.Percentile}
}

// Bytes limits the bytes a call allocates on the heap. Zero allows none.
type Bytes struct {
	Max int64
}

func (Bytes) spec() limitSpec { return limitSpec{metric: metric.Bytes} }

// Allocs limits the heap allocations a call makes. Zero allows none.
type Allocs struct {
	Max int64
}

func (Allocs) spec() limitSpec { return limitSpec{metric: metric.Allocs} }

// A Contract holds one target (a function, a code region, an HTTP route)
// to one or more limits. Calls are measured through its wrappers (Wrap, Do)
// or its defer form (Begin, BeginContext), or timed elsewhere and added
// with Observe; what breaks a limit is recorded as a Violation in the
// contract's collector, and Verdicts says how each limit fared so far.
//
// How each limit is judged:
//   - Latency without a percentile: every call, against Max.
//   - Latency with a percentile: the calls of a window, once the window is
//     at least the collector's Window long and has enough calls for the
//     percentile to mean something (10 above it: 1000 calls for p99,
//     200 for p95, 20 for p50).
//   - MeanLatency: the mean of a window's calls, judged as percentiles
//     are, once the window has at least 20 calls.
//   - Bytes and Allocs: the median of the calls sampled in a window. A
//     sampled call is measured exactly, but process-wide: what other
//     goroutines allocate while it runs counts too. See the package
//     documentation.
//
// Memory: a contract with a latency limit holds a Histogram (about 9.5 KiB
// per shard, up to 8 shards), and two copies of its counts (19 KiB) when a
// limit has a percentile.
//
// A Contract is safe for concurrent use. Its methods do nothing on a nil
// Contract, so a wrapper never panics when a declaration failed.
type Contract struct {
	target    string
	limits    []Limit
	collector *Collector

	hist     *Histogram    // for any latency limit
	perCall  []Latency     // latency limits judged call by call
	windowed []Latency     // percentile limits
	means    []MeanLatency // mean limits, judged over windows too
	enforce  time.Duration // shortest enforced Max; 0: none
	bytes    *Bytes        // nil: no bytes limit
	allocs   *Allocs       // nil: no allocs limit
	hasMem   bool          // bytes or allocs: sample calls' memory
	need     uint64        // calls a percentile window needs
	ids      map[Limit]string
	decl     Declaration
	records  map[string]*limitRecord // by id: how each limit fared (verdict.go)
	longest  atomic.Int64            // the longest call, in ns, when perCall is set

	mem memState

	nextCheck atomic.Int64 // mono time at which the next window is due

	mu         sync.Mutex    // guards the windows
	histBase   *histSnapshot // counts before the current window
	histWindow *histSnapshot // scratch space for the current window
	histStart  time.Time
}

// NewContract declares a contract for target, recording its violations in
// Default. The target is the pprof-style name of what the contract covers:
// "example.com/shop/api.FetchUser", "example.com/shop/store.(*DB).Get", or a
// route "GET /api/users/{id}". A bare name such as "search" (no dot, slash
// or space) is qualified with the package of the code that calls
// NewContract: "example.com/shop/api.search".
//
// It returns an error wrapping ErrInvalid when a limit cannot be a
// contract: a Latency whose Max is not positive or whose Percentile is
// outside (0, 100), a Bytes or Allocs below zero, Enforce with a
// percentile, two limits with the same id, or no limit at all.
func NewContract(target string, limits ...Limit) (*Contract, error) {
	return Default.newContract(qualify(target, 2), codeDeclaration(2), limits)
}

// MustContract is like NewContract but panics on an invalid declaration.
// It is meant for package-level variables, initialised before any call.
func MustContract(target string, limits ...Limit) *Contract {
	c, err := Default.newContract(qualify(target, 2), codeDeclaration(2), limits)
	if err != nil {
		panic(err)
	}
	return c
}

// NewContract is like the package's NewContract, but records the
// contract's violations in c.
func (c *Collector) NewContract(target string, limits ...Limit) (*Contract, error) {
	return c.newContract(qualify(target, 2), codeDeclaration(2), limits)
}

func (col *Collector) newContract(target string, decl Declaration, limits []Limit) (*Contract, error) {
	if err := checkTarget(target); err != nil {
		return nil, err
	}
	if len(limits) == 0 {
		return nil, fmt.Errorf("%w %s: no limit", ErrInvalid, target)
	}
	c := &Contract{
		target:    target,
		limits:    append([]Limit(nil), limits...),
		collector: col,
		ids:       make(map[Limit]string, len(limits)),
		decl:      decl,
		records:   make(map[string]*limitRecord, len(limits)),
	}
	seen := make(map[string]bool, len(limits))
	for _, l := range limits {
		if l == nil {
			return nil, fmt.Errorf("%w %s: nil limit", ErrInvalid, target)
		}
		s := l.spec()
		id := metric.ID(s.metric, s.percentile, target)
		if err := validate(l); err != nil {
			return nil, fmt.Errorf("%w %s: %v", ErrInvalid, id, err)
		}
		if seen[id] {
			return nil, fmt.Errorf("%w %s: declared twice", ErrInvalid, id)
		}
		seen[id] = true
		c.ids[l] = id
		c.records[id] = new(limitRecord)
		switch l := l.(type) {
		case Latency:
			if c.hist == nil {
				c.hist = NewHistogram()
			}
			if l.Percentile == 0 {
				c.perCall = append(c.perCall, l)
			} else {
				c.windowed = append(c.windowed, l)
				c.need = max(c.need, minSamples(l.Percentile))
			}
			if l.Enforce && (c.enforce == 0 || l.Max < c.enforce) {
				c.enforce = l.Max
			}
		case MeanLatency:
			if c.hist == nil {
				c.hist = NewHistogram()
			}
			c.means = append(c.means, l)
			c.need = max(c.need, meanMinSamples)
		case Bytes:
			c.bytes = &l
			c.hasMem = true
		case Allocs:
			c.allocs = &l
			c.hasMem = true
		}
	}
	if len(c.windowed) > 0 || len(c.means) > 0 {
		c.histBase = new(histSnapshot)
		c.histWindow = new(histSnapshot)
	}
	c.histStart = col.opts.now()
	c.mem.start = c.histStart
	c.nextCheck.Store(mono() + int64(col.opts.Window))
	col.register(c)
	return c, nil
}

func validate(l Limit) error {
	if c, ok := l.(checker); ok { // kinds that validate themselves (resource.go)
		return c.check()
	}
	switch l := l.(type) {
	case Latency:
		if l.Max <= 0 {
			return fmt.Errorf("max must be positive, got %v", l.Max)
		}
		if math.IsNaN(l.Percentile) || l.Percentile < 0 || l.Percentile >= 100 {
			return fmt.Errorf("percentile must be in (0, 100), got %v (0 judges every call)", l.Percentile)
		}
		if l.Enforce && l.Percentile != 0 {
			return errors.New("enforce needs a per-call max, not a percentile")
		}
	case MeanLatency:
		if l.Max <= 0 {
			return fmt.Errorf("max must be positive, got %v", l.Max)
		}
	case Bytes:
		if l.Max < 0 {
			return fmt.Errorf("max must not be negative, got %d", l.Max)
		}
	case Allocs:
		if l.Max < 0 {
			return fmt.Errorf("max must not be negative, got %d", l.Max)
		}
	}
	return nil
}

// minSamples is how many calls a window needs before its p-th percentile
// is judged: enough for 10 calls to lie above it.
func minSamples(p float64) uint64 {
	return uint64(math.Ceil(10*100/(100-p) - 1e-6)) // 1e-6: 99.9 is not exact
}

func checkTarget(target string) error {
	if strings.TrimSpace(target) == "" {
		return fmt.Errorf("%w: empty target", ErrInvalid)
	}
	if i := strings.IndexFunc(target, func(r rune) bool { return unicode.IsControl(r) || r == unicode.ReplacementChar }); i >= 0 {
		return fmt.Errorf("%w %q: target has a control or invalid character at byte %d", ErrInvalid, target, i)
	}
	return nil
}

// qualify prefixes a bare name with the package of the function skip
// frames up the stack (1: qualify's caller).
func qualify(name string, skip int) string {
	if name == "" || strings.ContainsAny(name, "./ \t") {
		return name
	}
	pc, _, _, ok := runtime.Caller(skip)
	if !ok {
		return name
	}
	fn := runtime.FuncForPC(pc)
	if fn == nil {
		return name
	}
	if pkg := packageOf(fn.Name()); pkg != "" {
		return pkg + "." + name
	}
	return name
}

// packageOf returns the import path of a function named as the runtime
// names it ("example.com/shop/api.(*DB).Get"), without the _test suffix of
// an external test package.
func packageOf(funcName string) string {
	return strings.TrimSuffix(funcPackage(funcName), "_test")
}

// funcPackage returns the package part of a function's name as the runtime
// names it.
func funcPackage(funcName string) string {
	slash := strings.LastIndexByte(funcName, '/')
	dot := strings.IndexByte(funcName[slash+1:], '.')
	if dot < 0 {
		return ""
	}
	return funcName[:slash+1+dot]
}

// Target returns the pprof-style name the contract covers.
func (c *Contract) Target() string {
	if c == nil {
		return ""
	}
	return c.target
}

// Limits returns the contract's limits, in the order declared.
func (c *Contract) Limits() []Limit {
	if c == nil {
		return nil
	}
	return append([]Limit(nil), c.limits...)
}

// ID returns the id of one of the contract's limits in choragen's report
// ("latency@p99:example.com/shop/api.List"), or "" if l is not one of them.
func (c *Contract) ID(l Limit) string {
	if c == nil || l == nil {
		return ""
	}
	return c.ids[l]
}

// Histogram returns the times of the calls measured so far, or nil when
// the contract has no latency limit.
func (c *Contract) Histogram() *Histogram {
	if c == nil {
		return nil
	}
	return c.hist
}

// Collector returns the collector that records the contract's violations.
func (c *Contract) Collector() *Collector {
	if c == nil {
		return nil
	}
	return c.collector
}
