package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/choragen/choragen/internal/report"
)

// This file holds what the renderers of the tracking commands'
// results (comparison, history, baseline, bench) share: benchstat's
// cells and plain tables.

// benchCentre formats a benchmark centre with its interval as benchstat
// prints it, "1.234ms ± 2%", with "± ∞" when there is no finite interval
// (fewer than 6 samples).
func benchCentre(v float64, unit string, iv *report.Interval) string {
	r := pctRange(v, iv)
	if r == "" {
		r = "± ∞"
	}
	return benchValue(v, unit) + " " + r
}

// compareCell is benchstat's change column: "+20.13% (p=0.000 n=10)",
// "~ (p=0.436 n=10)" when the change is not significant, "changed" or "?"
// in place of a change without a percentage (from zero).
func compareCell(b *report.Benchmark) string {
	delta := change(b)
	if b.Change == nil {
		delta = "?"
		if b.Regression || b.Improvement || b.Significant {
			delta = "changed"
		}
	}
	return strings.TrimSpace(delta + " " + pNote(b))
}

// plainRow adds a row of unstyled cells, each cleaned for a terminal.
func (t *table) plainRow(cells ...string) {
	cs := make([]cell, len(cells))
	for i, c := range cells {
		cs[i] = cell{text: clean(c)}
	}
	t.add(0, cs...)
}

// writeValue writes v as indented JSON, with a final newline, < > and &
// as they are.
func writeValue(w io.Writer, v any, what string) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("render %s: %w", what, err)
	}
	return nil
}

// flush writes what a renderer built.
func flush(w io.Writer, b *bytes.Buffer, what string) error {
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("render %s: %w", what, err)
	}
	return nil
}

// noFormat is the error of a renderer asked for a format it does not
// write.
func noFormat(what string, f Format, want ...Format) error {
	names := make([]string, len(want))
	for i, w := range want {
		names[i] = string(w)
	}
	return fmt.Errorf("render %s: no %s format (want %s)", what, f, strings.Join(names, ", "))
}

// packagesOf returns the packages of rows in the order first seen.
func packagesOf(rows []report.Benchmark) []string {
	var pkgs []string
	seen := map[string]bool{}
	for i := range rows {
		if p := rows[i].Package; !seen[p] {
			seen[p] = true
			pkgs = append(pkgs, p)
		}
	}
	return pkgs
}

// rowWarnings lists the warnings of benchmark rows, each prefixed with
// its row's name and unit, then the others.
func rowWarnings(rows []report.Benchmark, others []string) []string {
	var notes []string
	for i := range rows {
		for _, warn := range rows[i].Warnings {
			notes = append(notes, rows[i].Name+" "+rows[i].Unit+": "+warn)
		}
	}
	return append(notes, others...)
}
