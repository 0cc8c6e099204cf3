package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"
)

// Exit codes (docs/exit-codes.md).
const (
	ExitOK     = 0 // every verdict passed
	ExitFailed = 1 // a contract, gate or regression failed
	ExitError  = 2 // the tool could not do its job
)

// State is the process state a command may use: stdio, environment, clock.
// Commands never touch os.Stdout, os.Getenv or time.Now directly, so the
// whole CLI runs in-process in tests.
type State struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	Now            func() time.Time
	// Color reports whether Stdout is a terminal that wants colour.
	Color bool
}

// Main runs choragen with args (without the program name) and returns its
// exit code. It prints at most one line on stderr when it fails.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	st := &State{
		Stdin:  stdin,
		Stdout: stdout,
		Stderr: stderr,
		Getenv: os.Getenv,
		Now:    time.Now,
	}
	st.Color = wantColor(stdout, st.Getenv)
	return st.Run(ctx, args)
}

// Run executes args with the state's stdio and returns the exit code.
func (st *State) Run(ctx context.Context, args []string) int {
	root := newRoot(st)
	root.SetArgs(args)
	root.SetIn(st.Stdin)
	root.SetOut(st.Stdout)
	root.SetErr(st.Stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	code := ExitError
	var ec interface{ ExitCode() int }
	if errors.As(err, &ec) {
		code = ec.ExitCode()
	}
	var silent *silentError
	if !errors.As(err, &silent) {
		fmt.Fprintf(st.Stderr, "choragen: %s\n", oneLine(err.Error()))
	}
	return code
}

// exitError carries an exit code with a message.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }
func (e *exitError) ExitCode() int { return e.code }

// failed returns the error of a run whose verdict failed: exit 1, with
// the reason on stderr.
func failed(format string, args ...any) error {
	return &exitError{code: ExitFailed, err: fmt.Errorf(format, args...)}
}

// usageError is a bad flag or argument: exit 2, naming it.
func usageError(format string, args ...any) error {
	return &exitError{code: ExitError, err: fmt.Errorf(format, args...)}
}

// silentError ends a command with an exit code and nothing more on stderr,
// because the command already said everything (help, version).
type silentError struct{ code int }

func (e *silentError) Error() string { return fmt.Sprintf("exit %d", e.code) }
func (e *silentError) ExitCode() int { return e.code }

// oneLine keeps an error message to the one line the exit contract allows.
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		rest := strings.Count(s[i:], "\n")
		s = s[:i] + fmt.Sprintf(" (and %d more lines; rerun with -v)", rest)
	}
	return s
}

// wantColor decides whether the text report on w may use colour: NO_COLOR
// (no-color.org) set to a non-empty value turns colour off; otherwise
// CLICOLOR_FORCE or FORCE_COLOR set to anything but "0" turns it on even
// in a pipe (CI logs that render ANSI); otherwise TERM=dumb turns it off;
// otherwise a terminal gets colour.
func wantColor(w io.Writer, getenv func(string) string) bool {
	f, ok := w.(*os.File)
	return useColor(ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())), getenv)
}

func useColor(isTerminal bool, getenv func(string) string) bool {
	if getenv("NO_COLOR") != "" {
		return false
	}
	for _, k := range []string{"CLICOLOR_FORCE", "FORCE_COLOR"} {
		if v := getenv(k); v != "" && v != "0" {
			return true
		}
	}
	if getenv("TERM") == "dumb" {
		return false
	}
	return isTerminal
}

// newRoot builds the command tree for one invocation: no package-level
// command values, so tests run in parallel.
func newRoot(st *State) *cobra.Command {
	root := &cobra.Command{
		Use:           "choragen",
		Short:         "Performance contracts for Go",
		Long:          "choragen holds Go code to performance contracts: latency, memory, complexity and resource budgets, measured with go test benchmarks and judged with benchstat's statistics.",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError("%s: %v (see '%s --help')", c.CommandPath(), err, c.CommandPath())
	})
	root.CompletionOptions.HiddenDefaultCmd = true

	perf := perfCmd(st)
	root.AddCommand(perf)
	// Every "perf:x" command is also "perf x": one constructor, two names.
	for _, sub := range []func(*State, string) *cobra.Command{
		checkCmd,
		benchCmd,
		compareCmd,
		baselineCmd,
		historyCmd,
		lintCmd,
	} {
		root.AddCommand(sub(st, "perf:"))
		perf.AddCommand(sub(st, ""))
	}
	root.AddCommand(versionCmd(st))
	return root
}

// plural returns "1 regression", "2 regressions", for the messages of
// failed commands.
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
