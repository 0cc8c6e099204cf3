package report

// BaselineInfo is the result of choragen perf:baseline: the baseline a
// comparison made now would use, and why.
type BaselineInfo struct {
	Module string `json:"module"`
	// Branch is the branch of the run compared; BaselineBranch the
	// configuration's benchmarks.baselineBranch.
	Branch         string `json:"branch"`
	BaselineBranch string `json:"baselineBranch"`
	// Machine is where a run made now runs.
	Machine string `json:"machine"`
	// Store is the history store, fit to print.
	Store string `json:"store"`
	// Baseline is the run chosen; nil when there is none.
	Baseline *Run `json:"baseline"`
	// Command is the command that stored the baseline.
	Command string `json:"command,omitempty"`
	Pinned  bool   `json:"pinned"`
	// Reason says why that run, or why there is none.
	Reason string `json:"reason"`
	// Warnings: a pinned baseline made on another machine.
	Warnings []string `json:"warnings,omitempty"`
}
