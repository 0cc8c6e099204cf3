package render

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/choragen/choragen/internal/report"
)

// Format names a renderer, as --format spells it.
type Format string

// The formats of DESIGN.md ("The report"). Text is the default.
const (
	Text     Format = "text"
	JSON     Format = "json"
	Markdown Format = "markdown"
	JUnit    Format = "junit"
	GitHub   Format = "github"
)

// renderFunc writes r to w in one format.
type renderFunc func(w io.Writer, r *report.Report, opts Options) error

// formats is the registry, in the order ParseFormat's error lists them.
var formats = []struct {
	format Format
	render renderFunc
}{
	{Text, WriteText},
	{JSON, WriteJSON},
	{Markdown, WriteMarkdown},
	{JUnit, WriteJUnit},
	{GitHub, WriteGitHub},
}

// Formats returns every format, the default first.
func Formats() []Format {
	out := make([]Format, len(formats))
	for i, f := range formats {
		out[i] = f.format
	}
	return out
}

// ParseFormat reads a --format value. The empty string is Text; names are
// case-insensitive.
func ParseFormat(s string) (Format, error) {
	if s == "" {
		return Text, nil
	}
	for _, f := range formats {
		if strings.EqualFold(s, string(f.format)) {
			return f.format, nil
		}
	}
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = string(f.format)
	}
	return "", fmt.Errorf("unknown format %q (want one of %s)", s, strings.Join(names, ", "))
}

// String returns the format's name.
func (f Format) String() string { return string(f) }

// Set and Type let a Format be a command-line flag (flag.Value,
// pflag.Value).
func (f *Format) Set(s string) error {
	v, err := ParseFormat(s)
	if err != nil {
		return err
	}
	*f = v
	return nil
}

// Type names the flag's value in help text.
func (f *Format) Type() string { return "format" }

// Report writes r, the report of a check, to w in format f; "" is Text.
func Report(w io.Writer, r *report.Report, f Format, opts Options) error {
	if f == "" {
		f = Text
	}
	for _, e := range formats {
		if e.format == f {
			return e.render(w, r, opts)
		}
	}
	_, err := ParseFormat(string(f))
	return err
}

// Options tunes the renderers. The zero value is plain output for a
// file or a pipe.
type Options struct {
	// Color lets the text renderer use ANSI colours. Set it only when the
	// writer is a terminal that wants them: the front end decides.
	Color bool
	// Verbose makes the text and markdown renderers show details of passed
	// contracts too: their reasons, intervals and samples.
	Verbose bool
	// SourceRoot is the module root relative to the repository root
	// ("services/api"), prepended to contract sources, which are relative
	// to the module root, where a reader needs repository paths: GitHub
	// annotations and JUnit file attributes. Empty when they coincide.
	SourceRoot string
}

// errNilReport is returned by every renderer given no report, and
// errNilResult by those of the other results.
var (
	errNilReport = errors.New("render report: no report")
	errNilResult = errors.New("render: no result")
)
