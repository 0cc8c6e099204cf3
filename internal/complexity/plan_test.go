package complexity

import (
	"testing"
	"time"
)

func TestPlan(t *testing.T) {
	for _, tc := range []struct {
		name     string
		sizes    int
		budget   time.Duration
		reps     int // Count × Rounds
		rounds   int
		feasible bool // Expected fits the budget
	}{
		{"one sweep, one minute", 5, time.Minute, 9, 3, true},
		{"one sweep, ten seconds", 5, 10 * time.Second, 6, 3, true},
		{"a module, one minute", 143, time.Minute, 6, 3, true},
		{"tight", 143, 5 * time.Second, 4, 2, true},
		{"too tight", 143, time.Second, 3, 1, false},
		{"no sizes", 0, time.Second, 6, 3, true},
		{"zero budget", 4, 0, 3, 1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := Plan(make([]int, tc.sizes), tc.budget)
			if got := p.Count * p.Rounds; got != tc.reps || p.Rounds != tc.rounds {
				t.Errorf("%d rounds × -count %d, want %d repetitions in %d rounds", p.Rounds, p.Count, tc.reps, tc.rounds)
			}
			if p.Benchtime < minBenchtime || p.Benchtime > maxBenchtime {
				t.Errorf("benchtime %v outside [%v, %v]", p.Benchtime, minBenchtime, maxBenchtime)
			}
			if fits := p.Expected <= tc.budget*21/20; fits != tc.feasible {
				t.Errorf("expected %v for a budget of %v: fits %v, want %v", p.Expected, tc.budget, fits, tc.feasible)
			}
		})
	}
}
