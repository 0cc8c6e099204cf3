package history

import (
	"context"
	"time"
)

// Store is a history of runs. Implementations are safe for concurrent use
// by several goroutines and by several processes sharing one store.
type Store interface {
	// Save stores run in one transaction, all or nothing, and returns the
	// id it was given. run.ID is ignored; a zero run.Time means now. Save
	// validates run (Run.Validate) before writing anything.
	Save(ctx context.Context, run *Run) (int64, error)

	// Run returns the stored run with its benchmarks, report and
	// attachments (without their data). An unknown id is ErrNotFound.
	Run(ctx context.Context, id int64) (*Run, error)

	// Runs lists the runs that match f, newest (highest id) first.
	Runs(ctx context.Context, f Filter) ([]RunInfo, error)

	// Baseline returns the run that a run described by q is compared with
	// (see the package doc's "Baselines"), or ErrNoBaseline.
	Baseline(ctx context.Context, q BaselineQuery) (*Baseline, error)

	// Pin makes run id the baseline of branch for the run's module,
	// replacing any earlier pin. An unknown id is ErrNotFound.
	Pin(ctx context.Context, branch string, id int64) error

	// Unpin removes the pin of branch in module; ErrNotFound if there is
	// none.
	Unpin(ctx context.Context, module, branch string) error

	// Series returns a benchmark metric's summaries over the last runs
	// that match q, oldest first, ready to chart.
	Series(ctx context.Context, q SeriesQuery) ([]Point, error)

	// ScoreSeries returns the score of the last scored runs that match q,
	// oldest first.
	ScoreSeries(ctx context.Context, q ScoreQuery) ([]ScorePoint, error)

	// Attachment returns one attachment of a run with its data;
	// ErrNotFound if the run has none of that name.
	Attachment(ctx context.Context, runID int64, name string) (*Attachment, error)

	// Close releases the store's connections.
	Close() error
}

// Filter selects runs. Zero fields match everything.
type Filter struct {
	Module string
	Branch string
	// Machine, when set, keeps the runs made on that machine.
	Machine *Machine
	// Commands, when set, keeps the runs stored by one of them.
	Commands []string
	// Before, when positive, keeps the runs with a smaller id (paging).
	Before int64
	// Limit, when positive, caps the number of runs returned.
	Limit int
}

// BaselineQuery describes the run that needs a baseline.
type BaselineQuery struct {
	// Module is the run's module; runs and pins of other modules never
	// qualify (several modules may share one store).
	Module string
	// Branch is the branch of the run compared.
	Branch string
	// BaselineBranch is the configuration's baselineBranch ("main").
	BaselineBranch string
	// Machine is where the run compared was made; only runs made on an
	// equal machine qualify (a pin overrides this).
	Machine Machine
	// Exclude is the id of the run compared, when it is stored: it is never
	// its own baseline, and on the baseline branch only earlier runs
	// qualify.
	Exclude int64
	// AllowDirty lets runs with uncommitted changes qualify.
	AllowDirty bool
	// Commands, when set, keeps the runs stored by one of them (leave out
	// perf:profile runs, whose timings include profiling overhead).
	Commands []string
}

// Baseline is the run a comparison is judged against.
type Baseline struct {
	RunInfo
	// Pinned reports that the run was chosen by a pin, not by the rule.
	Pinned bool
}

// SeriesQuery selects one benchmark metric across runs.
type SeriesQuery struct {
	Module  string // optional
	Package string
	Name    string
	Unit    string
	Branch  string   // optional
	Machine *Machine // optional
	// Limit, when positive, keeps the last Limit points.
	Limit int
}

// Point is one run's summary of a benchmark metric.
type Point struct {
	RunID  int64
	Time   time.Time
	Commit string
	Branch string
	Dirty  bool
	Summary
	// The comparison with that run's baseline, if one ran.
	Change     *float64
	Regression bool
}

// ScoreQuery selects the scored runs of a score chart.
type ScoreQuery struct {
	Module  string   // optional
	Branch  string   // optional
	Machine *Machine // optional
	// Limit, when positive, keeps the last Limit points.
	Limit int
}

// ScorePoint is one run's score.
type ScorePoint struct {
	RunID  int64
	Time   time.Time
	Commit string
	Branch string
	Score  float64
}
