package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/choragen/choragen/internal/report"
)

// WriteJUnit writes r as JUnit XML, the test-report format that GitLab,
// Jenkins and GitHub test reporters read: a <testsuite> per package with a
// <testcase> per contract (failed → <failure> with measured against
// threshold; unmeasured and inconclusive → <skipped> with the reason), and,
// where a comparison ran, a suite "<package> benchmarks" with a test case
// per compared benchmark row (regressed → <failure>).
//
// Test cases carry file and line attributes (the directive's position,
// under opts.SourceRoot), which GitLab and the GitHub reporters use to
// link to the source. Strings from the report are cleaned of control
// characters and bidi overrides (shown as Go escapes, as in the text
// report), and encoding/xml escapes the rest, in attributes and text
// alike, so readers never choke on the file.
func WriteJUnit(w io.Writer, r *report.Report, opts Options) error {
	if r == nil {
		return errNilReport
	}
	doc := junitSuites{Name: "choragen", Time: "0"}
	ts := ""
	if !r.Timestamp.IsZero() {
		// The JUnit schema's timestamp has no zone: UTC is implied.
		ts = r.Timestamp.UTC().Format("2006-01-02T15:04:05")
	}
	names, groups := groupContracts(contractsWithUnlisted(r))
	for _, g := range names {
		suite := junitSuite{Name: clean(g), Timestamp: ts}
		if suite.Name == "" {
			suite.Name = "(no package)"
		}
		for _, c := range groups[g] {
			suite.Cases = append(suite.Cases, junitContract(c, g, opts))
		}
		doc.add(suite)
	}
	if compared(r) {
		bnames, bgroups := groupBenchmarks(r.Benchmarks)
		for _, g := range bnames {
			suite := junitSuite{Name: clean(strings.TrimSpace(g + " benchmarks")), Timestamp: ts}
			for _, b := range bgroups[g] {
				if b.Baseline == nil {
					continue
				}
				suite.Cases = append(suite.Cases, junitBenchmark(b))
			}
			if len(suite.Cases) > 0 {
				doc.add(suite)
			}
		}
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("render junit: %w", err)
	}
	buf.WriteByte('\n')
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("render junit: %w", err)
	}
	return nil
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name      string      `xml:"name,attr"`
	Tests     int         `xml:"tests,attr"`
	Failures  int         `xml:"failures,attr"`
	Errors    int         `xml:"errors,attr"`
	Skipped   int         `xml:"skipped,attr"`
	Time      string      `xml:"time,attr"`
	Timestamp string      `xml:"timestamp,attr,omitempty"`
	Cases     []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Failure   *junitMessage `xml:"failure"`
	Skipped   *junitMessage `xml:"skipped"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// add counts a suite into the document. No time is measured per contract,
// so times are 0: the attribute is there because strict readers want it.
func (d *junitSuites) add(s junitSuite) {
	s.Time = "0"
	for _, c := range s.Cases {
		s.Tests++
		if c.Failure != nil {
			s.Failures++
		}
		if c.Skipped != nil {
			s.Skipped++
		}
	}
	d.Tests += s.Tests
	d.Failures += s.Failures
	d.Skipped += s.Skipped
	d.Suites = append(d.Suites, s)
}

func junitContract(c *report.Contract, group string, opts Options) junitCase {
	tc := junitCase{Name: clean(c.ID), Classname: clean(group), Time: "0"}
	if tc.Classname == "" {
		tc.Classname = "choragen"
	}
	if c.Source != "" {
		p := parseSource(c.Source)
		tc.File, tc.Line = clean(sourceFile(p, opts.SourceRoot)), p.line
	}
	measured, limit := contractMeasured(c), contractThreshold(c)
	var detail []string
	add := func(k, v string) {
		if v != "" {
			detail = append(detail, k+": "+clean(v))
		}
	}
	add("target", c.Target)
	add("metric", metricLabel(c))
	add("measured", withInterval(measured, contractInterval(c)))
	add("limit", limit)
	add("benchmark", decidedBy(c))
	add("source", c.Source)
	if c.Samples > 0 {
		add("samples", fmt.Sprint(c.Samples))
	}
	add("reason", c.Reason)
	body := strings.Join(detail, "\n")
	switch c.Status {
	case report.StatusPassed:
		tc.SystemOut = body
	case report.StatusFailed:
		msg := fmt.Sprintf("%s: measured %s, limit %s", metricLabel(c), measured, limit)
		tc.Failure = &junitMessage{Message: clean(msg), Type: "failed", Text: body}
	default:
		msg := string(c.Status)
		if c.Reason != "" {
			msg += ": " + c.Reason
		}
		tc.Skipped = &junitMessage{Message: clean(msg), Text: body}
	}
	return tc
}

func junitBenchmark(b *report.Benchmark) junitCase {
	tc := junitCase{Name: clean(b.Name + " " + b.Unit), Classname: clean(b.Package), Time: "0"}
	if tc.Classname == "" {
		tc.Classname = "choragen"
	}
	base := benchValue(*b.Baseline, b.Unit)
	cur := benchValue(b.Current, b.Unit)
	line := fmt.Sprintf("%s → %s %s", base, cur, strings.TrimSpace(change(b)+" "+pNote(b)))
	body := line
	for _, w := range b.Warnings {
		body += "\n" + clean(w)
	}
	if b.Regression {
		tc.Failure = &junitMessage{Message: "regression: " + line, Type: "regression", Text: body}
	} else {
		tc.SystemOut = body
	}
	return tc
}
