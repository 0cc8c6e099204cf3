package analysis_test

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/choragen/choragen/internal/analysis"
	"github.com/choragen/choragen/internal/metric"
)

// TestRunShop runs the check on the bundled example module: the quadratic
// catalog.Duplicates (declared O(n)) is the one finding, at its outer
// loop; (*Catalog).Find (sort.Search, O(log n)) and (*Catalog).Search
// (one loop, O(n)) are not reported.
func TestRunShop(t *testing.T) {
	dir := filepath.Join("..", "..", "examples", "shop")
	findings, err := analysis.Run(context.Background(), dir, []string{"./..."})
	if err != nil {
		t.Fatal(err)
	}
	const pkg = "github.com/choragen/choragen/examples/shop/catalog"
	var dup *analysis.Finding
	for i, f := range findings {
		switch f.Target {
		case pkg + ".Duplicates":
			dup = &findings[i]
		case pkg + ".(*Catalog).Find", pkg + ".(*Catalog).Search":
			t.Errorf("honest %s reported: %s", f.Target, f)
		}
	}
	if dup == nil {
		t.Fatalf("catalog.Duplicates not reported; findings: %v", findings)
	}
	file := filepath.Join(dir, "catalog", "catalog.go")
	if got, want := filepath.Base(dup.Pos.Filename), "catalog.go"; got != want {
		t.Errorf("position %s, want catalog.go", dup.Pos)
	}
	if got, want := dup.Pos.Line, lineOf(t, file, "for i := range products {"); got != want {
		t.Errorf("position %s, want line %d (the outer loop)", dup.Pos, want)
	}
	if got, want := dup.Estimated.Class(), metric.ON2; got != want {
		t.Errorf("estimated %v, want %v", got, want)
	}
	if got, want := dup.Declared, metric.ON; got != want {
		t.Errorf("declared %v, want %v", got, want)
	}
	if want := "nested loops over products (depth 2) suggest O(n^2), above the declared O(n)"; dup.Message != want {
		t.Errorf("message %q, want %q", dup.Message, want)
	}
}

// lineOf is the first line of file that contains s (after spaces).
func lineOf(t *testing.T, file, s string) int {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if strings.Contains(sc.Text(), s) {
			return n
		}
	}
	t.Fatalf("%s has no line with %q", file, s)
	return 0
}

func TestRunErrors(t *testing.T) {
	ctx := context.Background()
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	for _, tc := range []struct {
		name     string
		ctx      context.Context
		dir      string
		patterns []string
		want     string
	}{
		{"type error", ctx, filepath.Join("testdata", "mod", "broken"), nil, "broken.go:5:9: undefined: undefined"},
		{"no match", ctx, filepath.Join("testdata", "mod", "shop"), []string{"example.com/shop/nothing/..."}, "no packages match"},
		{"missing pattern dir", ctx, filepath.Join("testdata", "mod", "shop"), []string{"./nothing"}, "nothing"},
		{"no dir", ctx, filepath.Join("testdata", "no-such-dir"), nil, "no-such-dir"},
		{"cancelled", cancelled, filepath.Join("testdata", "mod", "shop"), nil, "context canceled"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := analysis.Run(tc.ctx, tc.dir, tc.patterns)
			if err == nil {
				t.Fatalf("Run = %v, want an error containing %q", got, tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Run error %q, want it to contain %q", err, tc.want)
			}
		})
	}
}

// TestRunDefaultPatterns: no patterns means ./... in dir.
func TestRunDefaultPatterns(t *testing.T) {
	findings, err := analysis.Run(context.Background(), filepath.Join("testdata", "mod", "shop"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(findings) != 1 || findings[0].Target != "example.com/shop/catalog.Duplicates" {
		t.Errorf("findings %v, want catalog.Duplicates alone", findings)
	}
}
