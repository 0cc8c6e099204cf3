package config

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/choragen/choragen/internal/metric"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata and docs/performance.schema.json")

// file is the name errors are reported against in these tests.
const file = ".choragen/performance.yaml"

func mustParse(t *testing.T, src string) *Config {
	t.Helper()
	cfg, err := Parse([]byte(src), file)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return cfg
}

// rulesString renders a target's rules one per line, for comparisons.
func rulesString(rules []Rule) string {
	var b strings.Builder
	for _, r := range rules {
		fmt.Fprintf(&b, "%s %s max=%g", r.Section, r.Metric, r.Max)
		if r.Percentile != 0 {
			fmt.Fprintf(&b, " p=%g", r.Percentile)
		}
		if r.Metric == metric.Complexity {
			fmt.Fprintf(&b, " class=%s", r.Class)
		}
		fmt.Fprintf(&b, " pattern=%q at %s\n", r.Pattern, r.Pos)
	}
	return b.String()
}

func TestDefault(t *testing.T) {
	c := Default()
	want := Benchmarks{Enabled: true, RegressionThreshold: 10, BaselineBranch: "main", Count: 10, Warmup: 1, Benchtime: "100ms", Store: ".choragen/history.db"}
	if c.Benchmarks != want {
		t.Errorf("Default().Benchmarks = %+v, want %+v", c.Benchmarks, want)
	}
	if got, want := c.Thresholds, (Thresholds{MinScore: 80, MaxViolations: 0}); got != want {
		t.Errorf("Default().Thresholds = %+v, want %+v", got, want)
	}
	if rules := c.Rules("api.FetchUser"); len(rules) != 0 {
		t.Errorf("Default() gives rules: %v", rules)
	}
	if c.Root() != "" || c.Path() != "" {
		t.Errorf("Default(): Root %q, Path %q; want empty", c.Root(), c.Path())
	}
	// An empty file, a file of comments and an empty document are Default.
	for _, src := range []string{"", "# nothing\n", "---\n", "~\n"} {
		cfg := mustParse(t, src)
		if cfg.Benchmarks != c.Benchmarks || cfg.Thresholds != c.Thresholds || len(cfg.sections) != 0 {
			t.Errorf("Parse(%q) = %+v; want the defaults", src, cfg)
		}
	}
}

// TestDesignExample checks the example of DESIGN.md, key by key.
func TestDesignExample(t *testing.T) {
	cfg, err := Load("testdata/valid/design.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := Benchmarks{Enabled: true, RegressionThreshold: 10, BaselineBranch: "main", Count: 10, Warmup: 1, Benchtime: "100ms", Store: ".choragen/history.db"}
	if cfg.Benchmarks != want {
		t.Errorf("Benchmarks = %+v, want %+v", cfg.Benchmarks, want)
	}
	if got, want := cfg.Thresholds, (Thresholds{MinScore: 80}); got != want {
		t.Errorf("Thresholds = %+v, want %+v", got, want)
	}
	const f = "testdata/valid/design.yaml"
	check := func(target, want string) {
		t.Helper()
		if got := rulesString(cfg.Rules(target)); got != want {
			t.Errorf("Rules(%q):\n%s\nwant:\n%s", target, got, want)
		}
	}
	check("store.Get", `latency latency max=200 pattern="" at `+f+`:3:14
memory bytes max=5e+07 pattern="" at `+f+`:4:14
complexity complexity max=3 class=O(n log n) pattern="" at `+f+`:6:43
queries queries max=10 pattern="" at `+f+`:5:14
`)
	check("api.FetchUser", `latency latency max=100 p=95 pattern="api/*" at `+f+`:3:57
memory bytes max=5e+07 pattern="" at `+f+`:4:14
complexity complexity max=3 class=O(n log n) pattern="" at `+f+`:6:43
queries queries max=10 pattern="" at `+f+`:5:14
`)
	check("GET /api/users/{id}", `latency latency max=100 p=95 pattern="api/*" at `+f+`:3:57
memory bytes max=5e+07 pattern="" at `+f+`:4:14
complexity complexity max=3 class=O(n log n) pattern="" at `+f+`:6:43
queries queries max=10 pattern="" at `+f+`:5:14
`)
}

func TestSeedExample(t *testing.T) {
	cfg, err := Load("testdata/valid/seed.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		target string
		max, p float64
	}{
		{"api.FetchUser", 100, 95},
		{"background.Reindex", 5000, 0},
		{"background/jobs.Run", 200, 0},
		{"GET /background/x", 5000, 0},
		{"store.Get", 200, 0},
	} {
		rules := cfg.Rules(tc.target)
		if len(rules) == 0 || rules[0].Metric != metric.Latency || rules[0].Max != tc.max || rules[0].Percentile != tc.p {
			t.Errorf("Rules(%q) = %v; want latency max %v p %v first", tc.target, rules, tc.max, tc.p)
		}
	}
}

// TestUnits checks conversion to report units: ms for times, B for sizes.
func TestUnits(t *testing.T) {
	for _, tc := range []struct {
		section, rule string
		metric        metric.Metric
		want          float64
	}{
		{"latency", "{max: 100}", metric.Latency, 100},
		{"latency", "{max: 100, unit: ms}", metric.Latency, 100},
		{"latency", "{max: 250, unit: us}", metric.Latency, 0.25},
		{"latency", "{max: 250, unit: µs}", metric.Latency, 0.25},
		{"latency", "{max: 250, unit: μs}", metric.Latency, 0.25},
		{"latency", "{max: 500000, unit: ns}", metric.Latency, 0.5},
		{"latency", "{max: 2, unit: s}", metric.Latency, 2000},
		{"cpu", "{max: 1.5, unit: s}", metric.CPU, 1500},
		{"cpu", "{max: 3}", metric.CPU, 3},
		{"memory", "{max: 512}", metric.Bytes, 512},
		{"memory", "{max: 10, unit: KB}", metric.Bytes, 10e3},
		{"memory", "{max: 10, unit: MB}", metric.Bytes, 10e6},
		{"memory", "{max: 2, unit: GB}", metric.Bytes, 2e9},
		{"memory", "{max: 10, unit: KiB}", metric.Bytes, 10 << 10},
		{"memory", "{max: 10, unit: MiB}", metric.Bytes, 10 << 20},
		{"memory", "{max: 2, unit: GiB}", metric.Bytes, 2 << 30},
		{"memory", "{allocs: 50, unit: MB}", metric.Allocs, 50},
		{"memory", "{heap: 64, unit: MiB}", metric.Heap, 64 << 20},
		{"memory", "{max: 0}", metric.Bytes, 0},
		{"memory", "{allocs: 0}", metric.Allocs, 0},
		{"io", "{bytes: 4, unit: KiB}", metric.IOBytes, 4096},
		{"io", "{syscalls: 3, unit: KiB}", metric.Syscalls, 3},
		{"queries", "{max: 0}", metric.Queries, 0},
		{"queries", "{max: 1}", metric.Queries, 1},
		{"requests", "{max: 2}", metric.Requests, 2},
		{"iterations", "{max: 1e6}", metric.Iterations, 1e6},
		{"depth", "{max: 32}", metric.Depth, 32},
	} {
		src := fmt.Sprintf("contracts:\n  %s:\n    default: %s\n", tc.section, tc.rule)
		cfg, err := Parse([]byte(src), file)
		if err != nil {
			t.Errorf("%s %s: %v", tc.section, tc.rule, err)
			continue
		}
		rules := cfg.Rules("x.F")
		if len(rules) != 1 || rules[0].Metric != tc.metric || rules[0].Max != tc.want || rules[0].Section != tc.section {
			t.Errorf("%s %s: rules %+v; want one %s rule, max %v", tc.section, tc.rule, rules, tc.metric, tc.want)
		}
		if in, _ := metric.Lookup(tc.metric); in.Metric != tc.metric {
			t.Errorf("%s: not a metric", tc.metric)
		}
	}
}

// TestPrecedence checks which override wins and what it inherits.
func TestPrecedence(t *testing.T) {
	cfg := mustParse(t, `
contracts:
  latency:
    default: {max: 200, unit: ms, percentile: 50}
    overrides:
      "api/**": {max: 150}
      "api/*": {max: 100, percentile: 95}
      "api.Fetch*": {max: 40}
      "api.*hUser": {max: 30}
      "GET /api/**": {max: 80, unit: us}
      "GET /api/users/{id}": {max: 50, percentile: 99}
      "slow.*": {max: 2, unit: s}
      "**": {max: 1000}
  memory:
    default: {max: 10, unit: MB, allocs: 100}
    overrides:
      "codec/*": {allocs: 0}
      "big/*": {unit: GB}
`)
	for _, tc := range []struct {
		target, want string
	}{
		// The default, for a target that only "**" matches? No: "**"
		// matches everything, and any match beats the default.
		{"store.Get", `latency max=1000 p=50 "**"; bytes max=1e+07 ""; allocs max=100 ""`},
		// "api/*" (4 literals) and "api/**" (4): the later one wins the tie.
		{"api.List", `latency max=100 p=95 "api/*"; bytes max=1e+07 ""; allocs max=100 ""`},
		{"api/v2.List", `latency max=150 p=50 "api/**"; bytes max=1e+07 ""; allocs max=100 ""`},
		// "api.Fetch*" (9) beats "api/*"; it inherits the default's
		// percentile, not that of the less specific override.
		{"api.FetchAll", `latency max=40 p=50 "api.Fetch*"; bytes max=1e+07 ""; allocs max=100 ""`},
		// "api.Fetch*" and "api.*hUser" both have 9 literals: the later wins.
		{"api.FetchUser", `latency max=30 p=50 "api.*hUser"; bytes max=1e+07 ""; allocs max=100 ""`},
		{"GET /api/users/{userID}", `latency max=50 p=99 "GET /api/users/{id}"; bytes max=1e+07 ""; allocs max=100 ""`},
		{"GET /api/orders", `latency max=0.08 p=50 "GET /api/**"; bytes max=1e+07 ""; allocs max=100 ""`},
		{"POST /api/orders", `latency max=100 p=95 "api/*"; bytes max=1e+07 ""; allocs max=100 ""`},
		{"slow.Scan", `latency max=2000 p=50 "slow.*"; bytes max=1e+07 ""; allocs max=100 ""`},
		// Memory: the override refines the default field by field.
		{"codec.Encode", `latency max=1000 p=50 "**"; bytes max=1e+07 "codec/*"; allocs max=0 "codec/*"`},
		{"big.Load", `latency max=1000 p=50 "**"; bytes max=1e+10 "big/*"; allocs max=100 "big/*"`},
	} {
		var parts []string
		for _, r := range cfg.Rules(tc.target) {
			s := fmt.Sprintf("%s max=%g", r.Metric, r.Max)
			if r.Percentile != 0 {
				s += fmt.Sprintf(" p=%g", r.Percentile)
			}
			parts = append(parts, s+fmt.Sprintf(" %q", r.Pattern))
		}
		if got := strings.Join(parts, "; "); got != tc.want {
			t.Errorf("Rules(%q):\n got %s\nwant %s", tc.target, got, tc.want)
		}
	}
}

func TestRulesOrderAndPositions(t *testing.T) {
	cfg, err := Load("testdata/valid/full.yaml")
	if err != nil {
		t.Fatal(err)
	}
	rules := cfg.Rules("codec.Encode")
	var got []string
	for _, r := range rules {
		got = append(got, string(r.Metric))
		if r.Pos.File != "testdata/valid/full.yaml" || r.Pos.Line < 1 || r.Pos.Col < 1 {
			t.Errorf("rule %+v: bad position", r)
		}
	}
	want := "latency bytes allocs complexity queries requests cpu syscalls io-bytes iterations"
	if strings.Join(got, " ") != want {
		t.Errorf("Rules(codec.Encode) metrics = %s\nwant %s", strings.Join(got, " "), want)
	}
	// Depth has only an override; targets outside it get no depth rule.
	for _, tc := range []struct {
		target string
		depth  bool
	}{{"tree.Walk", true}, {"codec.Encode", false}} {
		has := false
		for _, r := range cfg.Rules(tc.target) {
			has = has || r.Metric == metric.Depth
		}
		if has != tc.depth {
			t.Errorf("Rules(%q) has a depth rule: %v, want %v", tc.target, has, tc.depth)
		}
	}
	// An alias shares the anchored rule.
	for _, target := range []string{"codec.X", "hash.Sum"} {
		for _, r := range cfg.Rules(target) {
			if r.Metric == metric.CPU && r.Max != 1 {
				t.Errorf("Rules(%q): cpu max %v, want 1", target, r.Max)
			}
		}
	}
	if got, want := len(cfg.Overrides()), 17; got != want {
		t.Errorf("Overrides() has %d entries, want %d", got, want)
	}
	if o := cfg.Overrides()[0]; o.Section != "latency" || o.Pattern.String() != "api/*" || o.Pos.Line != 6 || o.Pos.Col != 7 {
		t.Errorf("Overrides()[0] = %+v %s", o, o.Pattern)
	}
}

func TestComplexity(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want string // "" for no rule
	}{
		{"{enforce: true, maxAllowed: O(n)}", "O(n)"},
		{"{maxAllowed: \"O(n^2)\"}", "O(n^2)"},
		{"{maxAllowed: O(n²)}", "O(n^2)"},
		{"{maxAllowed: O(nlogn)}", "O(n log n)"},
		{"{enforce: false, maxAllowed: O(1)}", ""},
		{"{enforce: false}", ""},
		{"{}", ""},
	} {
		cfg := mustParse(t, "contracts:\n  complexity: "+tc.src+"\n")
		got := ""
		for _, r := range cfg.Rules("a.F") {
			if r.Metric == metric.Complexity {
				got = r.Class.String()
				if r.Max != float64(r.Class) || r.Section != "complexity" {
					t.Errorf("%s: rule %+v", tc.src, r)
				}
			}
		}
		if got != tc.want {
			t.Errorf("complexity %s: class %q, want %q", tc.src, got, tc.want)
		}
	}
}

func TestRoot(t *testing.T) {
	for _, tc := range []struct{ path, root, store string }{
		{".choragen/performance.yaml", ".", ".choragen/history.db"},
		{"examples/shop/.choragen/performance.yaml", "examples/shop", "examples/shop/.choragen/history.db"},
		{"/repo/.choragen/performance.yaml", "/repo", "/repo/.choragen/history.db"},
		{"ci/perf.yaml", "ci", "ci/.choragen/history.db"},
	} {
		cfg := mustParseAs(t, "", tc.path)
		if got := cfg.Root(); got != filepath.FromSlash(tc.root) {
			t.Errorf("Root() of %s = %q, want %q", tc.path, got, tc.root)
		}
		if got := cfg.StorePath(); got != filepath.FromSlash(tc.store) {
			t.Errorf("StorePath() of %s = %q, want %q", tc.path, got, tc.store)
		}
	}
	for _, store := range []string{"postgres://ci@db/perf", "/var/lib/perf.db"} {
		cfg := mustParseAs(t, "benchmarks: {store: \""+store+"\"}", "x/.choragen/performance.yaml")
		if got := cfg.StorePath(); got != store {
			t.Errorf("StorePath() = %q, want %q", got, store)
		}
	}
}

func mustParseAs(t *testing.T, src, name string) *Config {
	t.Helper()
	cfg, err := Parse([]byte(src), name)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestErrors checks the errors for each file in testdata/errors against
// the golden list in the same archive; -update rewrites the lists.
func TestErrors(t *testing.T) {
	files, _ := filepath.Glob("testdata/errors/*.txtar")
	if len(files) == 0 {
		t.Fatal("no test cases")
	}
	for _, path := range files {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			a, err := txtar.ParseFile(path)
			if err != nil {
				t.Fatal(err)
			}
			src, wantIdx := archiveFile(a, "performance.yaml"), -1
			for i, f := range a.Files {
				if f.Name == "want" {
					wantIdx = i
				}
			}
			_, err = Parse(src, file)
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("Parse: %v; want an ErrorList", err)
			}
			var got bytes.Buffer
			for _, e := range list {
				fmt.Fprintln(&got, e)
			}
			checkErrors(t, list)
			if *update {
				a.Files[wantIdx].Data = got.Bytes()
				if err := os.WriteFile(path, txtar.Format(a), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if want := a.Files[wantIdx].Data; !bytes.Equal(got.Bytes(), want) {
				t.Errorf("errors:\n%s\nwant:\n%s", got.Bytes(), want)
			}
		})
	}
}

// checkErrors checks what every error must have: the file, a line, a
// column (but for YAML syntax errors), a message naming what is wrong.
func checkErrors(t *testing.T, list ErrorList) {
	t.Helper()
	for i, e := range list {
		if e.File != file || e.Line < 1 || e.Col < 0 || e.Msg == "" {
			t.Errorf("error %q lacks a position or a message", e)
		}
		if e.Col == 0 && !strings.HasPrefix(e.Msg, "invalid YAML") {
			t.Errorf("error %q has no column", e)
		}
		if e.ExitCode() != 2 {
			t.Errorf("error %q: exit code %d", e, e.ExitCode())
		}
		if i > 0 && (e.Line < list[i-1].Line || e.Line == list[i-1].Line && e.Col < list[i-1].Col) {
			t.Errorf("errors out of order: %q after %q", e, list[i-1])
		}
	}
}

func archiveFile(a *txtar.Archive, name string) []byte {
	for _, f := range a.Files {
		if f.Name == name {
			return f.Data
		}
	}
	return nil
}

func TestErrorList(t *testing.T) {
	_, err := Parse([]byte("contracts: {latency: 1, memory: 2}\n"), file)
	if got, want := err.Error(), file+":1:22: contracts.latency: want a mapping, got the number 1 (and 1 more errors)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	var first *Error
	if !errors.As(err, &first) || first.Line != 1 || first.Col != 22 {
		t.Errorf("errors.As(*Error) = %v", first)
	}
	var coder interface{ ExitCode() int }
	if !errors.As(err, &coder) || coder.ExitCode() != 2 {
		t.Errorf("exit code: %v", coder)
	}
	_, err = Parse([]byte("contracts: {latency: 1}\n"), file)
	if got, want := err.Error(), file+":1:22: contracts.latency: want a mapping, got the number 1"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func BenchmarkParse(b *testing.B) {
	data, err := os.ReadFile("testdata/valid/full.yaml")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse(data, "full.yaml"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRules resolves the rules of one target against the 17
// overrides of testdata/valid/full.yaml.
func BenchmarkRules(b *testing.B) {
	cfg, err := Load("testdata/valid/full.yaml")
	if err != nil {
		b.Fatal(err)
	}
	for _, target := range []string{"api/v2.List", "GET /api/users/{userID}"} {
		b.Run(target, func(b *testing.B) {
			for b.Loop() {
				cfg.Rules(target)
			}
		})
	}
}
