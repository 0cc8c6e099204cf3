package cli

import (
	"github.com/spf13/pflag"

	"github.com/choragen/choragen/internal/engine"
)

// storeFlags are the flags of the commands that read or write history.
type storeFlags struct {
	store  string
	branch string
}

// register adds --store, and --branch with the meaning branchUsage gives
// it ("" leaves it out).
func (f *storeFlags) register(fs *pflag.FlagSet, branchUsage string) {
	fs.StringVar(&f.store, "store", "", "history store: a SQLite `path` or a postgres:// URL (default: $"+engine.StoreEnv+", else the config's benchmarks.store, else .choragen/history.db next to the config)")
	if branchUsage != "" {
		fs.StringVar(&f.branch, "branch", "", branchUsage)
	}
}

// history resolves the flags: --store, else $CHORAGEN_STORE.
func (f *storeFlags) history(st *State) engine.History {
	store := f.store
	if store == "" {
		store = st.Getenv(engine.StoreEnv)
	}
	return engine.History{Store: store, Branch: f.branch, Getenv: st.Getenv}
}

// recordBranch is the usage of --branch for commands that store a run.
const recordBranch = "record the run on `branch` (default: the git branch, else the CI's variables)"
