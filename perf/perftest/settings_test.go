package perftest

import (
	"testing"
	"time"
)

func TestNewSettings(t *testing.T) {
	for _, tc := range []struct {
		name               string
		opts               []Option
		warmup             time.Duration
		wantCalls, wantRnd int
	}{
		{"defaults, fast calls", nil, time.Microsecond, 100, DefaultRounds},
		{"defaults, unknown speed", nil, 0, 100, DefaultRounds},
		{"slow calls: fewer rounds", nil, 5 * time.Millisecond, 100, 4},
		{"very slow calls: one round", nil, time.Second, 100, 1},
		{"rounds set", []Option{Rounds(7)}, time.Second, 100, 7},
		{"calls set", []Option{Calls(10)}, 50 * time.Millisecond, 10, 4},
		{"zero means default", []Option{Calls(0), Rounds(0)}, time.Microsecond, 100, DefaultRounds},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSettings(tc.opts, 100, tc.warmup)
			if s.calls != tc.wantCalls || s.rounds != tc.wantRnd {
				t.Errorf("calls %d, rounds %d; want %d, %d", s.calls, s.rounds, tc.wantCalls, tc.wantRnd)
			}
		})
	}
}

func TestPercentileCalls(t *testing.T) {
	for _, tc := range []struct {
		p    float64
		want int
	}{{50, 100}, {90, 100}, {95, 200}, {99, 1000}, {99.9, 10000}} {
		if got := percentileCalls(tc.p); got != tc.want {
			t.Errorf("percentileCalls(%v) = %d, want %d", tc.p, got, tc.want)
		}
	}
}
