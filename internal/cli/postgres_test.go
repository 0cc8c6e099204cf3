package cli

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/choragen/choragen/internal/engine"
	"github.com/choragen/choragen/internal/history"
	"github.com/choragen/choragen/internal/testenv"
)

// postgresStore creates an empty schema on the test server and returns a
// URL whose search_path selects it; the schema is dropped at cleanup.
func postgresStore(t *testing.T) string {
	t.Helper()
	return testenv.PostgresSchema(t, "choragen_cli")
}

// TestPostgresStore: CHORAGEN_STORE names a PostgreSQL store; two
// perf:bench processes write to it at once, and perf:compare reads both.
func TestPostgresStore(t *testing.T) {
	t.Parallel()
	dsn := postgresStore(t)
	dir := fixture(t, "scaled")
	var wg sync.WaitGroup
	var errs [2]string
	for i, branch := range []string{"main", "feature"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := choragen("perf:bench", "--dir", dir, "--branch", branch, "--bench", "Grow", "--count", "6", "--benchtime", "20x")
			cmd.Env = append(cmd.Env, engine.StoreEnv+"="+dsn)
			if out, err := cmd.CombinedOutput(); err != nil {
				errs[i] = err.Error() + ": " + string(out)
			}
		}()
	}
	wg.Wait()
	for _, e := range errs {
		if e != "" {
			t.Fatal(e)
		}
	}
	env := map[string]string{engine.StoreEnv: dsn}
	code, stdout, stderr := runEnv(t, env, "perf:compare", "--dir", dir, "--base", "main", "--head", "feature", "--threshold", "1000")
	if code != ExitOK || !strings.Contains(stdout, "BenchmarkGrow") {
		t.Errorf("perf:compare: exit %d\n%s%s", code, stdout, stderr)
	}
	s := openStore(t, dsn)
	runs, err := s.Runs(context.Background(), history.Filter{})
	if err != nil || len(runs) != 2 {
		t.Errorf("%d runs (%v), want 2", len(runs), err)
	}
}
