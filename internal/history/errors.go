package history

import (
	"errors"
	"strings"
)

// Conditions that callers branch on with errors.Is.
var (
	// ErrNotFound: no run (pin, attachment) with that id or name.
	ErrNotFound = errors.New("not found")
	// ErrNoBaseline: no run qualifies as the baseline.
	ErrNoBaseline = errors.New("no baseline")
)

// Error is an error of a store: it names the store and reads as one line.
type Error struct {
	// Store is the store's path, or its URL without the password.
	Store string
	Err   error
}

func (e *Error) Error() string {
	return "history store " + e.Store + ": " + oneLine(e.Err.Error())
}

func (e *Error) Unwrap() error { return e.Err }

// ExitCode is 2: the tool could not do its job (DESIGN.md, exit codes).
func (e *Error) ExitCode() int { return 2 }

// Wrap returns err as an *Error of the store named store, unless it
// already is one. It returns nil when err is nil.
func Wrap(store string, err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	return &Error{Store: store, Err: err}
}

// oneLine folds the lines of a driver's message into one.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}
