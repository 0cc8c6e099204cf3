package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/choragen/choragen/internal/report"
)

// Hints writes static-analysis hints, the result of choragen perf:lint,
// in format f: Text, one "file:line:col: message" line each as go vet
// prints them, or JSON, an array.
func Hints(w io.Writer, hints []report.Hint, f Format) error {
	var b bytes.Buffer
	switch f {
	case Text, "":
		for _, h := range hints {
			fmt.Fprintf(&b, "%s: %s\n", clean(h.Pos), clean(h.Message))
		}
	case JSON:
		if hints == nil {
			hints = []report.Hint{}
		}
		// Note: unlike the other JSON renderers, this one escapes < > and
		// & as \u003c \u003e \u0026, as perf:lint always has.
		enc := json.NewEncoder(&b)
		enc.SetIndent("", "  ")
		if err := enc.Encode(hints); err != nil {
			return fmt.Errorf("render hints: %w", err)
		}
	default:
		return noFormat("hints", f, Text, JSON)
	}
	return flush(w, &b, "hints")
}
