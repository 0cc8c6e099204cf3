// Package config reads .choragen/performance.yaml, the file that gives
// performance contracts to many targets at once and sets how benchmarks
// run and what passes. The full reference, with examples of every
// section, is docs/config.md; this is its summary.
//
// The flow: [Find] locates the file that applies to a directory, [Load]
// (or [Parse]) reads and checks it into a [Config], and
// [Config.Rules] says which contracts a target gets from it. [Validate]
// and [Save] serve an editor that must not write an invalid file.
//
// # The file
//
//	contracts:
//	  latency:  {default: {max: 200, unit: ms}, overrides: {"api/*": {max: 100, percentile: 95}}}
//	  memory:   {default: {max: 50, unit: MB, allocs: 1000, heap: 1}}
//	  queries:  {default: {max: 10}}     # also requests, iterations, depth
//	  cpu:      {default: {max: 50, unit: ms}}
//	  io:       {default: {syscalls: 20, bytes: 1, unit: MB}}
//	  complexity: {enforce: true, maxAllowed: "O(n log n)"}
//	benchmarks:
//	  enabled: true              # compare with the baseline, find regressions
//	  regressionThreshold: 10    # percent
//	  baselineBranch: main
//	  count: 10                  # repetitions kept, at least 6
//	  warmup: 1                  # repetitions discarded
//	  benchtime: 100ms           # go test -benchtime: a duration or 50x
//	  store: .choragen/history.db
//	thresholds: {minScore: 80, maxViolations: 0}
//
// Times take the units ns, us (µs), ms (the default) and s; sizes B (the
// default), KB, MB, GB (powers of 1000) and KiB, MiB, GiB (powers of
// 1024). A [Rule] holds its threshold in the report unit of its metric
// (internal/metric): ms for times, B for sizes.
//
// # Precedence
//
// A section's default applies to every benchmarked function and every
// route measured by perfhttp. Its overrides refine it for the targets
// their pattern selects: the keys an override omits come from the
// default. For each section, a directive (or a contract in code) on the
// function beats the config; else the most specific override that selects
// the target, else the default.
//
// # Targets and patterns
//
// Targets are relative names, relative to the project root (the directory
// holding .choragen/, see [Config.Root]): "api.FetchUser",
// "store.(*DB).Get", "FetchUser" for the root package; and routes, as
// registered with ServeMux: "GET /api/users/{id}". Override patterns (see
// [Pattern]):
//
//   - "P/*": the targets of package P, and routes whose path starts with
//     "/P/"; "P/**": also P's sub-packages.
//   - "GET /api/**", "/health": route patterns, checked like ServeMux
//     checks them; "*" and "**" are wildcards in them.
//   - otherwise "*" matches any characters but "/", "**" any characters:
//     "store.*Get*".
//
// The most specific pattern, the one with the most literal characters,
// wins; on a tie, the one written later.
//
// # Errors
//
// Every problem is an [*Error] at the position of the key or value at
// fault, naming the key by its path:
//
//	.choragen/performance.yaml:3:30: contracts.memory.default.unit: unknown unit "mb" (want B, KB, MB, GB, KiB, MiB or GiB; did you mean MB?)
//
// Parse reports all of them, in order, as an [ErrorList]. Both carry
// ExitCode() == 2: a bad configuration means choragen cannot do its job.
package config
