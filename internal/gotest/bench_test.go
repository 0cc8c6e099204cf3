package gotest

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"testing"
	"time"
)

// BenchmarkReadBench reads a real `go test -json -bench` capture: the
// event reader, the per-package rejoin and benchfmt, as Bench does while
// go test runs.
func BenchmarkReadBench(b *testing.B) {
	data, err := os.ReadFile("testdata/captures/bench-multi.json")
	if err != nil {
		b.Fatal(err)
	}
	events := bytes.Count(data, []byte("\n"))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := ReadBench(bytes.NewReader(data), "bench-multi"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(events)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkBenchOverhead runs the same go test command line bare (output
// discarded) and through Bench (read, rejoined, parsed, with progress), to
// show what the runner adds to the wall time of go test itself.
func BenchmarkBenchOverhead(b *testing.B) {
	o := Options{Dir: "testdata/benchmod", Packages: []string{"./api", "./store"}, Count: 5, Benchtime: "200x", Benchmem: true}
	args, _, err := o.args()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("bare", func(b *testing.B) {
		self, children := cpuTime(rusageSelf), cpuTime(rusageChildren)
		for b.Loop() {
			cmd := exec.Command("go", args...)
			cmd.Dir = o.Dir
			cmd.Stdout = io.Discard
			if err := cmd.Run(); err != nil {
				b.Fatal(err)
			}
		}
		report(b, self, children)
	})
	b.Run("Bench", func(b *testing.B) {
		o := o
		o.Progress = io.Discard
		self, children := cpuTime(rusageSelf), cpuTime(rusageChildren)
		for b.Loop() {
			if _, err := Bench(context.Background(), o); err != nil {
				b.Fatal(err)
			}
		}
		report(b, self, children)
	})
}

// report adds the CPU time of this process (the runner's own work: read,
// rejoin, parse) and of go test and its test binaries, per run. CPU time
// moves far less than wall time on a shared machine.
func report(b *testing.B, self, children time.Duration) {
	n := float64(b.N)
	b.ReportMetric((cpuTime(rusageSelf)-self).Seconds()/n, "runner-cpu-sec/op")
	b.ReportMetric((cpuTime(rusageChildren)-children).Seconds()/n, "gotest-cpu-sec/op")
}
