package engine

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/choragen/choragen/internal/report"
)

// FuzzCompareText reads any text as the head of a comparison with a fixed
// base: reading never fails on content (syntax errors are warnings), and
// the comparison always encodes as JSON (no NaN or infinity reaches it).
func FuzzCompareText(f *testing.F) {
	for _, name := range []string{"base.txt", "head.txt", "garbage.txt"} {
		data, err := os.ReadFile(filepath.Join("..", "cli", "testdata", "compare", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("pkg: p\nBenchmarkA-2 1 0 ns/op 0 B/op\nBenchmarkA-2 1 1 ns/op -1 B/op\nBenchmarkA-2 1 NaN ns/op\n"))
	base, _, err := readSeries(filepath.Join("..", "cli", "testdata", "compare", "base.txt"))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		head, _, err := scanSeries(bytes.NewReader(data), "head.txt")
		if err != nil {
			t.Fatalf("reading from memory failed: %v", err)
		}
		for _, pair := range [][2]*series{{base, head}, {head, head}, {head, base}} {
			c := &report.Comparison{Threshold: 10, Alpha: 0.05}
			fillComparison(c, comparer{threshold: 10, alpha: 0.05}, pair[0], pair[1])
			if _, err := json.Marshal(c); err != nil {
				t.Fatalf("the comparison does not encode: %v", err)
			}
			if c.Summary.Regressions+c.Summary.Improvements+c.Summary.Unchanged != c.Summary.Compared {
				t.Fatalf("summary does not add up: %+v", c.Summary)
			}
		}
	})
}
