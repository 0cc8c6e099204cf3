package report

// BenchResult is the result of choragen perf:bench: what it ran and
// stored.
type BenchResult struct {
	// Report holds one row per benchmark and unit (centre, interval,
	// outliers), the run's description (Run, with the stored id) and
	// warnings; it has no contracts.
	Report *Report
	// Store is where the run was stored, fit to print.
	Store string
	// Failed lists the benchmarks that failed ("pkg BenchmarkX: reason").
	Failed []string
}
