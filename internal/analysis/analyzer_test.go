package analysis

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/types"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/choragen/choragen/internal/metric"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func TestEstimateString(t *testing.T) {
	for _, tc := range []struct {
		e     Estimate
		want  string
		class metric.Class
	}{
		{Estimate{}, "O(1)", metric.O1},
		{Estimate{Log: 1}, "O(log n)", metric.OLogN},
		{Estimate{Log: 2}, "O(log^2 n)", metric.OLogN},
		{Estimate{Degree: 1}, "O(n)", metric.ON},
		{Estimate{Degree: 1, Log: 1}, "O(n log n)", metric.ONLogN},
		{Estimate{Degree: 2}, "O(n^2)", metric.ON2},
		{Estimate{Degree: 2, Log: 1}, "O(n^2 log n)", metric.ON2},
		{Estimate{Degree: 3}, "O(n^3)", metric.ON3},
		{Estimate{Degree: 4}, "O(n^4)", metric.ON3},
		{Estimate{Exp: true}, "O(2^n)", metric.O2N},
		{Estimate{Degree: 1, Exp: true}, "O(2^n)", metric.O2N},
	} {
		if got := tc.e.String(); got != tc.want {
			t.Errorf("%+v.String() = %q, want %q", tc.e, got, tc.want)
		}
		if got := tc.e.Class(); got != tc.class {
			t.Errorf("%+v.Class() = %v, want %v", tc.e, got, tc.class)
		}
	}
}

// TestExceeds is the rule: one polynomial degree above the declared
// class, or exponential under a polynomial bound; log factors never count.
func TestExceeds(t *testing.T) {
	for _, tc := range []struct {
		e        Estimate
		declared metric.Class
		want     bool
	}{
		{Estimate{Degree: 1}, metric.O1, true},
		{Estimate{Degree: 1}, metric.OLogN, true},
		{Estimate{Log: 1}, metric.O1, false},
		{Estimate{Degree: 1, Log: 1}, metric.ON, false},
		{Estimate{Degree: 2}, metric.ON, true},
		{Estimate{Degree: 2}, metric.ONLogN, true},
		{Estimate{Degree: 2, Log: 3}, metric.ON2, false},
		{Estimate{Degree: 3}, metric.ON2, true},
		{Estimate{Degree: 4}, metric.ON3, true},
		{Estimate{Exp: true}, metric.ON3, true},
		{Estimate{Exp: true}, metric.O2N, false},
		{Estimate{Degree: 9}, metric.O2N, false},
	} {
		if got := tc.e.exceeds(tc.declared); got != tc.want {
			t.Errorf("%v exceeds %v = %v, want %v", tc.e, tc.declared, got, tc.want)
		}
	}
}

// testPackages are the packages of testdata/src.
var testPackages = []string{"nested", "honest", "recursion", "methods", "generics", "closures", "calls", "directives", "misses"}

// TestAnalyzer runs the analyzer over testdata/src (one load for all the
// packages): every "// want" comment must be matched by a diagnostic on
// its line, and there must be no other diagnostic (packages honest and
// misses have none).
//
// It then records the estimate of every function with a complexity
// directive, flagged or not, in testdata/estimates.golden (go test -run
// TestAnalyzer -update rewrites it): the honest functions' estimates show
// that they pass for the right reason, not by a miss.
func TestAnalyzer(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), Analyzer, testPackages...)
	var b bytes.Buffer
	for _, r := range results {
		p := r.Action.Package
		c := newChecker(p.Fset, p.Syntax, p.Types, p.TypesInfo)
		for _, f := range p.Syntax {
			for _, d := range f.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok || fd.Doc == nil || fd.Body == nil {
					continue
				}
				declared, ok := declaredClass(p.Fset, fd.Doc)
				if !ok {
					continue
				}
				_, est, _ := c.funcCost(p.TypesInfo.Defs[fd.Name].(*types.Func)).worst()
				mark := ""
				if est.exceeds(declared) {
					mark = "  FLAGGED"
				}
				fmt.Fprintf(&b, "%-40s %-14s declared %s%s\n", target(p.PkgPath, fd), est, declared, mark)
			}
		}
	}
	golden := filepath.Join("testdata", "estimates.golden")
	if *update {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run TestAnalyzer -update)", err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		got := golden + ".got"
		if err := os.WriteFile(got, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Errorf("estimates differ from %s; see %s (diff them, and rerun with -update if the change is right)", golden, got)
	}
}

func TestMessage(t *testing.T) {
	loop := func(name string) step { return step{kind: stepLoop, name: name} }
	for _, tc := range []struct {
		steps    []step
		est      Estimate
		declared metric.Class
		want     string
	}{
		{[]step{loop("xs")}, Estimate{Degree: 1}, metric.O1,
			"a loop over xs suggests O(n), above the declared O(1)"},
		{[]step{loop("xs"), loop("xs")}, Estimate{Degree: 2}, metric.ON,
			"nested loops over xs (depth 2) suggest O(n^2), above the declared O(n)"},
		{[]step{loop("a"), loop("b"), loop("c")}, Estimate{Degree: 3}, metric.ON2,
			"nested loops over a, b and c (depth 3) suggest O(n^3), above the declared O(n^2)"},
		{[]step{loop("xs"), {kind: stepCall, name: "index", est: Estimate{Degree: 1}}}, Estimate{Degree: 2}, metric.ON,
			"a loop over xs with a call to index (O(n) per call) suggests O(n^2), above the declared O(n)"},
		{[]step{loop("xs"), {kind: stepLib, name: "sort.Ints", arg: "xs", est: Estimate{Degree: 1, Log: 1}}}, Estimate{Degree: 2, Log: 1}, metric.ONLogN,
			"a loop over xs with sort.Ints on xs (O(n log n) per call) suggests O(n^2 log n), above the declared O(n log n)"},
		{[]step{{kind: stepCallback, name: "sort.Slice", arg: "xs", est: Estimate{Degree: 1, Log: 1}}, loop("xs")}, Estimate{Degree: 2, Log: 1}, metric.ONLogN,
			"the function passed to sort.Slice on xs (run O(n log n) times) with a loop over xs suggests O(n^2 log n), above the declared O(n log n)"},
		{[]step{{kind: stepRec, name: "two recursive calls per call (on n-1, n-2)"}}, Estimate{Exp: true}, metric.ON,
			"two recursive calls per call (on n-1, n-2) suggest O(2^n), above the declared O(n)"},
		{[]step{{kind: stepRec, name: "recursion on xs[1:] (n levels)"}, loop("xs")}, Estimate{Degree: 2}, metric.ON,
			"recursion on xs[1:] (n levels) with a loop over xs suggests O(n^2), above the declared O(n)"},
		{[]step{{kind: stepLoop, name: "n", log: true}, loop("xs")}, Estimate{Degree: 1, Log: 1}, metric.O1,
			"a logarithmic loop over n with a loop over xs suggests O(n log n), above the declared O(1)"},
	} {
		if got := message(tc.steps, tc.est, tc.declared); got != tc.want {
			t.Errorf("message(%v) =\n  %q, want\n  %q", tc.steps, got, tc.want)
		}
	}
}
