package score_test

import (
	"fmt"

	"github.com/choragen/choragen/internal/report"
	"github.com/choragen/choragen/internal/score"
)

// The example of DESIGN.md: five contracts passed and one failed score 83.
func ExampleOf() {
	fmt.Println(score.Of(score.Counts{Passed: 5, Failed: 1}))
	fmt.Println(score.Of(score.Counts{Passed: 5, Failed: 1, Regressions: 1}))
	fmt.Println(score.Of(score.Counts{Unmeasured: 2})) // nothing judged
	// Output:
	// 83
	// 73
	// 100
}

// Apply fills a report's summary and verdict, the last step before it is
// stored and rendered.
func ExampleApply() {
	r := &report.Report{
		Contracts: []report.Contract{
			{ID: "latency@p99:example.com/svc.Spiky", Status: report.StatusFailed},
			{ID: "bytes:example.com/svc.Spiky", Status: report.StatusPassed},
			{ID: "allocs:example.com/svc.Spiky", Status: report.StatusUnmeasured},
		},
	}
	t := score.DefaultThresholds
	t.MaxViolations = 1
	score.Apply(r, t, false)
	fmt.Printf("score %v, passed %v\n", r.Summary.Score, r.Passed)
	for _, reason := range r.Reasons {
		fmt.Println(reason)
	}

	score.Apply(r, t, true) // --strict
	fmt.Printf("strict: passed %v\n", r.Passed)
	fmt.Println(r.Reasons[len(r.Reasons)-1])
	// Output:
	// score 50, passed false
	// score 50 is under thresholds.minScore 80
	// strict: passed false
	// strict: 1 contract not judged (1 unmeasured, 0 inconclusive): allocs:example.com/svc.Spiky
}
