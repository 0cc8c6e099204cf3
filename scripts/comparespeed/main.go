// Command comparespeed times the whole choragen perf:compare command
// against benchstat on the same two files (1,000 benchmarks × 10 samples
// × 3 units, written by internal/stats's TestWriteCompareFiles), both built
// from this module's go.mod, their runs alternating so that the machine's
// load falls on both alike. It prints the medians of wall and CPU time
// (user + system) and the per-run ratios.
//
// Usage, from the repository root:
//
//	go run ./scripts/comparespeed [-runs 20]
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"time"
)

func main() {
	runs := flag.Int("runs", 20, "runs of each command, alternating")
	flag.Parse()
	if err := run(*runs); err != nil {
		fmt.Fprintln(os.Stderr, "comparespeed:", err)
		os.Exit(2)
	}
}

func run(runs int) error {
	tmp, err := os.MkdirTemp("", "choragen-comparespeed-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	for _, c := range [][]string{
		{"go", "build", "-o", filepath.Join(tmp, "choragen"), "./cmd/choragen"},
		{"go", "build", "-o", filepath.Join(tmp, "benchstat"), "golang.org/x/perf/cmd/benchstat"},
		{"go", "test", "./internal/stats", "-count", "1", "-run", "TestWriteCompareFiles", "-compare.out", tmp},
	} {
		cmd := exec.Command(c[0], c[1:]...)
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("%v: %w", c, err)
		}
	}
	old, new := filepath.Join(tmp, "old.txt"), filepath.Join(tmp, "new.txt")
	cmds := []struct {
		name string
		args []string
	}{
		{"choragen perf:compare", []string{filepath.Join(tmp, "choragen"), "perf:compare", "--base", old, "--head", new}},
		{"benchstat", []string{filepath.Join(tmp, "benchstat"), old, new}},
	}
	wall := make([][]float64, len(cmds))
	cpu := make([][]float64, len(cmds))
	for i := range runs {
		order := []int{0, 1}
		if i%2 == 1 {
			order = []int{1, 0}
		}
		for _, k := range order {
			cmd := exec.Command(cmds[k].args[0], cmds[k].args[1:]...)
			cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
			start := time.Now()
			err := cmd.Run()
			w := time.Since(start)
			if _, exit := err.(*exec.ExitError); err != nil && !exit {
				return fmt.Errorf("%s: %w", cmds[k].name, err)
			}
			wall[k] = append(wall[k], w.Seconds())
			cpu[k] = append(cpu[k], (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds())
		}
	}
	ratio := func(xs [][]float64) []float64 {
		r := make([]float64, len(xs[0]))
		for i := range r {
			r[i] = xs[0][i] / xs[1][i]
		}
		return r
	}
	fmt.Printf("%d runs each, alternating, on %s and %s\n", runs, old, new)
	for k, c := range cmds {
		fmt.Printf("%-22s wall median %7.1f ms (min %7.1f, max %7.1f)   cpu median %7.1f ms\n", c.name,
			1e3*median(wall[k]), 1e3*minOf(wall[k]), 1e3*maxOf(wall[k]), 1e3*median(cpu[k]))
	}
	rw, rc := ratio(wall), ratio(cpu)
	fmt.Printf("choragen / benchstat, per run: wall median %.2f (worst %.2f), cpu median %.2f (worst %.2f)\n",
		median(rw), maxOf(rw), median(rc), maxOf(rc))
	return nil
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func minOf(xs []float64) float64 {
	m := xs[0]
	for _, x := range xs {
		m = min(m, x)
	}
	return m
}

func maxOf(xs []float64) float64 {
	m := xs[0]
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}
