package history

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/choragen/choragen/internal/report"
)

// Machine identifies where benchmarks ran, as far as their numbers can be
// compared: two runs are comparable when all four fields are equal.
type Machine struct {
	GOOS       string
	GOARCH     string
	CPU        string // the CPU model, as "go test" prints it on its cpu: line
	GOMAXPROCS int
}

// String formats m as "linux/amd64, AMD EPYC 7B13, GOMAXPROCS=2".
func (m Machine) String() string {
	cpu := m.CPU
	if cpu == "" {
		cpu = "unknown CPU"
	}
	return fmt.Sprintf("%s/%s, %s, GOMAXPROCS=%d", m.GOOS, m.GOARCH, cpu, m.GOMAXPROCS)
}

// RunInfo is what a store keeps about a run apart from its measurements:
// what listings, baselines and charts need.
type RunInfo struct {
	// ID is assigned by Store.Save; higher ids were stored later.
	ID int64
	// Module is the Go module path of the measured code.
	Module string
	Commit string
	Branch string
	// Dirty reports uncommitted changes outside .choragen/ when the run
	// was made.
	Dirty bool
	// Time is when the run was made. Stores keep microseconds, in UTC.
	// Save uses the current time when it is zero.
	Time      time.Time
	GoVersion string
	Machine   Machine
	// Command is the choragen command that stored the run: "perf",
	// "perf:bench", "perf:profile".
	Command string
	// Score is the run's 0–100 score; nil when the command scored nothing.
	Score *float64
	// BaselineID is the stored run this one was compared with; 0 if none.
	BaselineID int64
}

// Run is one stored run: its RunInfo, its measurements, its report and its
// attachments.
type Run struct {
	RunInfo
	// Benchmarks holds one entry per benchmark and unit.
	Benchmarks []Benchmark
	// Report is the run's full report (verdicts, score); nil if none.
	Report *report.Report
	// Attachments are saved with the run. Store.Run returns them without
	// Data (Size says how large it is); Store.Attachment reads one whole.
	Attachments []Attachment
}

// Benchmark is one benchmark metric of a run: every sample and their
// summary.
type Benchmark struct {
	// Package is the import path of the benchmark's package.
	Package string
	// Name is as Go prints it, sub-benchmarks included, without the
	// -GOMAXPROCS suffix: "BenchmarkHash/n=1024" (the report's name).
	Name string
	// Unit is the tidied benchmark unit: "sec/op", "B/op", "p99-sec/op".
	Unit string
	// Samples are the measurements in repetition order (warm-up excluded);
	// the index is the repetition index.
	Samples []float64
	// Summary is the centre and confidence interval of Samples, as the
	// stats stage computed them. Lo and Hi may be infinite (too few
	// samples for a finite interval).
	Summary Summary

	// The comparison with the run's baseline, when one ran. Kept per
	// benchmark so that charts can mark regressions without reading
	// reports.
	Change     *float64 // percent change of the centre against the baseline
	PValue     *float64
	Regression bool
}

// Summary is a benchmark metric's centre and confidence interval.
type Summary struct {
	Center float64
	Lo     float64
	Hi     float64
	// N is the number of samples the summary rests on.
	N int
}

// Attachment is a file kept with a run.
type Attachment struct {
	// Name is unique within a run: "cpu.pprof", "BenchmarkHash.mem.pprof".
	Name string
	// Kind says what it is: one of the Kind constants, or another word.
	Kind string
	// MediaType is the attachment's IANA media type.
	MediaType string
	// Size is len(Data) when the attachment was saved.
	Size int64
	Data []byte
}

// Kinds of attachments choragen stores.
const (
	KindCPUProfile  = "cpu-profile"
	KindMemProfile  = "mem-profile"
	KindCalibration = "calibration"
)

// Validate reports the first reason why r cannot be stored: a nil run, a
// string that is not valid UTF-8 or holds a NUL byte (PostgreSQL's text
// cannot), a NaN value, an empty benchmark name or unit, a benchmark or
// attachment named twice. Stores call it before writing anything.
func (r *Run) Validate() error {
	if r == nil {
		return fmt.Errorf("invalid run: nil")
	}
	for _, f := range []struct{ name, v string }{
		{"module", r.Module}, {"commit", r.Commit}, {"branch", r.Branch},
		{"go version", r.GoVersion}, {"GOOS", r.Machine.GOOS}, {"GOARCH", r.Machine.GOARCH},
		{"CPU", r.Machine.CPU}, {"command", r.Command},
	} {
		if err := checkText(f.v); err != nil {
			return fmt.Errorf("invalid run: %s %q: %v", f.name, f.v, err)
		}
	}
	if r.Machine.GOMAXPROCS < 0 {
		return fmt.Errorf("invalid run: GOMAXPROCS %d is negative", r.Machine.GOMAXPROCS)
	}
	if r.Score != nil && (math.IsNaN(*r.Score) || math.IsInf(*r.Score, 0)) {
		return fmt.Errorf("invalid run: score %v", *r.Score)
	}
	if r.BaselineID < 0 {
		return fmt.Errorf("invalid run: baseline id %d", r.BaselineID)
	}
	type key struct{ pkg, name, unit string }
	seen := make(map[key]bool, len(r.Benchmarks))
	for i := range r.Benchmarks {
		b := &r.Benchmarks[i]
		where := fmt.Sprintf("benchmark %s %s (%s)", b.Package, b.Name, b.Unit)
		if b.Name == "" || b.Unit == "" {
			return fmt.Errorf("invalid run: benchmark %d: empty name or unit", i)
		}
		for _, s := range []string{b.Package, b.Name, b.Unit} {
			if err := checkText(s); err != nil {
				return fmt.Errorf("invalid run: benchmark %d %q: %v", i, s, err)
			}
		}
		k := key{b.Package, b.Name, b.Unit}
		if seen[k] {
			return fmt.Errorf("invalid run: %s appears twice", where)
		}
		seen[k] = true
		for j, v := range b.Samples {
			if math.IsNaN(v) {
				return fmt.Errorf("invalid run: %s: sample %d is NaN", where, j)
			}
		}
		s := b.Summary
		if math.IsNaN(s.Center) || math.IsNaN(s.Lo) || math.IsNaN(s.Hi) {
			return fmt.Errorf("invalid run: %s: summary has a NaN", where)
		}
		if s.N < 0 {
			return fmt.Errorf("invalid run: %s: summary n %d is negative", where, s.N)
		}
		for _, p := range []*float64{b.Change, b.PValue} {
			if p != nil && math.IsNaN(*p) {
				return fmt.Errorf("invalid run: %s: comparison has a NaN", where)
			}
		}
	}
	names := make(map[string]bool, len(r.Attachments))
	for i, a := range r.Attachments {
		if a.Name == "" {
			return fmt.Errorf("invalid run: attachment %d has no name", i)
		}
		for _, s := range []string{a.Name, a.Kind, a.MediaType} {
			if err := checkText(s); err != nil {
				return fmt.Errorf("invalid run: attachment %d %q: %v", i, s, err)
			}
		}
		if names[a.Name] {
			return fmt.Errorf("invalid run: attachment %q appears twice", a.Name)
		}
		names[a.Name] = true
	}
	return nil
}

func checkText(s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("not valid UTF-8")
	}
	if strings.IndexByte(s, 0) >= 0 {
		return fmt.Errorf("holds a NUL byte")
	}
	return nil
}
