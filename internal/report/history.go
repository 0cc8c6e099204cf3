package report

import "time"

// HistoryResult is the result of choragen perf:history: a benchmark
// metric's or the score's last runs, oldest first, what a dashboard
// charts.
type HistoryResult struct {
	Module string `json:"module"`
	// Package, Benchmark and Unit name the series; empty for the score.
	Package   string `json:"package,omitempty"`
	Benchmark string `json:"benchmark,omitempty"`
	Unit      string `json:"unit,omitempty"`
	// Branch and Machine are the filters applied, if any.
	Branch  string         `json:"branch,omitempty"`
	Machine string         `json:"machine,omitempty"`
	Points  []HistoryPoint `json:"points"`
}

// HistoryPoint is one run's value.
type HistoryPoint struct {
	RunID  int64     `json:"runId"`
	Time   time.Time `json:"time"`
	Commit string    `json:"commit,omitempty"`
	Branch string    `json:"branch,omitempty"`
	Dirty  bool      `json:"dirty,omitempty"`

	// A benchmark metric's centre and interval (nil when there were too
	// few samples for one), the number of samples, and the comparison
	// with that run's baseline, if one ran.
	Center     *float64  `json:"center,omitempty"`
	Interval   *Interval `json:"interval,omitempty"`
	N          int       `json:"n,omitempty"`
	Change     *float64  `json:"change,omitempty"`
	Regression bool      `json:"regression,omitempty"`

	// The run's score (score history).
	Score *float64 `json:"score,omitempty"`
}
