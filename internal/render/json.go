package render

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/choragen/choragen/internal/report"
)

// WriteJSON writes r in the JSON wire format (package doc, docs/report.md),
// indented by two spaces, with a final newline. The output is stable: the
// same report gives the same bytes (struct fields in declaration order, map
// keys sorted). The lists contracts, violations and benchmarks are always
// arrays, never null, so that consumers can iterate without a check.
func WriteJSON(w io.Writer, r *report.Report, _ Options) error {
	if r == nil {
		return errNilReport
	}
	out := *r
	if out.Contracts == nil {
		out.Contracts = []report.Contract{}
	}
	if out.Violations == nil {
		out.Violations = []report.Violation{}
	}
	if out.Benchmarks == nil {
		out.Benchmarks = []report.Benchmark{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	// Note: <, > and & stay as they are: the output is a file or a pipe,
	// never inlined into HTML, and targets read better unescaped.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&out); err != nil {
		return fmt.Errorf("render json: %w", err)
	}
	return nil
}
