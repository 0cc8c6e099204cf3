// Package runinfo finds out what a run records about where it ran: the
// module, the git commit and branch, whether the work tree was dirty, the Go
// toolchain, and the machine (GOOS, GOARCH, CPU model, GOMAXPROCS) that
// decides which stored runs are comparable.
//
// Collect asks git and the go command in the module's directory. Nothing it
// cannot find is an error: outside a git repository the commit and branch
// are empty, and the reason is in Warnings. Once benchmarks ran, the
// engine should pass the configuration lines of their output (goos, goarch,
// cpu) to ApplyBenchConfig: what the benchmark binary itself saw wins.
//
// # Branch
//
// The branch is, in order: the --branch flag; the branch git has checked
// out; when HEAD is detached (as CI systems check out pull requests), the
// CI's variables (see ciBranchVars): GITHUB_HEAD_REF, GITHUB_REF_NAME (for
// branch refs), GitLab's CI_MERGE_REQUEST_SOURCE_BRANCH_NAME,
// CI_COMMIT_BRANCH and CI_COMMIT_REF_NAME (not for tags), BUILDKITE_BRANCH,
// CIRCLE_BRANCH, and those of Travis, Bitbucket, Azure Pipelines, Drone,
// Woodpecker, Jenkins, Semaphore, AppVeyor and TeamCity-style BRANCH_NAME.
//
// # Dirty
//
// A work tree is dirty when git status lists any change, staged or not,
// tracked or untracked (ignored files do not count), outside directories
// named .choragen: the history database and the configuration live there,
// and writing a run must not make the next one dirty.
package runinfo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
)

// Info is what a run records about where it ran.
type Info struct {
	// Module is the path of the main module in Dir ("" outside one).
	Module string
	Commit string
	Branch string
	// BranchSource says where Branch came from: "--branch", "git", or the
	// name of the CI variable.
	BranchSource string
	Dirty        bool
	// GoVersion is the version of the go command that runs the
	// benchmarks in Dir ("go1.26.8"), after any toolchain switch.
	GoVersion string
	GOOS      string
	GOARCH    string
	// CPU is the CPU model as "go test" prints it (see CPU).
	CPU        string
	GOMAXPROCS int
	// Warnings say what could not be found out, and why.
	Warnings []string
}

// Options say where to look.
type Options struct {
	// Dir is a directory of the module; default the current directory.
	Dir string
	// Branch is the --branch flag's value; it wins over git and CI.
	Branch string
	// Getenv reads the CI's variables; default os.Getenv.
	Getenv func(string) string
}

// Collect finds out where a run in opts.Dir runs. It fails only when the go
// command cannot be run: without it there is nothing to measure.
func Collect(ctx context.Context, opts Options) (*Info, error) {
	if opts.Getenv == nil {
		opts.Getenv = os.Getenv
	}
	if opts.Dir == "" {
		opts.Dir = "."
	}
	info := &Info{CPU: CPU(), GOMAXPROCS: runtime.GOMAXPROCS(0)}
	if err := info.goEnv(ctx, opts.Dir); err != nil {
		return nil, err
	}
	info.git(ctx, opts.Dir)
	switch {
	case opts.Branch != "":
		info.Branch, info.BranchSource = opts.Branch, "--branch"
	case info.Branch != "":
		info.BranchSource = "git"
	default:
		info.Branch, info.BranchSource = ciBranch(opts.Getenv)
		if info.Branch == "" && info.Commit != "" {
			info.Warnings = append(info.Warnings, "no branch: HEAD is detached and no CI variable names the branch (use --branch)")
		}
	}
	return info, nil
}

// ApplyBenchConfig records a configuration line of benchmark output
// ("goos: linux", "goarch: amd64", "cpu: ..."), which describes the machine
// the benchmarks ran on better than this process can. Other keys are
// ignored.
func (i *Info) ApplyBenchConfig(key, value string) {
	value = strings.TrimSpace(value)
	if value == "" {
		return
	}
	switch key {
	case "goos":
		i.GOOS = value
	case "goarch":
		i.GOARCH = value
	case "cpu":
		i.CPU = CleanCPU(value)
	}
}

// goEnv reads the go command's view of dir.
func (i *Info) goEnv(ctx context.Context, dir string) error {
	cmd := exec.CommandContext(ctx, "go", "env", "-json", "GOVERSION", "GOOS", "GOARCH", "GOMOD")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("go env in %s: %v: %s", dir, err, strings.TrimSpace(stderr.String()))
	}
	var env struct{ GOVERSION, GOOS, GOARCH, GOMOD string }
	if err := json.Unmarshal(out, &env); err != nil {
		return fmt.Errorf("go env in %s: %w", dir, err)
	}
	i.GoVersion, i.GOOS, i.GOARCH = env.GOVERSION, env.GOOS, env.GOARCH
	if env.GOMOD == "" || env.GOMOD == os.DevNull {
		i.Warnings = append(i.Warnings, "not in a Go module: no module path")
		return nil
	}
	data, err := os.ReadFile(env.GOMOD)
	if err != nil {
		i.Warnings = append(i.Warnings, err.Error())
		return nil
	}
	if i.Module = ModulePath(data); i.Module == "" {
		i.Warnings = append(i.Warnings, env.GOMOD+": no module line")
	}
	return nil
}

// ModulePath returns the module path that a go.mod file declares, or "".
func ModulePath(gomod []byte) string {
	for line := range strings.Lines(string(gomod)) {
		line, _, _ = strings.Cut(line, "//")
		f := strings.Fields(line)
		if len(f) != 2 || f[0] != "module" {
			continue
		}
		p := f[1]
		if q, err := strconv.Unquote(p); err == nil {
			p = q
		}
		return p
	}
	return ""
}

// git reads the commit, the branch (if HEAD is not detached) and the dirty
// flag with one "git status".
func (i *Info) git(ctx context.Context, dir string) {
	cmd := exec.CommandContext(ctx, "git", "status", "--porcelain=v2", "--branch", "-z",
		// Every untracked file, not their topmost directory: a new
		// directory holding only a .choragen directory is clean.
		"--untracked-files=all")
	cmd.Dir = dir
	// Do not take the index lock: another git command may be running, and
	// we only read.
	cmd.Env = append(os.Environ(), "GIT_OPTIONAL_LOCKS=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" || errors.Is(err, exec.ErrNotFound) {
			msg = err.Error()
		}
		msg, _, _ = strings.Cut(msg, "\n")
		i.Warnings = append(i.Warnings, "no commit, branch or dirty flag: git status: "+msg)
		return
	}
	st := ParseStatus(out)
	i.Commit, i.Branch, i.Dirty = st.Commit, st.Branch, st.Dirty
}
