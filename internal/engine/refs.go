package engine

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/perf/benchfmt"

	"github.com/choragen/choragen/internal/config"
	"github.com/choragen/choragen/internal/report"
	"github.com/choragen/choragen/internal/sample"
)

// RefsRequest compares two git commits measured now, their repetitions
// interleaved.
type RefsRequest struct {
	// Base and Head are the git refs (commits, branches, tags).
	Base, Head string
	// Bench is the -bench regular expression ("" runs every benchmark);
	// Packages the package patterns relative to the request's Dir
	// (default ./...).
	Bench    string
	Packages []string
	// Count, Warmup and Benchtime override the configuration's
	// (Warmup when WarmupSet).
	Count     int
	Warmup    int
	WarmupSet bool
	Benchtime string
}

// refSide is one commit being measured: its source tree, its test
// binaries and the samples they printed.
type refSide struct {
	ref, commit string
	dir         string // the module directory in the extracted tree
	bins        []testBinary
	set         *sample.Set
}

// testBinary is one package's compiled tests.
type testBinary struct {
	path, dir string // the binary, and the package directory it runs in
}

// compareRefs measures two commits now and compares them:
//
//  1. both commits are checked out into a temporary directory with a
//     temporary index (git read-tree, git checkout-index), which leaves
//     the repository, its index and its worktree list untouched;
//  2. each package's tests are compiled once per commit (go test -c);
//  3. the repetitions alternate, base then head, each package binary run
//     with -test.count 1, so that a change in the machine's load between
//     repetitions falls on both sides alike; the first Warmup repetitions
//     of each side are discarded;
//  4. the two sets of samples are compared as Compare compares runs.
//
// Nothing is stored.
func (e *Engine) compareRefs(ctx context.Context, req CompareRequest, cfg *config.Config, c *report.Comparison) (*report.Comparison, error) {
	rq := req.Refs
	count, warmup, benchtime := cfg.Benchmarks.Count, cfg.Benchmarks.Warmup, cfg.Benchmarks.Benchtime
	if rq.Count > 0 {
		count = rq.Count
	}
	if rq.WarmupSet {
		warmup = rq.Warmup
	}
	if rq.Benchtime != "" {
		benchtime = rq.Benchtime
	}
	bench := rq.Bench
	if bench == "" {
		bench = "."
	}
	dir := req.Dir
	if dir == "" {
		dir = "."
	}
	top, err := gitOut(ctx, dir, nil, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, &Error{Msg: fmt.Sprintf("--base-ref/--head-ref: %s is not in a git repository: %v", dir, err), Err: err}
	}
	prefix, err := gitOut(ctx, dir, nil, "rev-parse", "--show-prefix")
	if err != nil {
		return nil, &Error{Msg: fmt.Sprintf("--base-ref/--head-ref: %v", err), Err: err}
	}
	tmp, err := os.MkdirTemp("", "choragen-refs-")
	if err != nil {
		return nil, &Error{Msg: fmt.Sprintf("--base-ref/--head-ref: %v", err), Err: err}
	}
	defer os.RemoveAll(tmp)

	sides := []*refSide{{ref: rq.Base}, {ref: rq.Head}}
	for i, s := range sides {
		flag := [...]string{"--base-ref", "--head-ref"}[i]
		s.commit, err = gitOut(ctx, top, nil, "rev-parse", "--verify", "--quiet", "--end-of-options", s.ref+"^{commit}")
		if err != nil || s.commit == "" {
			return nil, &Error{Msg: fmt.Sprintf("%s %s: not a commit in %s", flag, s.ref, top)}
		}
		name := [...]string{"base", "head"}[i]
		tree := filepath.Join(tmp, name)
		if err := checkout(ctx, top, s.commit, tree, filepath.Join(tmp, name+".index")); err != nil {
			return nil, &Error{Msg: fmt.Sprintf("%s %s: check out: %v", flag, s.ref, err), Err: err}
		}
		s.dir = filepath.Join(tree, filepath.FromSlash(prefix))
		e.logf("refs: %s is %s, checked out in %s", s.ref, s.commit[:min(12, len(s.commit))], s.dir)
		if s.bins, err = e.buildTests(ctx, s.dir, rq.Packages, filepath.Join(tmp, "bin", name)); err != nil {
			return nil, &Error{Msg: fmt.Sprintf("%s %s: %v", flag, s.ref, err), Err: err}
		}
		if len(s.bins) == 0 {
			return nil, &Error{Msg: fmt.Sprintf("%s %s: no package with tests in %s", flag, s.ref, strings.Join(patternsOr(rq.Packages), " "))}
		}
		s.set = sample.New(warmup)
	}

	e.logf("refs: %d repetitions (+%d warm-up) of %s per side, interleaved", count, warmup, benchtime)
	for rep := range count + warmup {
		for i, s := range sides {
			for _, b := range s.bins {
				if err := e.runTestBinary(ctx, b, bench, benchtime, s.set); err != nil {
					return nil, &Error{Msg: fmt.Sprintf("%s %s: %v", [...]string{"--base-ref", "--head-ref"}[i], s.ref, err), Err: err}
				}
			}
			e.logf("refs: repetition %d/%d of %s done", rep+1, count+warmup, [...]string{"base", "head"}[i])
		}
	}
	for i, s := range sides {
		cfgOut := s.set.Config
		c2 := &report.Run{Commit: s.commit, GOOS: cfgOut.GOOS, GOARCH: cfgOut.GOARCH, CPU: strings.Join(strings.Fields(cfgOut.CPU), " "), GOMAXPROCS: cfgOut.GOMAXPROCS}
		side := report.Side{Kind: "ref", Ref: s.ref, Run: c2, Chosen: "measured now, repetitions interleaved"}
		if i == 0 {
			c.Base = side
		} else {
			c.Head = side
		}
	}
	fillComparison(c, comparer{threshold: c.Threshold, alpha: c.Alpha}, seriesOfSet(sides[0].set), seriesOfSet(sides[1].set))
	return c, nil
}

func patternsOr(p []string) []string {
	if len(p) == 0 {
		return []string{"./..."}
	}
	return p
}

// gitOut runs git in dir and returns its trimmed output.
func gitOut(ctx context.Context, dir string, env []string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		msg, _, _ = strings.Cut(msg, "\n")
		return "", fmt.Errorf("git %s: %s", args[0], msg)
	}
	return strings.TrimSpace(string(out)), nil
}

// checkout writes the tracked files of commit into dir, through a
// temporary index file, so that the repository is not changed.
func checkout(ctx context.Context, top, commit, dir, index string) error {
	env := []string{"GIT_INDEX_FILE=" + index}
	if _, err := gitOut(ctx, top, env, "read-tree", commit); err != nil {
		return err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	_, err = gitOut(ctx, top, env, "checkout-index", "--all", "--force", "--prefix="+abs+string(filepath.Separator))
	return err
}

// buildTests compiles the tests of every package the patterns name in dir,
// one binary per package with test files.
func (e *Engine) buildTests(ctx context.Context, dir string, patterns []string, out string) ([]testBinary, error) {
	goCmd := e.Go
	if goCmd == "" {
		goCmd = "go"
	}
	list := exec.CommandContext(ctx, goCmd, append([]string{"list", "-f", "{{.ImportPath}}\t{{.Dir}}\t{{len .TestGoFiles}}\t{{len .XTestGoFiles}}"}, patternsOr(patterns)...)...)
	list.Dir = dir
	list.Env = append(os.Environ(), e.Env...)
	var stderr bytes.Buffer
	list.Stderr = &stderr
	listed, err := list.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %s", firstLine(stderr.String(), err))
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	var bins []testBinary
	sc := bufio.NewScanner(bytes.NewReader(listed))
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 4 || f[2] == "0" && f[3] == "0" {
			continue
		}
		bin := filepath.Join(out, strconv.Itoa(len(bins))+".test")
		e.logf("refs: go test -c %s", f[0])
		build := exec.CommandContext(ctx, goCmd, "test", "-c", "-o", bin, f[0])
		build.Dir = dir
		build.Env = append(os.Environ(), e.Env...)
		var berr bytes.Buffer
		build.Stderr = &berr
		if err := build.Run(); err != nil {
			return nil, fmt.Errorf("go test -c %s: %s", f[0], firstLine(berr.String(), err))
		}
		bins = append(bins, testBinary{path: bin, dir: f[1]})
	}
	return bins, nil
}

// runTestBinary runs one repetition of a package's benchmarks and adds
// the results to set.
func (e *Engine) runTestBinary(ctx context.Context, b testBinary, bench, benchtime string, set *sample.Set) error {
	cmd := exec.CommandContext(ctx, b.path, "-test.run", "^$", "-test.bench", bench, "-test.count", "1",
		"-test.benchtime", benchtime, "-test.benchmem")
	cmd.Dir = b.dir
	cmd.Env = append(os.Environ(), e.Env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	rd := benchfmt.NewReader(bytes.NewReader(out), b.path)
	for rd.Scan() {
		if res, ok := rd.Result().(*benchfmt.Result); ok {
			set.Add(res)
		}
	}
	set.AddUnits(rd.Units())
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("benchmarks of %s failed: %s", b.dir, lastLines(string(out)+stderr.String(), err))
	}
	return nil
}

func firstLine(s string, err error) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return err.Error()
	}
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// lastLines is the end of a failed binary's output, folded to one line.
func lastLines(s string, err error) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > 3 {
		lines = lines[len(lines)-3:]
	}
	out := strings.Join(strings.Fields(strings.Join(lines, " ")), " ")
	if out == "" {
		return err.Error()
	}
	return out
}
