package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/perf/benchfmt"

	"github.com/choragen/choragen/internal/history"
	"github.com/choragen/choragen/internal/report"
	"github.com/choragen/choragen/internal/sample"
	"github.com/choragen/choragen/internal/stats"
)

// benchKey names one benchmark metric as the history stores it: the
// package, the name without its -GOMAXPROCS suffix, the tidied unit.
type benchKey struct {
	Package, Name, Unit string
}

// series is one side of a comparison: the samples of every benchmark
// metric of a run or a file, in the order first seen, with the unit
// metadata that says how to treat them.
type series struct {
	keys   []benchKey
	values map[benchKey][]float64
	units  benchfmt.UnitMetadataMap
}

func newSeries() *series {
	return &series{values: map[benchKey][]float64{}, units: benchfmt.UnitMetadataMap{}}
}

func (s *series) add(k benchKey, vs []float64) {
	if _, ok := s.values[k]; !ok {
		s.keys = append(s.keys, k)
	}
	s.values[k] = append(s.values[k], vs...)
}

// seriesOfSet converts a run's samples. A benchmark measured at several
// GOMAXPROCS values (-cpu 1,4) keeps the suffix on all but the run's first
// GOMAXPROCS, so that no two keys collide.
func seriesOfSet(set *sample.Set) *series {
	s := newSeries()
	if set == nil {
		return s
	}
	for k, v := range set.Units {
		s.units[k] = v
	}
	for _, k := range set.Keys() {
		vs := set.Values(k)
		if len(vs) == 0 {
			continue
		}
		name := k.Name
		if k.Procs != set.Config.GOMAXPROCS && set.Config.GOMAXPROCS != 0 {
			name += "-" + strconv.Itoa(k.Procs)
		}
		s.add(benchKey{k.Package, name, k.Unit}, vs)
	}
	return s
}

// seriesOfRun converts a stored run, whose unit metadata is its units
// attachment (see unitsAttachment).
func seriesOfRun(run *history.Run, units benchfmt.UnitMetadataMap) *series {
	s := newSeries()
	for k, v := range units {
		s.units[k] = v
	}
	for _, b := range run.Benchmarks {
		s.add(benchKey{b.Package, b.Name, b.Unit}, b.Samples)
	}
	return s
}

// readSeries reads a file in the Go benchmark format, as benchstat does:
// every result line, with the configuration lines before it ("pkg:")
// and the unit metadata. Lines that are not benchmark data are skipped;
// syntax errors are returned as warnings ("file:line: message"). A file
// without a single result is an error.
func readSeries(path string) (*series, []string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", path, unwrapPath(err))
	}
	defer f.Close()
	s, warns, err := scanSeries(f, path)
	if err != nil {
		return nil, nil, err
	}
	if len(s.keys) == 0 {
		return nil, nil, fmt.Errorf("read %s: no benchmark results in the Go benchmark format", path)
	}
	return s, warns, nil
}

func scanSeries(r io.Reader, name string) (*series, []string, error) {
	rd := benchfmt.NewReader(r, name)
	set := sample.New(0)
	var warns []string
	for rd.Scan() {
		switch rec := rd.Result().(type) {
		case *benchfmt.Result:
			set.Add(rec)
		case *benchfmt.SyntaxError:
			warns = append(warns, rec.Error())
		}
	}
	if err := rd.Err(); err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", name, err)
	}
	set.AddUnits(rd.Units())
	return seriesOfSet(set), warns, nil
}

// The attachment that keeps a run's unit metadata ("Unit queries/op
// assume=exact"), which the benchmarks table has no column for: without it
// an exact count would be compared as a noisy measurement.
const (
	unitsAttachment = "units.txt"
	unitsKind       = "unit-metadata"
)

// unitsFile returns the unit metadata as lines of the Go benchmark format,
// sorted, or nil when there is none.
func unitsFile(units benchfmt.UnitMetadataMap) []byte {
	var lines []string
	for k, m := range units {
		if m == nil {
			continue
		}
		unit := m.OrigUnit
		if unit == "" {
			unit = k.Unit
		}
		lines = append(lines, fmt.Sprintf("Unit %s %s=%s\n", unit, k.Key, m.Value))
	}
	if len(lines) == 0 {
		return nil
	}
	sort.Strings(lines)
	var b bytes.Buffer
	for _, l := range lines {
		b.WriteString(l)
	}
	return b.Bytes()
}

// storedUnits reads the unit metadata of a stored run; a run without it
// has none.
func storedUnits(ctx context.Context, s history.Store, run *history.Run) (benchfmt.UnitMetadataMap, error) {
	has := false
	for _, a := range run.Attachments {
		has = has || a.Name == unitsAttachment
	}
	if !has {
		return benchfmt.UnitMetadataMap{}, nil
	}
	a, err := s.Attachment(ctx, run.ID, unitsAttachment)
	if errors.Is(err, history.ErrNotFound) {
		return benchfmt.UnitMetadataMap{}, nil
	}
	if err != nil {
		return nil, err
	}
	rd := benchfmt.NewReader(bytes.NewReader(a.Data), unitsAttachment)
	for rd.Scan() {
	}
	return rd.Units(), nil
}

// comparer compares the benchmark metrics of two series by choragen's
// regression rule (stats.Compare).
type comparer struct {
	threshold, alpha float64
}

// compareKey compares the samples of one benchmark metric and fills row
// with both centres and intervals, the change, the p-value and the
// verdict. row.Current, N and Outliers are the head's. It reports false,
// leaving row as it was, when either side has no finite value.
func (c comparer) compareKey(row *report.Benchmark, base, head []float64, unit stats.Unit) bool {
	cmp := stats.Compare(base, head, unit, c.threshold, c.alpha)
	if cmp.Base.N == 0 || cmp.Head.N == 0 {
		return false
	}
	row.Current, row.N, row.Outliers = cmp.Head.Center, cmp.Head.N, cmp.Head.Outliers
	row.CurrentInterval = interval(cmp.Head)
	row.BaselineN = cmp.Base.N
	row.BaselineInterval = interval(cmp.Base)
	if !math.IsNaN(cmp.Base.Center) {
		row.Baseline = report.Float(cmp.Base.Center)
	}
	switch {
	case math.IsNaN(cmp.Change):
	case math.IsInf(cmp.Change, 0):
		// JSON has no infinity: a change from zero has no percentage.
		row.Warnings = appendNew(row.Warnings, fmt.Sprintf("changed from 0 to %v: no percentage", cmp.Head.Center))
	default:
		row.Change = report.Float(cmp.Change)
	}
	if !unit.Exact && cmp.Base.N > 0 && cmp.Head.N > 0 {
		row.PValue = report.Float(cmp.P)
	}
	row.Significant, row.Regression, row.Improvement = cmp.Significant, cmp.Regression, cmp.Improvement
	for _, w := range cmp.Warnings {
		// Note: benchmath warns that "all samples are equal" whenever a
		// count such as B/op holds still, which is what it should do; it
		// says nothing a reader needs.
		if strings.Contains(w.Error(), "all samples are equal") {
			continue
		}
		row.Warnings = appendNew(row.Warnings, w.Error())
	}
	return true
}

// interval is a summary's interval for the report, nil when it is not
// finite (JSON has no infinity).
func interval(s stats.Summary) *report.Interval {
	if !s.Finite() {
		return nil
	}
	return &report.Interval{Lo: s.Lo, Hi: s.Hi, Confidence: s.Confidence}
}

// units merges the unit metadata of both sides; the head's wins.
func mergeUnits(base, head benchfmt.UnitMetadataMap) benchfmt.UnitMetadataMap {
	m := benchfmt.UnitMetadataMap{}
	for k, v := range base {
		m[k] = v
	}
	for k, v := range head {
		m[k] = v
	}
	return m
}

// compareSeries compares every benchmark metric present in both series,
// in the base's order, and counts those present in only one. A metric
// without a finite value on one side is left out and named in skipped.
func (c comparer) compareSeries(base, head *series) (rows []report.Benchmark, onlyBase, onlyHead int, skipped []string) {
	units := mergeUnits(base.units, head.units)
	rows = []report.Benchmark{}
	for _, k := range base.keys {
		hv, ok := head.values[k]
		if !ok {
			onlyBase++
			continue
		}
		row := report.Benchmark{Name: k.Name, Package: k.Package, Unit: k.Unit}
		if !c.compareKey(&row, base.values[k], hv, stats.UnitOf(k.Unit, units)) {
			skipped = append(skipped, strings.TrimSpace(k.Package+" "+k.Name+" "+k.Unit))
			continue
		}
		rows = append(rows, row)
	}
	for _, k := range head.keys {
		if _, ok := base.values[k]; !ok {
			onlyHead++
		}
	}
	return rows, onlyBase, onlyHead, skipped
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
