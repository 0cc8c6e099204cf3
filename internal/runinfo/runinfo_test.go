package runinfo

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestCIBranch(t *testing.T) {
	for _, tc := range []struct {
		name         string
		env          map[string]string
		branch, from string
	}{
		{"none", nil, "", ""},
		{"GitHub pull request", map[string]string{"GITHUB_HEAD_REF": "feature/x", "GITHUB_REF_NAME": "12/merge", "GITHUB_REF_TYPE": "branch"}, "feature/x", "GITHUB_HEAD_REF"},
		{"GitHub push", map[string]string{"GITHUB_HEAD_REF": "", "GITHUB_REF_NAME": "main", "GITHUB_REF_TYPE": "branch"}, "main", "GITHUB_REF_NAME"},
		{"GitHub tag", map[string]string{"GITHUB_REF_NAME": "v1.2.0", "GITHUB_REF_TYPE": "tag", "GITHUB_REF": "refs/tags/v1.2.0"}, "", ""},
		{"GitHub, old runner", map[string]string{"GITHUB_REF_NAME": "main", "GITHUB_REF": "refs/heads/main"}, "main", "GITHUB_REF_NAME"},
		{"GitLab merge request", map[string]string{"CI_MERGE_REQUEST_SOURCE_BRANCH_NAME": "fix", "CI_COMMIT_REF_NAME": "fix"}, "fix", "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"},
		{"GitLab branch", map[string]string{"CI_COMMIT_BRANCH": "main", "CI_COMMIT_REF_NAME": "main"}, "main", "CI_COMMIT_BRANCH"},
		{"GitLab ref", map[string]string{"CI_COMMIT_REF_NAME": "dev"}, "dev", "CI_COMMIT_REF_NAME"},
		{"GitLab tag", map[string]string{"CI_COMMIT_REF_NAME": "v1", "CI_COMMIT_TAG": "v1"}, "", ""},
		{"Buildkite", map[string]string{"BUILDKITE_BRANCH": "main"}, "main", "BUILDKITE_BRANCH"},
		{"CircleCI", map[string]string{"CIRCLE_BRANCH": "topic"}, "topic", "CIRCLE_BRANCH"},
		{"Travis pull request", map[string]string{"TRAVIS_BRANCH": "main", "TRAVIS_PULL_REQUEST_BRANCH": "topic"}, "topic", "TRAVIS_PULL_REQUEST_BRANCH"},
		{"Azure pull request", map[string]string{"SYSTEM_PULLREQUEST_SOURCEBRANCH": "refs/heads/topic", "BUILD_SOURCEBRANCH": "refs/pull/1/merge"}, "topic", "SYSTEM_PULLREQUEST_SOURCEBRANCH"},
		{"Azure branch", map[string]string{"BUILD_SOURCEBRANCH": "refs/heads/release/1.2"}, "release/1.2", "BUILD_SOURCEBRANCH"},
		{"Azure tag", map[string]string{"BUILD_SOURCEBRANCH": "refs/tags/v1"}, "", ""},
		{"Jenkins git plugin", map[string]string{"GIT_BRANCH": "origin/main"}, "main", "GIT_BRANCH"},
		{"Jenkins pull request", map[string]string{"CHANGE_BRANCH": "topic", "BRANCH_NAME": "PR-7"}, "topic", "CHANGE_BRANCH"},
		{"blank", map[string]string{"BUILDKITE_BRANCH": "  "}, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			branch, from := ciBranch(func(k string) string { return tc.env[k] })
			if branch != tc.branch || from != tc.from {
				t.Errorf("ciBranch = %q from %q, want %q from %q", branch, from, tc.branch, tc.from)
			}
		})
	}
}

// repo makes a git repository holding a Go module with one commit, on
// branch main, isolated from the user's git configuration.
func repo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	for _, k := range []string{"GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"} {
		t.Setenv(k, "choragen test")
	}
	for _, k := range []string{"GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"} {
		t.Setenv(k, "test@example.com")
	}
	dir := t.TempDir()
	writeFile(t, dir, "go.mod", "module example.com/shop\n\ngo 1.26\n")
	writeFile(t, dir, "shop.go", "package shop\n")
	writeFile(t, dir, ".gitignore", "*.out\n")
	git(t, dir, "init", "-q", "-b", "main")
	git(t, dir, "add", ".")
	git(t, dir, "commit", "-q", "-m", "first")
	return dir
}

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func writeFile(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestCollect(t *testing.T) {
	dir := repo(t)
	ctx := context.Background()
	noCI := func(string) string { return "" }
	collect := func(opts Options) *Info {
		t.Helper()
		if opts.Dir == "" {
			opts.Dir = dir
		}
		if opts.Getenv == nil {
			opts.Getenv = noCI
		}
		info, err := Collect(ctx, opts)
		if err != nil {
			t.Fatal(err)
		}
		return info
	}
	head := git(t, dir, "rev-parse", "HEAD")

	info := collect(Options{})
	if info.Module != "example.com/shop" || info.Commit != head || info.Branch != "main" || info.BranchSource != "git" || info.Dirty {
		t.Errorf("clean repository: %+v", info)
	}
	if info.GoVersion != runtime.Version() && !strings.HasPrefix(info.GoVersion, "go") {
		t.Errorf("GoVersion = %q", info.GoVersion)
	}
	if info.GOOS != runtime.GOOS || info.GOARCH != runtime.GOARCH || info.GOMAXPROCS != runtime.GOMAXPROCS(0) || info.CPU != CPU() {
		t.Errorf("machine: %+v", info)
	}
	if len(info.Warnings) != 0 {
		t.Errorf("warnings: %q", info.Warnings)
	}

	// From a sub-directory too.
	writeFile(t, dir, "api/api.go", "package api\n")
	git(t, dir, "add", ".")
	git(t, dir, "commit", "-q", "-m", "api")
	if got := collect(Options{Dir: filepath.Join(dir, "api")}); got.Module != "example.com/shop" || got.Dirty {
		t.Errorf("in a sub-directory: %+v", got)
	}

	// What does not make it dirty: .choragen at any depth, ignored files.
	writeFile(t, dir, ".choragen/history.db", "x")
	writeFile(t, dir, "examples/svc/.choragen/performance.yaml", "x")
	writeFile(t, dir, "bench.out", "x")
	if got := collect(Options{}); got.Dirty {
		t.Errorf("only .choragen and ignored files changed, yet dirty: %+v", got)
	}
	git(t, dir, "add", "-f", ".choragen/history.db")
	git(t, dir, "commit", "-q", "-m", "db")
	writeFile(t, dir, ".choragen/history.db", "changed")
	if got := collect(Options{}); got.Dirty {
		t.Errorf("a tracked history.db changed, yet dirty: %+v", got)
	}

	// What does.
	for _, tc := range []struct {
		name string
		do   func()
	}{
		{"untracked file", func() { writeFile(t, dir, "new.go", "package shop\n") }},
		{"modified file", func() { writeFile(t, dir, "shop.go", "package shop // changed\n") }},
		{"staged file", func() { writeFile(t, dir, "shop.go", "package shop // staged\n"); git(t, dir, "add", "shop.go") }},
		{"rename", func() { git(t, dir, "mv", "shop.go", "store.go") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.do()
			if got := collect(Options{}); !got.Dirty {
				t.Errorf("not dirty: %+v", got)
			}
			git(t, dir, "reset", "-q", "--hard")
			git(t, dir, "clean", "-q", "-fd", "-e", ".choragen")
		})
	}

	// --branch wins; a detached HEAD takes the CI's branch.
	if got := collect(Options{Branch: "release"}); got.Branch != "release" || got.BranchSource != "--branch" {
		t.Errorf("--branch: %+v", got)
	}
	git(t, dir, "checkout", "-q", "--detach")
	ci := map[string]string{"GITHUB_HEAD_REF": "feature/x"}
	if got := collect(Options{Getenv: func(k string) string { return ci[k] }}); got.Branch != "feature/x" || got.BranchSource != "GITHUB_HEAD_REF" {
		t.Errorf("detached in CI: %+v", got)
	}
	got := collect(Options{})
	if got.Branch != "" || len(got.Warnings) != 1 || !strings.Contains(got.Warnings[0], "HEAD is detached") {
		t.Errorf("detached outside CI: %+v", got)
	}
}

func TestCollectOutsideGit(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	writeFile(t, dir, "go.mod", "module example.com/plain\n")
	info, err := Collect(context.Background(), Options{Dir: dir, Getenv: func(k string) string {
		return map[string]string{"BUILDKITE_BRANCH": "main"}[k]
	}})
	if err != nil {
		t.Fatal(err)
	}
	if info.Module != "example.com/plain" || info.Commit != "" || info.Dirty || info.Branch != "main" {
		t.Errorf("outside git: %+v", info)
	}
	if len(info.Warnings) != 1 || !strings.Contains(info.Warnings[0], "git status") {
		t.Errorf("warnings = %q, want one about git status", info.Warnings)
	}
}

func TestCollectNoGoCommand(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := Collect(context.Background(), Options{Dir: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "go env") {
		t.Errorf("Collect without a go command = %v, want a go env error", err)
	}
}

func TestApplyBenchConfig(t *testing.T) {
	info := &Info{GOOS: "linux", GOARCH: "amd64", CPU: "AMD EPYC"}
	info.ApplyBenchConfig("cpu", "Oxide Virtual Turin-like Processor             ")
	info.ApplyBenchConfig("goarch", "arm64")
	info.ApplyBenchConfig("pkg", "example.com/shop")
	info.ApplyBenchConfig("goos", "  ")
	want := Info{GOOS: "linux", GOARCH: "arm64", CPU: "Oxide Virtual Turin-like Processor"}
	if info.GOOS != want.GOOS || info.GOARCH != want.GOARCH || info.CPU != want.CPU {
		t.Errorf("after ApplyBenchConfig: %+v, want %+v", info, want)
	}
}

// BenchmarkNothing exists so that TestCPUMatchesGoTest can make this test
// binary print its cpu: line.
func BenchmarkNothing(b *testing.B) {
	for b.Loop() {
	}
}

// TestCPUMatchesGoTest checks CPU against the cpu: line that Go's testing
// package prints, by running a benchmark of this very test binary.
func TestCPUMatchesGoTest(t *testing.T) {
	if os.Getenv("CHORAGEN_RUNINFO_CHILD") != "" {
		t.Skip("child")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$", "-test.bench=^BenchmarkNothing$", "-test.benchtime=1x")
	cmd.Env = append(os.Environ(), "CHORAGEN_RUNINFO_CHILD=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		if cpu, ok := strings.CutPrefix(sc.Text(), "cpu: "); ok {
			if got, want := CPU(), CleanCPU(cpu); got != want {
				t.Errorf("CPU() = %q, go test prints %q", got, want)
			}
			return
		}
	}
	if CPU() != "" {
		t.Errorf("go test printed no cpu: line, yet CPU() = %q\n%s", CPU(), out)
	}
}
