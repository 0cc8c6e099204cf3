package gotest

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"golang.org/x/perf/benchfmt"
)

// collector turns a stream of events into packages: it rejoins each
// package's output in arrival order, follows which benchmark or test is
// running, and when a package ends reads its benchmark results.
//
// Note: output events are not line-aligned and only the first -count
// repetition of a benchmark carries Test, so the benchmark text is rebuilt
// from every output event of the package, whatever its Test, and only
// then split into lines.
type collector struct {
	bench    bool      // read benchmark results when a package ends
	progress io.Writer // nil: no progress
	count    int       // repetitions per benchmark, for progress; 0 unknown

	pkgs   map[string]*pkgState
	order  []*pkgState
	builds map[string]*strings.Builder // build output by package ID
	errs   map[string]*BuildError      // build errors by package ID
	errors []error
	br     *benchfmt.Reader
}

type pkgState struct {
	p       *Package
	scanned int // offset in p.Text of the first line not yet seen whole
	tests   map[string]*testState
	runs    int  // run events so far, to order tests
	summary bool // saw the testing package's own "PASS" or "FAIL" line
	done    bool
}

type testState struct {
	name    string
	out     strings.Builder
	ended   bool
	results int // benchmark result lines printed for it
	run     int // sequence number of its run event
}

func newCollector(bench bool, progress io.Writer, count int) *collector {
	return &collector{
		bench:    bench,
		progress: progress,
		count:    count,
		pkgs:     map[string]*pkgState{},
		builds:   map[string]*strings.Builder{},
		errs:     map[string]*BuildError{},
	}
}

func (c *collector) add(rec Record) {
	switch rec := rec.(type) {
	case *SyntaxError:
		e := *rec
		c.errors = append(c.errors, &e)
	case *Event:
		c.event(rec)
	}
}

func (c *collector) event(e *Event) {
	switch e.Action {
	case ActionBuildOutput:
		b := c.builds[e.ImportPath]
		if b == nil {
			b = new(strings.Builder)
			c.builds[e.ImportPath] = b
		}
		b.WriteString(e.Output)
		return
	case ActionBuildFail:
		c.buildError(e.ImportPath)
		return
	}
	if e.Package == "" {
		return
	}
	ps := c.pkg(e.Package)
	if ps.done {
		return
	}
	switch e.Action {
	case ActionRun:
		ts := ps.test(e.Test)
		ps.runs++
		ts.run, ts.ended = ps.runs, false // -count reruns tests by name
	case ActionOutput:
		if e.Test != "" {
			ps.test(e.Test).out.WriteString(e.Output)
		}
		ps.p.Text = append(ps.p.Text, e.Output...)
		c.scanLines(ps)
	case ActionPass, ActionFail, ActionSkip, ActionBench:
		if e.Test == "" {
			c.endPackage(ps, e)
			return
		}
		ts := ps.test(e.Test)
		ts.ended = true
		if e.Action == ActionSkip {
			ps.p.Skipped = append(ps.p.Skipped, e.Test)
		}
		if e.Action == ActionFail {
			f := &Failure{Package: ps.p.ImportPath, Name: e.Test, Output: ts.out.String()}
			f.Reason = reason(f.Output, f.Name)
			ps.p.Failures = append(ps.p.Failures, f)
			c.printf("FAIL   %s\n", f)
		}
		ts.out = strings.Builder{} // free it; a passing test's output stays in Text
	}
}

func (c *collector) pkg(path string) *pkgState {
	ps := c.pkgs[path]
	if ps == nil {
		ps = &pkgState{p: &Package{ImportPath: path, Status: Unfinished}, tests: map[string]*testState{}}
		c.pkgs[path] = ps
		c.order = append(c.order, ps)
	}
	return ps
}

func (ps *pkgState) test(name string) *testState {
	ts := ps.tests[name]
	if ts == nil {
		ts = &testState{name: name}
		ps.tests[name] = ts
	}
	return ts
}

func (c *collector) buildError(id string) *BuildError {
	if be := c.errs[id]; be != nil {
		return be
	}
	var out string
	if b := c.builds[id]; b != nil {
		out = b.String()
	}
	be := newBuildError(id, out)
	c.errs[id] = be
	return be
}

// scanLines looks at the lines of the package's text completed since the
// last call: benchmark result lines (for progress and to know which
// benchmarks produced results) and the testing package's summary line.
func (c *collector) scanLines(ps *pkgState) {
	text := ps.p.Text
	for {
		i := bytes.IndexByte(text[ps.scanned:], '\n')
		if i < 0 {
			return
		}
		line := text[ps.scanned : ps.scanned+i]
		ps.scanned += i + 1
		c.line(ps, line)
	}
}

func (c *collector) line(ps *pkgState, line []byte) {
	line = bytes.TrimRight(line, "\r")
	if s := string(line); s == "PASS" || s == "FAIL" {
		ps.summary = true
		return
	}
	name, ok := resultName(line)
	if !ok {
		return
	}
	ts := ps.test(name)
	ts.results++
	if c.count > 0 {
		c.printf("bench  %s  %s  %d/%d\n", ps.p.ImportPath, name, ts.results, c.count)
	} else {
		c.printf("bench  %s  %s  %d\n", ps.p.ImportPath, name, ts.results)
	}
}

// resultName reports whether line is a benchmark result line
// ("BenchmarkF/n=10-8   1000   12.3 ns/op ...") and returns the benchmark's
// name without the -GOMAXPROCS suffix.
func resultName(line []byte) (string, bool) {
	if !bytes.HasPrefix(line, []byte("Benchmark")) {
		return "", false
	}
	f := bytes.Fields(line)
	if len(f) < 4 { // name, iterations, at least one value and unit
		return "", false
	}
	if _, err := strconv.Atoi(string(f[1])); err != nil {
		return "", false
	}
	return TrimProcs(string(f[0])), true
}

// TrimProcs removes the -GOMAXPROCS suffix that go test adds to a
// benchmark's name ("BenchmarkF/n=10-8" → "BenchmarkF/n=10").
func TrimProcs(name string) string {
	i := strings.LastIndexByte(name, '-')
	if i < 0 || i == len(name)-1 || strings.IndexByte(name[i:], '/') >= 0 {
		return name
	}
	for _, r := range name[i+1:] {
		if r < '0' || r > '9' {
			return name
		}
	}
	return name[:i]
}

func (c *collector) endPackage(ps *pkgState, e *Event) {
	p := ps.p
	ps.done = true
	p.Elapsed = time.Duration(e.Elapsed * float64(time.Second))
	switch e.Action {
	case ActionPass, ActionBench:
		p.Status = Passed
	case ActionSkip:
		p.Status = Skipped
	case ActionFail:
		p.Status = Failed
		if e.FailedBuild != "" {
			p.Build = c.buildError(e.FailedBuild)
			c.printf("FAIL   %s  [build failed]: %s\n", p.ImportPath, p.Build.First)
			break
		}
		c.crash(ps)
	}
	if !c.bench {
		switch p.Status {
		case Passed:
			c.printf("ok     %s  %.2fs\n", p.ImportPath, p.Elapsed.Seconds())
		case Skipped:
			c.printf("?      %s  [no test files]\n", p.ImportPath)
		case Failed:
			if p.Build == nil {
				c.printf("FAIL   %s  %.2fs\n", p.ImportPath, p.Elapsed.Seconds())
			}
		}
	}
	c.finishPackage(ps)
}

// crash explains a failed package. When the testing package did not print
// its own PASS/FAIL line, the binary died (panic, timeout, os.Exit); the
// culprit is the last benchmark or test that started and neither ended nor
// printed a result. A failure not tied to any test (TestMain, init) is
// reported for the package, with its last lines.
func (c *collector) crash(ps *pkgState) {
	if !ps.summary {
		var last *testState
		for _, ts := range ps.tests {
			if ts.run > 0 && !ts.ended && ts.results == 0 && (last == nil || ts.run > last.run) {
				last = ts
			}
		}
		if last != nil {
			f := &Failure{Package: ps.p.ImportPath, Name: last.name, Crashed: true, Output: last.out.String()}
			f.Reason = reason(f.Output, f.Name)
			ps.p.Failures = append(ps.p.Failures, f)
			c.printf("FAIL   %s\n", f)
			return
		}
	}
	if len(ps.p.Failures) > 0 {
		return
	}
	out := tail(string(ps.p.Text), 50)
	f := &Failure{Package: ps.p.ImportPath, Crashed: !ps.summary, Output: out, Reason: reason(out, "")}
	ps.p.Failures = append(ps.p.Failures, f)
	c.printf("FAIL   %s\n", f)
}

// finishPackage reads the package's benchmark results.
func (c *collector) finishPackage(ps *pkgState) {
	ps.tests = nil
	if !c.bench || len(ps.p.Text) == 0 {
		return
	}
	if c.br == nil {
		c.br = benchfmt.NewReader(bytes.NewReader(ps.p.Text), ps.p.ImportPath)
	} else {
		c.br.Reset(bytes.NewReader(ps.p.Text), ps.p.ImportPath)
	}
	for c.br.Scan() {
		switch rec := c.br.Result().(type) {
		case *benchfmt.Result:
			ps.p.Results = append(ps.p.Results, rec.Clone())
		case *benchfmt.SyntaxError:
			e := *rec
			c.errors = append(c.errors, &e)
		}
	}
}

func (c *collector) finish() (pkgs []*Package, units benchfmt.UnitMetadataMap, errs []error) {
	for _, ps := range c.order {
		if !ps.done {
			ps.done = true
			c.finishPackage(ps)
		}
		pkgs = append(pkgs, ps.p)
	}
	units = benchfmt.UnitMetadataMap{}
	if c.br != nil {
		units = c.br.Units()
	}
	return pkgs, units, c.errors
}

func (c *collector) printf(format string, args ...any) {
	if c.progress != nil {
		fmt.Fprintf(c.progress, format, args...)
	}
}

// reason picks the line of a failure's output that says what went wrong: a
// "panic:" line, else the last line that is not a header the testing
// package wrote.
func reason(out, name string) string {
	var last string
	for line := range strings.Lines(out) {
		t := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(t, "panic: "):
			return t
		case t == "", t == name, t == "PASS", t == "FAIL",
			strings.HasPrefix(t, "=== "), strings.HasPrefix(t, "--- "),
			strings.HasPrefix(t, "exit status "), strings.HasPrefix(t, "FAIL\t"):
			continue
		}
		last = t
	}
	return last
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	i := len(s)
	if i > 0 && s[i-1] == '\n' {
		i--
	}
	for ; n > 0 && i > 0; n-- {
		i = strings.LastIndexByte(s[:i], '\n')
	}
	if i < 0 {
		return s
	}
	return s[i+1:]
}

// ReadBench reads a recorded `go test -json -bench` stream, as Bench does
// while go test runs. The error is an I/O error of r, or the first package's
// *BuildError; the Output holds whatever was read either way.
func ReadBench(r io.Reader, name string) (*Output, error) {
	c := newCollector(true, nil, 0)
	rd := NewReader(r, name)
	for rd.Scan() {
		c.add(rd.Record())
	}
	out := &Output{}
	out.Packages, out.Units, out.Errors = c.finish()
	if err := rd.Err(); err != nil {
		return out, err
	}
	if be := out.BuildError(); be != nil {
		return out, be
	}
	return out, nil
}

// ReadTest reads a recorded `go test -json` stream of a test run, as Test
// does while go test runs. Errors are as for ReadBench.
func ReadTest(r io.Reader, name string) (*TestOutput, error) {
	c := newCollector(false, nil, 0)
	rd := NewReader(r, name)
	for rd.Scan() {
		c.add(rd.Record())
	}
	out := &TestOutput{}
	out.Packages, _, out.Errors = c.finish()
	if err := rd.Err(); err != nil {
		return out, err
	}
	if be := out.BuildError(); be != nil {
		return out, be
	}
	return out, nil
}
