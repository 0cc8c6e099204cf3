package render_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/choragen/choragen/internal/render"
	"github.com/choragen/choragen/internal/report"
)

func fixtures(t testing.TB) []string {
	t.Helper()
	paths, err := filepath.Glob("../report/testdata/reports/*.json")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	return paths
}

// checkOutput checks that out, rendered from r in format f, is well formed
// for its reader: each format's own rules, independent of the golden
// files, so that the fuzz target can use them too.
func checkOutput(t testing.TB, f render.Format, opts render.Options, r *report.Report, out []byte) {
	t.Helper()
	switch f {
	case render.Text:
		checkText(t, opts, out)
	case render.JSON:
		if _, err := report.Decode(bytes.NewReader(out)); err != nil {
			t.Errorf("json output does not decode: %v", err)
		}
	case render.Markdown:
		checkMarkdown(t, out)
	case render.JUnit:
		checkJUnit(t, r, out)
	case render.GitHub:
		checkGitHub(t, out)
	}
}

// ansi matches the escape sequences the text renderer itself writes.
var ansi = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// checkText checks that the only control characters in a text report are
// line feeds and, with colour, the renderer's own SGR sequences: a name
// from the report never moves the cursor or clears the screen.
func checkText(t testing.TB, opts render.Options, out []byte) {
	t.Helper()
	s := string(out)
	if opts.Color {
		s = ansi.ReplaceAllString(s, "")
	}
	for i, r := range s {
		if r != '\n' && (unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r)) {
			t.Errorf("text output has control character %U at byte %d", r, i)
			return
		}
	}
}

// checkMarkdown checks that every table row has as many cells as its
// header: a pipe or line break from the report never splits or ends a
// cell.
func checkMarkdown(t testing.TB, out []byte) {
	t.Helper()
	cells := -1
	for n, line := range strings.Split(string(out), "\n") {
		if !strings.HasPrefix(line, "|") {
			cells = -1
			continue
		}
		c := countCells(line)
		if cells < 0 {
			cells = c
		} else if c != cells {
			t.Errorf("markdown line %d has %d cells, its table %d: %s", n+1, c, cells, line)
		}
	}
	// Outside code spans, the only HTML is the renderer's own.
	own := regexp.MustCompile(`^</?(details|summary|sub)>`)
	for n, line := range strings.Split(string(out), "\n") {
		line = stripCodeSpans(line)
		for i := 0; i < len(line); i++ {
			switch {
			case line[i] == '\\':
				i++
			case line[i] == '<' && !own.MatchString(line[i:]):
				t.Errorf("markdown line %d has raw HTML: %s", n+1, line[i:])
			}
		}
	}
}

// stripCodeSpans removes the code spans from a line, as CommonMark finds
// them: a run of backticks up to the next run of the same length. A
// backslash outside a code span escapes the next character.
func stripCodeSpans(line string) string {
	var b strings.Builder
	for i := 0; i < len(line); {
		switch {
		case line[i] == '\\' && i+1 < len(line):
			b.WriteString(line[i : i+2])
			i += 2
		case line[i] == '`':
			n := 0
			for i+n < len(line) && line[i+n] == '`' {
				n++
			}
			end := -1
			for j := i + n; j < len(line); {
				if line[j] != '`' {
					j++
					continue
				}
				m := 0
				for j+m < len(line) && line[j+m] == '`' {
					m++
				}
				if m == n {
					end = j + m
					break
				}
				j += m
			}
			if end < 0 { // no closing run: the backticks are literal
				b.WriteString(line[i : i+n])
				i += n
				continue
			}
			i = end
		default:
			b.WriteByte(line[i])
			i++
		}
	}
	return b.String()
}

// countCells counts a GFM table row's cells: the unescaped pipes, less
// the leading one.
func countCells(line string) int {
	n := 0
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++
		case '|':
			n++
		}
	}
	return n - 1
}

// checkJUnit parses the document and checks its counts against the
// report: one failure per failed contract (unlisted violations included)
// and per regression, one skipped per unmeasured or inconclusive contract.
func checkJUnit(t testing.TB, r *report.Report, out []byte) {
	t.Helper()
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Skipped  int `xml:"skipped,attr"`
		Suites   []struct {
			Name  string `xml:"name,attr"`
			Tests int    `xml:"tests,attr"`
			Cases []struct {
				Name    string    `xml:"name,attr"`
				Failure *struct{} `xml:"failure"`
				Skipped *struct{} `xml:"skipped"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	dec := xml.NewDecoder(bytes.NewReader(out))
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("junit output is not well-formed XML: %v", err)
	}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if cd, ok := tok.(xml.CharData); !ok || len(bytes.TrimSpace(cd)) > 0 || err != nil {
			t.Errorf("junit output has data after the document: %v %v", tok, err)
			break
		}
	}
	failures, skipped, tests := 0, 0, 0
	for _, s := range doc.Suites {
		if s.Tests != len(s.Cases) {
			t.Errorf("suite %q says tests=%d, has %d", s.Name, s.Tests, len(s.Cases))
		}
		for _, c := range s.Cases {
			tests++
			if c.Failure != nil {
				failures++
			}
			if c.Skipped != nil {
				skipped++
			}
		}
	}
	if doc.Tests != tests || doc.Failures != failures || doc.Skipped != skipped {
		t.Errorf("testsuites says %d/%d/%d tests/failures/skipped, has %d/%d/%d",
			doc.Tests, doc.Failures, doc.Skipped, tests, failures, skipped)
	}
	wantFail, wantSkip := len(r.UnlistedViolations()), 0
	for _, c := range r.Contracts {
		switch c.Status {
		case report.StatusPassed:
		case report.StatusFailed:
			wantFail++
		default:
			wantSkip++
		}
	}
	for _, b := range r.Benchmarks {
		if b.Regression && b.Baseline != nil {
			wantFail++
		}
	}
	if failures != wantFail || skipped != wantSkip {
		t.Errorf("junit has %d failures and %d skipped, want %d and %d", failures, skipped, wantFail, wantSkip)
	}
}

// command is a workflow command parsed as the Actions runner parses it
// (ActionCommand.TryParseV2): "::" name [" " props] "::" data, props split
// at "," and each at its first "=", values unescaped.
type command struct {
	name  string
	props map[string]string
	data  string
}

func parseCommand(line string) (command, error) {
	rest, ok := strings.CutPrefix(line, "::")
	if !ok {
		return command{}, fmt.Errorf("line does not start with ::")
	}
	info, data, ok := strings.Cut(rest, "::")
	if !ok {
		return command{}, fmt.Errorf("no :: after the command")
	}
	c := command{props: map[string]string{}, data: unescape(data, false)}
	name, props, _ := strings.Cut(info, " ")
	c.name = name
	if props != "" {
		for _, p := range strings.Split(props, ",") {
			k, v, ok := strings.Cut(p, "=")
			if !ok || k == "" {
				return command{}, fmt.Errorf("malformed property %q", p)
			}
			c.props[k] = unescape(v, true)
		}
	}
	return c, nil
}

func unescape(s string, prop bool) string {
	pairs := []string{"%0D", "\r", "%0A", "\n"}
	if prop {
		pairs = append(pairs, "%3A", ":", "%2C", ",")
	}
	return strings.NewReplacer(append(pairs, "%25", "%")...).Replace(s)
}

// checkGitHub checks that every line is one workflow command the runner
// parses, of a known kind.
func checkGitHub(t testing.TB, out []byte) {
	t.Helper()
	s := strings.TrimSuffix(string(out), "\n")
	if s == "" {
		t.Error("github output is empty: want at least the summary notice")
		return
	}
	for n, line := range strings.Split(s, "\n") {
		c, err := parseCommand(line)
		if err != nil {
			t.Errorf("github line %d: %v: %q", n+1, err, line)
			continue
		}
		switch c.name {
		case "error", "warning", "notice":
		default:
			t.Errorf("github line %d: command %q", n+1, c.name)
		}
		if strings.ContainsRune(line, '\r') {
			t.Errorf("github line %d has a raw CR", n+1)
		}
		for k, v := range c.props {
			if (k == "line" || k == "col") && !isNumber(v) {
				t.Errorf("github line %d: %s=%q", n+1, k, v)
			}
		}
	}
}

func isNumber(s string) bool { _, err := strconv.Atoi(s); return err == nil }

// TestOutputsWellFormed renders every fixture in every format, with and
// without colour, and checks each output against its format's rules.
func TestOutputsWellFormed(t *testing.T) {
	for _, path := range fixtures(t) {
		r := decodeFile(t, path)
		for _, f := range render.Formats() {
			for _, opts := range []render.Options{{}, {Color: true, Verbose: true, SourceRoot: "sub"}} {
				var buf bytes.Buffer
				if err := render.Report(&buf, r, f, opts); err != nil {
					t.Fatalf("%s %s: %v", path, f, err)
				}
				checkOutput(t, f, opts, r, buf.Bytes())
			}
		}
	}
}

// TestGitHubEscaping checks that names that look like workflow commands
// or property separators reach the runner as they were written.
func TestGitHubEscaping(t *testing.T) {
	const target = "example.com/x.F,line=9::error::pwned%0A"
	r := &report.Report{Contracts: []report.Contract{{
		ID: "latency:" + target, Metric: "latency", Target: target, Unit: "ms", Threshold: 1,
		Measured: report.Float(2), Status: report.StatusFailed,
		Source: "a,b:c/100%.go:7:2", Reason: "first\nsecond\r\n::warning::third",
	}}}
	var buf bytes.Buffer
	if err := render.WriteGitHub(&buf, r, render.Options{SourceRoot: "mod:root"}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d lines, want an error and a notice:\n%s", len(lines), buf.String())
	}
	c, err := parseCommand(lines[0])
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"file":  "mod:root/a,b:c/100%.go",
		"line":  "7",
		"col":   "2",
		"title": "choragen: latency mean contract failed",
	}
	if c.name != "error" || fmt.Sprint(c.props) != fmt.Sprint(want) {
		t.Errorf("parsed %s %v, want error %v", c.name, c.props, want)
	}
	wantData := target + ": measured 2.000ms, limit 1.000ms\nfirst\nsecond\\r\n::warning::third"
	if c.data != wantData {
		t.Errorf("message = %q, want %q", c.data, wantData)
	}
}

func TestMarkdownEscaping(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		// Code spans: a fence longer than any backtick run, pipes escaped
		// in a table.
		{"plain", "`plain`"},
		{"a`b", "``a`b``"},
		{"``x", "``` ``x ```"},
		{"a|b", "`a\\|b`"},
	} {
		r := &report.Report{Contracts: []report.Contract{{ID: "x", Target: tc.in, Status: report.StatusFailed}}}
		var buf bytes.Buffer
		if err := render.WriteMarkdown(&buf, r, render.Options{}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), "| "+tc.want+" |") {
			t.Errorf("target %q: want cell %q in\n%s", tc.in, tc.want, buf.String())
		}
	}
	for _, tc := range []struct{ in, want string }{
		// Text: punctuation that could format, link, mention or start a
		// block is escaped; what cannot is left alone.
		{"*x* _y_ [l](u) <b> @me &amp; ~z~ #h |", `\*x\* \_y\_ \[l\](u) \<b\> \@me \&amp; \~z\~ \#h \|`},
		{"- item", `\- item`},
		{"12. item", `12\. item`},
		{"-16.00% and 2.5", "-16.00% and 2.5"},
		{"line\nbreak", "line break"},
	} {
		r := &report.Report{Reasons: []string{tc.in}}
		var buf bytes.Buffer
		if err := render.WriteMarkdown(&buf, r, render.Options{}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), "\n- "+tc.want+"\n") {
			t.Errorf("reason %q: want %q in\n%s", tc.in, tc.want, buf.String())
		}
	}
}

func TestTextCleansControlCharacters(t *testing.T) {
	r := &report.Report{Contracts: []report.Contract{{
		ID: "x", Target: "example.com/a.F\x1b[2J\u202e", Status: report.StatusFailed,
		Reason: "bad\x00byte \xff",
	}}}
	for _, color := range []bool{false, true} {
		var buf bytes.Buffer
		if err := render.WriteText(&buf, r, render.Options{Color: color}); err != nil {
			t.Fatal(err)
		}
		checkText(t, render.Options{Color: color}, buf.Bytes())
		for _, want := range []string{`F\x1b[2J\u202e`, `bad\x00byte \xff`} {
			if !strings.Contains(buf.String(), want) {
				t.Errorf("color=%v: want %q shown escaped in\n%s", color, want, buf.String())
			}
		}
	}
}
