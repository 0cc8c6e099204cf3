package stats

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"golang.org/x/perf/benchfmt"

	"github.com/choragen/choragen/internal/sample"
)

var (
	benchstatOnce sync.Once
	benchstatPath string
	benchstatErr  error
)

// benchstat builds cmd/benchstat at the x/perf version choragen uses.
func benchstat(tb testing.TB) string {
	tb.Helper()
	benchstatOnce.Do(func() {
		dir, err := os.MkdirTemp("", "choragen-benchstat-")
		if err != nil {
			benchstatErr = err
			return
		}
		benchstatPath = filepath.Join(dir, "benchstat")
		out, err := exec.Command("go", "build", "-o", benchstatPath, "golang.org/x/perf/cmd/benchstat").CombinedOutput()
		if err != nil {
			benchstatErr = &exec.Error{Name: "go build benchstat: " + string(out), Err: err}
		}
	})
	if benchstatErr != nil {
		tb.Fatal(benchstatErr)
	}
	return benchstatPath
}

// A benchstatRow is one row of a benchstat comparison table, as printed.
type benchstatRow struct {
	pkg, unit, name  string
	base, head       string // centres, scaled: "40.05µ"
	basePct, headPct string // "2%", "∞"
	delta, test      string // "+20.13%" or "~"; "p=0.000 n=10"
}

// parseBenchstat reads benchstat's text tables.
func parseBenchstat(t *testing.T, out []byte) []benchstatRow {
	var rows []benchstatRow
	var pkg, unit string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		if p, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = p
			continue
		}
		if strings.Contains(line, "│") {
			if strings.Contains(line, "vs base") {
				unit = strings.Fields(strings.ReplaceAll(line, "│", " "))[0]
			}
			continue
		}
		var f []string
		for _, x := range strings.Fields(line) {
			if strings.Trim(x, "¹²³⁴⁵⁶⁷⁸⁹⁰") != "" { // footnote marks
				f = append(f, x)
			}
		}
		if len(f) < 9 || f[2] != "±" || f[5] != "±" || f[0] == "geomean" {
			continue
		}
		rows = append(rows, benchstatRow{
			pkg: pkg, unit: unit, name: f[0],
			base: f[1], basePct: f[3], head: f[4], headPct: f[6],
			delta: f[7], test: strings.Trim(strings.Join(f[8:], " "), "()"),
		})
	}
	return rows
}

// scaled parses benchstat's scaled number ("40.05µ", "4.000Ki") into its
// value and the precision it was printed with.
func scaled(t *testing.T, s string) (v, prec float64) {
	t.Helper()
	factor := 1.0
	for _, p := range []struct {
		suffix string
		f      float64
	}{{"Ki", 1 << 10}, {"Mi", 1 << 20}, {"Gi", 1 << 30}, {"n", 1e-9}, {"µ", 1e-6}, {"m", 1e-3}, {"k", 1e3}, {"M", 1e6}, {"G", 1e9}} {
		if num, ok := strings.CutSuffix(s, p.suffix); ok {
			s, factor = num, p.f
			break
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("benchstat number %q: %v", s, err)
	}
	decimals := 0
	if i := strings.IndexByte(s, '.'); i >= 0 {
		decimals = len(s) - i - 1
	}
	return v * factor, 0.5 * math.Pow(10, -float64(decimals)) * factor
}

func readSet(t *testing.T, path string) *sample.Set {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := sample.New(0)
	r := benchfmt.NewReader(f, path)
	for r.Scan() {
		if res, ok := r.Result().(*benchfmt.Result); ok {
			s.Add(res)
		}
	}
	s.AddUnits(r.Units())
	return s
}

// TestAgainstBenchstat runs benchstat on pairs of files and checks that
// Summarize and Compare give its numbers, row by row: centres to the
// digits it prints, interval widths, p-values, sample sizes and deltas.
func TestAgainstBenchstat(t *testing.T) {
	bin := benchstat(t)
	for _, pair := range [][2]string{
		{"testdata/old.txt", "testdata/new.txt"}, // synthetic: every kind of row
		{"testdata/aa1.txt", "testdata/aa2.txt"}, // two real runs of the same code
	} {
		t.Run(pair[0], func(t *testing.T) {
			out, err := exec.Command(bin, pair[0], pair[1]).Output()
			if err != nil {
				t.Fatalf("benchstat: %v", err)
			}
			rows := parseBenchstat(t, out)
			t.Logf("%d rows", len(rows))
			if len(rows) < 10 {
				t.Fatalf("read only %d rows from benchstat:\n%s", len(rows), out)
			}
			base, head := readSet(t, pair[0]), readSet(t, pair[1])
			for _, row := range rows {
				name, procs := row.name, 1
				if i := strings.LastIndexByte(name, '-'); i >= 0 {
					if p, err := strconv.Atoi(name[i+1:]); err == nil {
						name, procs = name[:i], p
					}
				}
				k := sample.Key{Package: row.pkg, Name: "Benchmark" + name, Procs: procs, Unit: row.unit}
				c := Compare(base.Values(k), head.Values(k), UnitOf(k.Unit, base.Units), 10, 0.05)
				check := func(what string, got float64, want string) {
					v, prec := scaled(t, want)
					if math.Abs(got-v) > prec*1.0001 {
						t.Errorf("%v: %s = %v, benchstat prints %s", k, what, got, want)
					}
				}
				check("base centre", c.Base.Center, row.base)
				check("head centre", c.Head.Center, row.head)
				for _, x := range []struct{ what, got, want string }{
					{"base interval", c.Base.PctRange(), row.basePct},
					{"head interval", c.Head.PctRange(), row.headPct},
					{"delta", delta(c), row.delta},
					{"test", c.Test(), row.test},
				} {
					if x.got != x.want {
						t.Errorf("%v: %s = %q, benchstat prints %q", k, x.what, x.got, x.want)
					}
				}
			}
		})
	}
}

// delta writes c's change as benchstat prints it ("+20.13%", "~" when
// it is not significant), from the fields choragen reads, Significant and
// Change.
func delta(c Comparison) string {
	switch {
	case c.Base.N == 0 || c.Head.N == 0:
		return "?"
	case !c.Significant:
		return "~"
	case c.Base.Center == c.Head.Center:
		return "0.00%"
	case c.Base.Center == 0:
		return "?"
	}
	return fmt.Sprintf("%+.2f%%", c.Change)
}
