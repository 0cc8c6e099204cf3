// Package history is choragen's memory: the runs it has made, every sample
// of every benchmark metric they measured, per-benchmark summaries for fast
// charts, the full report of each run, its attachments (profiles, noise
// calibration) and the baseline pins that override the baseline rule.
//
// The package holds the model ([Run], [RunInfo], [Benchmark], ...), the
// [Store] interface and [Open]. The backends live in sub-packages and
// register themselves, as database/sql drivers do:
//
//   - history/sqlite: an embedded, pure-Go SQLite file (the default,
//     .choragen/history.db); a plain path selects it.
//   - history/postgres: a PostgreSQL server shared by CI runners; a
//     postgres:// or postgresql:// URL selects it.
//
// A program that opens stores imports the backends it wants for their side
// effect:
//
//	import (
//		_ "github.com/choragen/choragen/internal/history/postgres"
//		_ "github.com/choragen/choragen/internal/history/sqlite"
//	)
//
// history/storetest is the conformance suite every backend passes.
//
// # Baselines
//
// [Store.Baseline] answers DESIGN.md's baseline rule: the run pinned for the
// baseline branch, if any; else the latest clean run of the baseline branch
// on a comparable machine (same GOOS, GOARCH, CPU model and GOMAXPROCS),
// other than the run compared; on the baseline branch itself, its previous
// run. Dirty runs (uncommitted changes outside .choragen/) are never chosen
// by the rule, because they measured code that no commit holds; they can
// still be pinned explicitly.
//
// # Errors
//
// Every error a store returns is an [*Error]: one line that names the store
// (a path, or a URL with its password removed) and carries exit code 2.
// Callers branch on [ErrNotFound] and [ErrNoBaseline] with errors.Is.
//
// The schema, the baseline rule and how to share one PostgreSQL between CI
// runners are described in docs/history.md.
package history
