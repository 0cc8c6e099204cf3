// Package report is choragen's result model: the values that every front
// end prints, stores and serves. Report is the result of a check (choragen
// perf); Comparison, HistoryResult, BaselineInfo and BenchResult are the
// results of the tracking commands. Every stage may import the model; it
// imports only the standard library and internal/metric, and it decides
// nothing: the verdicts come from package verdict, the summary and the
// score from package score. Package render writes the model for people
// and for other tools.
//
// The JSON field names are those of the original specification
// (timestamp, summary, contracts, violations, benchmarks), so other tools of
// the same family can read a report. Fields may be added, never renamed.
// docs/report.md describes every field, its unit and the statuses. Decode
// reads a report back.
//
// # Wire format
//
//	{
//	  "timestamp": "2026-11-22T10:00:00Z",
//	  "summary": {"contractsPassed": 5, "contractsFailed": 1, "contractsUnmeasured": 0,
//	              "contractsInconclusive": 0, "regressions": 0, "score": 83},
//	  "contracts": [{"id": "latency@p99:example.com/svc.Spiky", "type": "latency",
//	                 "metric": "latency", "target": "example.com/svc.Spiky",
//	                 "threshold": 1, "unit": "ms", "percentile": 99,
//	                 "status": "failed", "measured": 4.1, "source": "svc.go:31",
//	                 "benchmark": "BenchmarkSpiky"}],
//	  "violations": [{"contractId": "latency@p99:example.com/svc.Spiky", "measured": 4.1,
//	                  "threshold": 1, "timestamp": "...", "context": {"samples": 200}}],
//	  "benchmarks": [{"name": "BenchmarkHash", "package": "example.com/work",
//	                  "unit": "sec/op", "current": 4.01e-5, "baseline": 3.35e-5,
//	                  "change": 19.7, "pValue": 0.002, "regression": true}]
//	}
package report

import "time"

// Status is a contract's verdict.
type Status string

// The four verdicts of DESIGN.md ("Verdicts"). Only StatusPassed counts as
// passed; unmeasured and inconclusive are counted apart and never scored.
const (
	StatusPassed       Status = "passed"
	StatusFailed       Status = "failed"
	StatusUnmeasured   Status = "unmeasured"
	StatusInconclusive Status = "inconclusive"
)

// Report is the result of one choragen run.
type Report struct {
	Timestamp  time.Time   `json:"timestamp"`
	Summary    Summary     `json:"summary"`
	Contracts  []Contract  `json:"contracts"`
	Violations []Violation `json:"violations"`
	Benchmarks []Benchmark `json:"benchmarks"`

	// Additions to the specification's shape.

	// Passed is the pass-or-fail rule of DESIGN.md applied to this report;
	// Reasons says why it failed, one line per cause.
	Passed  bool     `json:"passed"`
	Reasons []string `json:"reasons,omitempty"`
	// Module is the Go module path of the checked code.
	Module string `json:"module,omitempty"`
	// Run describes where and on what the measurements were taken.
	Run *Run `json:"run,omitempty"`
	// Baseline names the run the benchmarks were compared with, if any.
	Baseline *Run `json:"baseline,omitempty"`
	// Hints are static-analysis findings: advice, never verdicts.
	Hints []Hint `json:"hints,omitempty"`
	// Warnings are problems that did not stop the run (a package without
	// benchmarks, a baseline from a different machine, ...).
	Warnings []string `json:"warnings,omitempty"`
}

// Summary counts the verdicts. Score is 0–100 (docs/score.md).
type Summary struct {
	ContractsPassed       int     `json:"contractsPassed"`
	ContractsFailed       int     `json:"contractsFailed"`
	ContractsUnmeasured   int     `json:"contractsUnmeasured"`
	ContractsInconclusive int     `json:"contractsInconclusive"`
	Regressions           int     `json:"regressions"`
	Score                 float64 `json:"score"`
}

// Contract is one contract and its verdict.
type Contract struct {
	// ID is "<metric>[@p<N>]:<target>" (metric.ID).
	ID string `json:"id"`
	// Type is the coarse kind: latency, memory, complexity, resource.
	Type string `json:"type"`
	// Metric is the exact metric (metric.Metric).
	Metric string `json:"metric"`
	// Target is the pprof-style name of the function, or an HTTP route.
	Target string `json:"target"`
	// Threshold and Measured are in Unit. For complexity they are the
	// indexes of the bound and of the fitted class (metric.Class).
	Threshold  float64  `json:"threshold"`
	Unit       string   `json:"unit"`
	Percentile float64  `json:"percentile,omitempty"`
	Status     Status   `json:"status"`
	Measured   *float64 `json:"measured,omitempty"`
	// Interval is the confidence interval of Measured, when one exists.
	Interval *Interval `json:"interval,omitempty"`
	// Source is where the contract was declared: "file:line" of a
	// directive (relative to the module root), or the config file's line.
	Source string `json:"source,omitempty"`
	// Origin says which of the three sources declared it: "directive",
	// "config" or "code".
	Origin    string `json:"origin,omitempty"`
	Package   string `json:"package,omitempty"`
	Benchmark string `json:"benchmark,omitempty"`
	// DecidedBy is the full name of the (sub-)benchmark whose measurement
	// decided the verdict, when it differs from Benchmark: of several
	// sub-benchmarks the worst decides ("BenchmarkSpiky/n=1000").
	DecidedBy string `json:"decidedBy,omitempty"`
	// Samples is how many measurements the verdict rests on.
	Samples int `json:"samples,omitempty"`
	// Reason explains a verdict other than passed in one line: what was
	// measured against what, or why nothing could be.
	Reason string `json:"reason,omitempty"`

	// Complexity contracts only.
	Bound    string    `json:"bound,omitempty"`
	Fitted   string    `json:"fitted,omitempty"`
	Exponent *float64  `json:"exponent,omitempty"`
	ExpCI    *Interval `json:"exponentInterval,omitempty"`

	// Context carries what else the verdict knows (the sub-benchmark that
	// decided, the sizes fitted, a fingerprint, ...).
	Context map[string]any `json:"context,omitempty"`
}

// Interval is a confidence interval.
type Interval struct {
	Lo         float64 `json:"lo"`
	Hi         float64 `json:"hi"`
	Confidence float64 `json:"confidence,omitempty"`
}

// Violation is one observed breach of a contract. It is also the format the
// perf package writes to $CHORAGEN_PERF_OUT from test processes.
type Violation struct {
	ContractID string         `json:"contractId"`
	Measured   float64        `json:"measured"`
	Threshold  float64        `json:"threshold"`
	Timestamp  time.Time      `json:"timestamp"`
	Context    map[string]any `json:"context,omitempty"`
}

// Benchmark is one row per benchmark and metric (unit).
type Benchmark struct {
	// Name is as Go prints it, sub-benchmarks included, without the
	// -GOMAXPROCS suffix: "BenchmarkHash/n=1024".
	Name    string  `json:"name"`
	Package string  `json:"package,omitempty"`
	Unit    string  `json:"unit"`
	Current float64 `json:"current"`
	// Baseline, Change and PValue are set when a comparison ran.
	Baseline *float64 `json:"baseline,omitempty"`
	// Change is the percentage change of the centre, (cur/base-1)*100.
	Change     *float64 `json:"change,omitempty"`
	PValue     *float64 `json:"pValue,omitempty"`
	Regression bool     `json:"regression"`

	// Additions.
	Improvement      bool      `json:"improvement,omitempty"`
	Significant      bool      `json:"significant,omitempty"`
	CurrentInterval  *Interval `json:"currentInterval,omitempty"`
	BaselineInterval *Interval `json:"baselineInterval,omitempty"`
	N                int       `json:"n,omitempty"`
	BaselineN        int       `json:"baselineN,omitempty"`
	Outliers         int       `json:"outliers,omitempty"`
	Warnings         []string  `json:"warnings,omitempty"`
}

// Run identifies a stored or current run.
type Run struct {
	ID         int64     `json:"id,omitempty"`
	Commit     string    `json:"commit,omitempty"`
	Branch     string    `json:"branch,omitempty"`
	Dirty      bool      `json:"dirty,omitempty"`
	Time       time.Time `json:"time,omitzero"`
	GoVersion  string    `json:"goVersion,omitempty"`
	GOOS       string    `json:"goos,omitempty"`
	GOARCH     string    `json:"goarch,omitempty"`
	CPU        string    `json:"cpu,omitempty"`
	GOMAXPROCS int       `json:"gomaxprocs,omitempty"`
}

// Hint is a static-analysis finding at a source position.
type Hint struct {
	Pos     string `json:"pos"` // file:line:col
	Target  string `json:"target,omitempty"`
	Message string `json:"message"`
	// Estimated is the class the code's structure suggests.
	Estimated string `json:"estimated,omitempty"`
}

// Float returns a pointer to v, for the optional numeric fields.
func Float(v float64) *float64 { return &v }
