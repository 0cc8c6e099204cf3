package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/choragen/choragen/internal/report"
)

// gitRepo makes a git repository holding the scaled fixture in a
// sub-directory, commits it, then commits a change that makes Grow
// allocate four times as much. It returns the module directory.
func gitRepo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	top := t.TempDir()
	mod := filepath.Join(top, "mod")
	if err := os.Rename(fixture(t, "scaled"), mod); err != nil {
		t.Fatal(err)
	}
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = top
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q", "-b", "main")
	git("add", ".")
	git("commit", "-q", "-m", "base")
	src := filepath.Join(mod, "work", "work.go")
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(data), "math.Round(1024 *", "math.Round(4096 *", 1)
	if changed == string(data) {
		t.Fatal("the fixture changed: cannot find Grow's size")
	}
	if err := os.WriteFile(src, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	git("commit", "-q", "-a", "-m", "grow more")
	// An uncommitted change must not reach either side.
	if err := os.WriteFile(src, []byte(strings.Replace(changed, "math.Round(4096 *", "math.Round(1 *", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	return mod
}

// TestCompareRefs measures two commits now, interleaved: the head's
// fourfold allocation is a B/op regression; nothing is stored; the
// repository is left as it was.
func TestCompareRefs(t *testing.T) {
	t.Parallel()
	mod := gitRepo(t)
	store := filepath.Join(t.TempDir(), "history.db")
	code, stdout, stderr := run(t, "perf:compare", "--dir", mod, "--store", store, "--base-ref", "HEAD~1", "--head-ref", "main",
		"--bench", "Grow", "--count", "6", "--warmup", "1", "--benchtime", "20x", "--format", "json")
	if code != ExitFailed {
		t.Fatalf("exit %d, want %d\n%s", code, ExitFailed, stderr)
	}
	var c report.Comparison
	if err := json.Unmarshal([]byte(stdout), &c); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	if c.Base.Kind != "ref" || c.Base.Ref != "HEAD~1" || c.Head.Ref != "main" || c.Base.Run == nil || len(c.Base.Run.Commit) != 40 {
		t.Errorf("sides %+v %+v", c.Base, c.Head)
	}
	var found bool
	for _, b := range c.Benchmarks {
		if b.Name == "BenchmarkGrow" && b.Unit == "B/op" {
			found = true
			if !b.Regression || b.Baseline == nil || *b.Baseline != 1024 || b.Current != 4096 || b.N != 6 || b.BaselineN != 6 {
				t.Errorf("BenchmarkGrow B/op: %+v", b)
			}
		}
	}
	if !found {
		t.Errorf("no BenchmarkGrow B/op row: %+v", c.Benchmarks)
	}
	if _, err := os.Stat(store); err == nil {
		t.Errorf("perf:compare --base-ref/--head-ref stored something")
	}
	out, err := exec.Command("git", "-C", mod, "status", "--porcelain").Output()
	if err != nil || strings.TrimSpace(string(out)) != "M mod/work/work.go" {
		t.Errorf("git status after the comparison: %q %v; want only the uncommitted change", out, err)
	}

	code, _, stderr = run(t, "perf:compare", "--dir", mod, "--base-ref", "nosuchref", "--head-ref", "main")
	if code != ExitError || !strings.Contains(stderr, "--base-ref nosuchref: not a commit") {
		t.Errorf("unknown ref: exit %d, %s", code, stderr)
	}
}
