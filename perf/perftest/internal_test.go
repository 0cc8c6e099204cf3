package perftest

import (
	"math"
	"strings"
	"testing"
)

func TestTheilSen(t *testing.T) {
	inf := math.Inf(1)
	for _, tc := range []struct {
		name          string
		y             []uint64
		slope, lo, hi float64
	}{
		{"flat", []uint64{7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7}, 0, 0, 0},
		{"line", []uint64{3, 8, 13, 18, 23, 28, 33, 38, 43, 48, 53}, 5, 5, 5},
		// One jump, as a table built lazily: the slope and the lower
		// end stay 0.
		{"jump", []uint64{100, 100, 100, 900, 900, 900, 900, 900, 900, 900, 900}, 0, 0, 800.0 / 6},
		// A line with one outlier: still the line's slope.
		{"outlier", []uint64{0, 10, 20, 30, 1000, 50, 60, 70, 80, 90, 100}, 10, 10, 10},
		{"too few", []uint64{1}, 0, -inf, inf},
		// Two points: the interval is unbounded.
		{"two", []uint64{1, 3}, 2, -inf, inf},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, lo, hi := theilSen(tc.y)
			if s != tc.slope || lo != tc.lo || hi != tc.hi {
				t.Errorf("theilSen = %v [%v, %v], want %v [%v, %v]", s, lo, hi, tc.slope, tc.lo, tc.hi)
			}
		})
	}
}

func TestAnnounceExact(t *testing.T) {
	var out strings.Builder
	bench := false
	announced.Lock()
	announced.out, announced.bench, announced.units = &out, func() bool { return bench }, nil
	announced.Unlock()
	t.Cleanup(func() {
		announced.Lock()
		announced.out, announced.bench, announced.units = nil, nil, nil
		announced.Unlock()
	})
	announceExact("queries/op") // not benchmarking: nothing
	bench = true
	announceExact("queries/op")
	announceExact("requests/op")
	announceExact("queries/op") // once per unit
	want := "Unit queries/op assume=exact better=lower\nUnit requests/op assume=exact better=lower\n"
	if out.String() != want {
		t.Errorf("printed %q, want %q", out.String(), want)
	}
}
