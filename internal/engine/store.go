package engine

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/choragen/choragen/internal/config"
	"github.com/choragen/choragen/internal/history"
	"github.com/choragen/choragen/internal/runinfo"

	// The backends a store URL or path may name.
	_ "github.com/choragen/choragen/internal/history/postgres"
	_ "github.com/choragen/choragen/internal/history/sqlite"
)

// StoreEnv is the variable that names the history store when --store does
// not.
const StoreEnv = "CHORAGEN_STORE"

// History says where the commands that track benchmarks keep their runs,
// and on which branch a new run is recorded.
type History struct {
	// Store is the history store: a path to a SQLite file or a
	// postgres:// URL (the --store flag, else $CHORAGEN_STORE, which the
	// caller reads). "" uses the configuration's benchmarks.store, else
	// .choragen/history.db next to the configuration, else at the module
	// root.
	Store string
	// Branch is the branch a run is recorded on (--branch); "" asks git,
	// then the CI's variables.
	Branch string
	// Getenv reads the CI's variables; nil is os.Getenv.
	Getenv func(string) string
}

// StoreLocation resolves which store h names for the configuration cfg of
// the module whose root is root: the DSN to open and where it came from
// ("--store", "config", "default"). root may be "" outside a module.
func (h History) StoreLocation(cfg *config.Config, root string) (dsn, source string) {
	switch {
	case h.Store != "":
		return h.Store, "--store"
	case cfg != nil && cfg.Path() != "":
		return cfg.StorePath(), "config"
	}
	def := config.Default().Benchmarks.Store
	if root == "" {
		return def, "default"
	}
	return filepath.Join(root, filepath.FromSlash(def)), "default"
}

// storeMode says whether opening a store may create it.
type storeMode int

const (
	// readStore refuses a SQLite file that does not exist yet: a command
	// that only reads history must not leave an empty database behind.
	readStore storeMode = iota
	// writeStore creates the store as needed.
	writeStore
)

// openStore opens the history store dsn. A store that cannot be opened
// (damaged, foreign, unreachable) is an error with exit code 2 that names
// it; so is a missing SQLite file in readStore mode.
func (e *Engine) openStore(ctx context.Context, dsn string, mode storeMode) (history.Store, error) {
	if mode == readStore {
		if path, ok := sqlitePath(dsn); ok {
			if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
				return nil, &Error{Msg: fmt.Sprintf("history store %s: no history yet (run choragen perf:bench or choragen perf first)", dsn), Err: history.ErrNotFound}
			}
		}
	}
	s, err := history.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	e.logf("store: %s", history.Redact(dsn))
	return s, nil
}

// sqlitePath returns the file a DSN names when it names a SQLite file.
func sqlitePath(dsn string) (string, bool) {
	if p, ok := strings.CutPrefix(dsn, history.SQLite+"://"); ok {
		return p, true
	}
	if strings.Contains(dsn, "://") {
		return "", false
	}
	return dsn, true
}

// moduleRoot returns the directory of the go.mod that governs dir, or ""
// when there is none.
func moduleRoot(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for d := abs; ; {
		if fi, err := os.Stat(filepath.Join(d, "go.mod")); err == nil && !fi.IsDir() {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
}

// collect finds out where a run in dir runs (runinfo), with the progress
// log noting what could not be found.
func (e *Engine) collect(ctx context.Context, dir string, h History) (*runinfo.Info, error) {
	if dir == "" {
		dir = "."
	}
	info, err := runinfo.Collect(ctx, runinfo.Options{Dir: dir, Branch: h.Branch, Getenv: h.Getenv})
	if err != nil {
		return nil, &Error{Msg: err.Error(), Err: err}
	}
	for _, w := range info.Warnings {
		e.logf("runinfo: %s", w)
	}
	return info, nil
}

// machineOf is the machine info describes.
func machineOf(info *runinfo.Info) history.Machine {
	return history.Machine{GOOS: info.GOOS, GOARCH: info.GOARCH, CPU: info.CPU, GOMAXPROCS: info.GOMAXPROCS}
}

// trackedCommands are the commands whose runs are baselines and heads of
// comparisons: perf:profile runs are left out, their timings include
// profiling overhead.
var trackedCommands = []string{"perf", "perf:bench"}
