// Command accuracy measures how often choragen's regression verdict is
// right on a controlled workload, next to a plain "more than 10% slower on
// the mean" rule on the same data.
//
// The workload is internal/cli/testdata/scaled: BenchmarkScaled does
// CHORAGEN_TEST_SCALE times the work of BenchmarkSteady (a CPU-bound
// loop). Both report, besides the wall time per operation (sec/op), the
// CPU time of their thread per operation (cpu-sec/op), which other
// processes on the machine do not inflate; the verdicts are counted for
// both. Each trial measures a base (scale 1) and a head, the way
// choragen perf compares a run with its stored baseline: one run of
// -count repetitions (after -warmup discarded ones), then the other. Trials
// alternate between an unchanged head (A/A: scale 1) and a head with a real
// slowdown (scale 1+slowdown), so that the machine's drift falls on both
// kinds alike. In every trial BenchmarkSteady is unchanged too.
//
// Each pair of runs is written as two files in the Go benchmark format and
// judged by the whole perf:compare command (in-process, --format json), so
// the verdict is the tool's, not a re-implementation. The plain rule is
// applied to the same samples.
//
// Usage, from the repository root:
//
//	go run ./scripts/accuracy [-trials 40] [-count 10] [-benchtime 20ms] [-slowdown 0.15] [-interleave]
//
// With -interleave, the repetitions of base and head alternate (A B A B
// ...), as perf:compare --base-ref/--head-ref measures two commits; the
// default is one run after the other, as stored runs are.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"golang.org/x/perf/benchfmt"

	"github.com/choragen/choragen/internal/cli"
	"github.com/choragen/choragen/internal/report"
)

func main() {
	var (
		fixture    = flag.String("fixture", "internal/cli/testdata/scaled", "the workload `module`")
		trials     = flag.Int("trials", 40, "trials, half A/A and half with the slowdown, alternating")
		count      = flag.Int("count", 10, "repetitions kept per run")
		warmup     = flag.Int("warmup", 1, "repetitions discarded per run")
		benchtime  = flag.String("benchtime", "20ms", "go test -benchtime of each repetition")
		slowdown   = flag.Float64("slowdown", 0.15, "the real slowdown of the slowed trials")
		threshold  = flag.Float64("threshold", 10, "regressionThreshold, and the plain rule's limit, in percent")
		interleave = flag.Bool("interleave", false, "alternate base and head repetitions instead of one run after the other")
		verbose    = flag.Bool("v", false, "print every comparison")
	)
	flag.Parse()
	if err := run(*fixture, *trials, *count, *warmup, *benchtime, *slowdown, *threshold, *interleave, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "accuracy:", err)
		os.Exit(2)
	}
}

// tally counts verdicts of one kind of comparison.
type tally struct {
	n, choragen, plain int
	changes            []float64 // observed change of the medians, percent
}

func (t *tally) add(choragen, plain bool, change float64) {
	t.n++
	if choragen {
		t.choragen++
	}
	if plain {
		t.plain++
	}
	t.changes = append(t.changes, change)
}

func (t *tally) spread() string {
	if len(t.changes) == 0 {
		return "-"
	}
	c := append([]float64(nil), t.changes...)
	sort.Float64s(c)
	return fmt.Sprintf("median %+.1f%%, range %+.1f%% … %+.1f%%", c[len(c)/2], c[0], c[len(c)-1])
}

func run(fixture string, trials, count, warmup int, benchtime string, slowdown, threshold float64, interleave, verbose bool) error {
	tmp, err := os.MkdirTemp("", "choragen-accuracy-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "work.test")
	build := exec.Command("go", "test", "-c", "-o", bin, "./work")
	build.Dir = fixture
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("build the workload: %w", err)
	}

	units := []string{"sec/op", "cpu-sec/op"}
	aa, slow := map[string]*tally{}, map[string]*tally{}
	for _, u := range units {
		aa[u], slow[u] = &tally{}, &tally{}
	}
	start := time.Now()
	for i := range trials {
		slowed := i%2 == 1
		headScale := 1.0
		if slowed {
			headScale = 1 + slowdown
		}
		base, head, err := measure(bin, count+warmup, benchtime, 1, headScale, interleave)
		if err != nil {
			return err
		}
		bf, hf := filepath.Join(tmp, "base.txt"), filepath.Join(tmp, "head.txt")
		if err := os.WriteFile(bf, dropWarmup(base, warmup), 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(hf, dropWarmup(head, warmup), 0o644); err != nil {
			return err
		}
		rows, err := compare(bf, hf, threshold)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if aa[r.Unit] == nil {
				continue
			}
			bs, hs := samples(bf, r.Unit), samples(hf, r.Unit)
			plain := mean(hs[r.Name])/mean(bs[r.Name])-1 > threshold/100
			change := 0.0
			if r.Change != nil {
				change = *r.Change
			}
			kind := "A/A"
			if slowed && r.Name == "BenchmarkScaled" {
				kind = fmt.Sprintf("+%.0f%%", 100*slowdown)
				slow[r.Unit].add(r.Regression, plain, change)
			} else {
				aa[r.Unit].add(r.Regression, plain, change)
			}
			if verbose {
				p := 1.0
				if r.PValue != nil {
					p = *r.PValue
				}
				fmt.Printf("trial %2d %-16s %-10s %-5s change %+7.2f%% p=%.3f choragen=%-5v plain=%v\n",
					i+1, r.Name, r.Unit, kind, change, p, r.Regression, plain)
			}
		}
	}
	mode := "one run after the other"
	if interleave {
		mode = "repetitions interleaved"
	}
	fmt.Printf("\nworkload %s, %d trials, %d+%d repetitions of %s per run, %s, threshold %v%%, %s\n",
		fixture, trials, count, warmup, benchtime, mode, threshold, time.Since(start).Round(time.Second))
	fmt.Printf("%-40s %5s %22s %22s   %s\n", "", "n", "choragen (U test + thr)", "plain (mean > thr)", "observed change")
	for _, u := range units {
		a, sl := aa[u], slow[u]
		fmt.Printf("%-40s %5d %22s %22s   %s\n", u+": A/A false alarms", a.n, frac(a.choragen, a.n), frac(a.plain, a.n), a.spread())
		fmt.Printf("%-40s %5d %22s %22s   %s\n", fmt.Sprintf("%s: +%.0f%% slowdown detected", u, 100*slowdown), sl.n,
			frac(sl.choragen, sl.n), frac(sl.plain, sl.n), sl.spread())
	}
	return nil
}

func frac(k, n int) string {
	if n == 0 {
		return "-"
	}
	return fmt.Sprintf("%d/%d (%.0f%%)", k, n, 100*float64(k)/float64(n))
}

// measure runs the benchmarks reps times for the base and the head, one
// run after the other or interleaved, and returns both outputs.
func measure(bin string, reps int, benchtime string, baseScale, headScale float64, interleave bool) (base, head []byte, err error) {
	one := func(scale float64, count int) ([]byte, error) {
		cmd := exec.Command(bin, "-test.run", "^$", "-test.bench", "^Benchmark(Scaled|Steady)$",
			"-test.count", fmt.Sprint(count), "-test.benchtime", benchtime)
		cmd.Env = append(os.Environ(), fmt.Sprintf("CHORAGEN_TEST_SCALE=%v", scale))
		cmd.Stderr = os.Stderr
		return cmd.Output()
	}
	if !interleave {
		if base, err = one(baseScale, reps); err != nil {
			return nil, nil, err
		}
		head, err = one(headScale, reps)
		return base, head, err
	}
	var b, h bytes.Buffer
	for range reps {
		out, err := one(baseScale, 1)
		if err != nil {
			return nil, nil, err
		}
		b.Write(out)
		if out, err = one(headScale, 1); err != nil {
			return nil, nil, err
		}
		h.Write(out)
	}
	return b.Bytes(), h.Bytes(), nil
}

// dropWarmup removes the first warmup result lines of each benchmark.
func dropWarmup(out []byte, warmup int) []byte {
	seen := map[string]int{}
	var b bytes.Buffer
	for _, line := range strings.SplitAfter(string(out), "\n") {
		if f := strings.Fields(line); len(f) > 2 && strings.HasPrefix(f[0], "Benchmark") {
			seen[f[0]]++
			if seen[f[0]] <= warmup {
				continue
			}
		}
		b.WriteString(line)
	}
	return b.Bytes()
}

// compare runs choragen perf:compare on two files and returns its rows.
func compare(base, head string, threshold float64) ([]report.Benchmark, error) {
	var out, errb bytes.Buffer
	code := cli.Main(context.Background(), []string{"perf:compare", "--base", base, "--head", head,
		"--format", "json", "--threshold", fmt.Sprint(threshold)}, strings.NewReader(""), &out, &errb)
	if code == 2 {
		return nil, fmt.Errorf("perf:compare: %s", strings.TrimSpace(errb.String()))
	}
	var c struct {
		Benchmarks []report.Benchmark `json:"benchmarks"`
	}
	if err := json.Unmarshal(out.Bytes(), &c); err != nil {
		return nil, fmt.Errorf("perf:compare output: %w", err)
	}
	return c.Benchmarks, nil
}

// samples reads the values of unit of each benchmark of a file.
func samples(path, unit string) map[string][]float64 {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	return readSamples(f, path, unit)
}

func readSamples(r io.Reader, name, unit string) map[string][]float64 {
	out := map[string][]float64{}
	rd := benchfmt.NewReader(r, name)
	for rd.Scan() {
		res, ok := rd.Result().(*benchfmt.Result)
		if !ok {
			continue
		}
		if v, ok := res.Value(unit); ok {
			n := string(res.Name.Full())
			if i := strings.LastIndexByte(n, '-'); i > 0 {
				n = n[:i]
			}
			out["Benchmark"+n] = append(out["Benchmark"+n], v)
		}
	}
	return out
}

func mean(vs []float64) float64 {
	s := 0.0
	for _, v := range vs {
		s += v
	}
	return s / float64(len(vs))
}
