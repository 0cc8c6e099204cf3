package stats

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"golang.org/x/perf/benchfmt"

	"github.com/choragen/choragen/internal/sample"
)

var compareOut = flag.String("compare.out", "", "TestWriteCompareFiles writes the 1,000-benchmark files old.txt and new.txt to this directory")

// writeCompareFiles writes two files in the Go benchmark format, base and
// head, of benchmarks × samples results each, with the three units of
// -benchmem; one benchmark in twenty is 20% slower in head.
func writeCompareFiles(dir string, benchmarks, samples int) (base, head string, err error) {
	base, head = filepath.Join(dir, "old.txt"), filepath.Join(dir, "new.txt")
	for i, path := range []string{base, head} {
		rng := rand.New(rand.NewPCG(1, uint64(i)))
		f, err := os.Create(path)
		if err != nil {
			return "", "", err
		}
		w := bufio.NewWriter(f)
		fmt.Fprintf(w, "goos: linux\ngoarch: amd64\npkg: example.com/big\ncpu: Test CPU @ 2.00GHz\n")
		for b := range benchmarks {
			ns := 1000 * float64(1+b%97)
			if i == 1 && b%20 == 0 {
				ns *= 1.2
			}
			for range samples {
				fmt.Fprintf(w, "BenchmarkOp%04d/n=%d-8\t%d\t%.1f ns/op\t%d B/op\t%d allocs/op\n",
					b, 1<<(b%12), 100000, ns*(1+0.02*rng.NormFloat64()), 64*(b%5), b%3)
			}
		}
		if err := w.Flush(); err != nil {
			return "", "", err
		}
		if err := f.Close(); err != nil {
			return "", "", err
		}
	}
	return base, head, nil
}

// TestWriteCompareFiles writes the files BenchmarkCompareFiles uses, so
// that the benchstat command can be timed on them (see BENCHMARKS.md).
func TestWriteCompareFiles(t *testing.T) {
	if *compareOut == "" {
		t.Skip("set -compare.out to write the files")
	}
	if _, _, err := writeCompareFiles(*compareOut, 1000, 10); err != nil {
		t.Fatal(err)
	}
}

// compareFiles is what perf:compare does with two benchmark files: read
// both with benchfmt into samples and compare every key.
func compareFiles(base, head string) (n, regressions int, err error) {
	sets := [2]*sample.Set{}
	for i, path := range []string{base, head} {
		f, err := os.Open(path)
		if err != nil {
			return 0, 0, err
		}
		s := sample.New(0)
		r := benchfmt.NewReader(f, path)
		for r.Scan() {
			if res, ok := r.Result().(*benchfmt.Result); ok {
				s.Add(res)
			}
		}
		f.Close()
		if err := r.Err(); err != nil {
			return 0, 0, err
		}
		s.AddUnits(r.Units())
		sets[i] = s
	}
	for _, k := range sets[1].Keys() {
		c := Compare(sets[0].Values(k), sets[1].Values(k), UnitOf(k.Unit, sets[1].Units), 10, 0.05)
		n++
		if c.Regression {
			regressions++
		}
	}
	return n, regressions, nil
}

// BenchmarkCompareFiles compares two files of 1,000 benchmarks × 10
// samples (three units each): in process with benchfmt, sample and
// Compare, and with the whole benchstat command, side by side.
func BenchmarkCompareFiles(b *testing.B) {
	base, head, err := writeCompareFiles(b.TempDir(), 1000, 10)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("stats", func(b *testing.B) {
		var n, regs int
		cpu := cpuTime(rusageSelf)
		for b.Loop() {
			n, regs, err = compareFiles(base, head)
			if err != nil {
				b.Fatal(err)
			}
		}
		if regs != 50 {
			b.Fatalf("%d regressions in %d comparisons, want the 50 slowed benchmarks", regs, n)
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "comparisons/s")
		b.ReportMetric((cpuTime(rusageSelf)-cpu).Seconds()/float64(b.N), "cpu-sec/op")
	})
	b.Run("benchstat-cmd", func(b *testing.B) {
		bin := benchstat(b)
		cpu := cpuTime(rusageChildren)
		for b.Loop() {
			cmd := exec.Command(bin, base, head)
			cmd.Stdout = io.Discard
			if err := cmd.Run(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(3000*float64(b.N)/b.Elapsed().Seconds(), "comparisons/s")
		b.ReportMetric((cpuTime(rusageChildren)-cpu).Seconds()/float64(b.N), "cpu-sec/op")
	})
}
