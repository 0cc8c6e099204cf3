package report

import "fmt"

// Comparison is the result of choragen perf:compare: per benchmark and
// unit, base and head centres with their intervals, the change, the
// p-value and the verdict.
type Comparison struct {
	Base Side `json:"base"`
	Head Side `json:"head"`
	// Threshold (percent) and Alpha are the regression rule's.
	Threshold float64 `json:"threshold"`
	Alpha     float64 `json:"alpha"`
	// Benchmarks are the report's rows (Current is the head, Baseline
	// the base), one per benchmark metric present on both sides, in the
	// base's order.
	Benchmarks []Benchmark    `json:"benchmarks"`
	Summary    CompareSummary `json:"summary"`
	Warnings   []string       `json:"warnings,omitempty"`
}

// Side is one side of a comparison.
type Side struct {
	// Kind is "file", "run" or "ref".
	Kind string `json:"kind"`
	// Path is the file (Kind "file"); Ref the git ref (Kind "ref").
	Path string `json:"path,omitempty"`
	Ref  string `json:"ref,omitempty"`
	// Run is the stored run (Kind "run"), or where a ref was measured.
	Run *Run `json:"run,omitempty"`
	// Chosen says how the side was chosen: "--base 12", "latest run",
	// "latest run of branch main", "baseline of run 14: ...".
	Chosen string `json:"chosen"`
}

// CompareSummary counts the rows of a comparison.
type CompareSummary struct {
	// Compared counts the benchmark metrics present on both sides.
	Compared     int `json:"compared"`
	Regressions  int `json:"regressions"`
	Improvements int `json:"improvements"`
	// Unchanged counts the rows that are neither: no significant change,
	// or one within the threshold.
	Unchanged int `json:"unchanged"`
	// OnlyBase and OnlyHead count the benchmark metrics of one side only.
	OnlyBase int `json:"onlyBase"`
	OnlyHead int `json:"onlyHead"`
}

// Regressed lists the regressed rows as "BenchmarkX sec/op +20.1%".
func (c *Comparison) Regressed() []string {
	var out []string
	for _, b := range c.Benchmarks {
		if !b.Regression {
			continue
		}
		s := b.Name + " " + b.Unit
		if b.Change != nil {
			s += fmt.Sprintf(" %+.1f%%", *b.Change)
		}
		out = append(out, s)
	}
	return out
}
