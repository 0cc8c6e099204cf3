package config

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The reference, docs/config.md, is checked here: its YAML examples, its
// error messages, and its tables of patterns and of precedence.
const docPath = "../../docs/config.md"

// A block is a fenced code block of a Markdown file.
type block struct {
	info string // "yaml", "yaml invalid", "text"
	line int    // of the opening fence
	text string
}

// blocks returns the fenced code blocks of a Markdown document, with
// the indentation of the fence removed from their lines.
func blocks(doc string) []block {
	var out []block
	var cur *block
	indent := ""
	for i, line := range strings.Split(doc, "\n") {
		trimmed := strings.TrimLeft(line, " ")
		if strings.HasPrefix(trimmed, "```") {
			if cur == nil {
				cur = &block{info: strings.TrimSpace(trimmed[3:]), line: i + 1}
				indent = line[:len(line)-len(trimmed)]
				continue
			}
			out = append(out, *cur)
			cur = nil
			continue
		}
		if cur != nil {
			cur.text += strings.TrimPrefix(line, indent) + "\n"
		}
	}
	return out
}

func readDoc(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(docPath)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestDocExamples checks that every ```yaml block of docs/config.md is
// accepted by the loader and the JSON Schema, and that every ```yaml
// invalid block is refused with the error in the ```text block after it.
func TestDocExamples(t *testing.T) {
	rs := resolvedSchema(t)
	bs := blocks(readDoc(t))
	valid, invalid := 0, 0
	for i, b := range bs {
		switch b.info {
		case "yaml":
			valid++
			if _, err := Parse([]byte(b.text), file); err != nil {
				t.Errorf("config.md:%d: Parse: %v", b.line, err)
			}
			if err := validateSchema(rs, []byte(b.text)); err != nil {
				t.Errorf("config.md:%d: schema: %v", b.line, err)
			}
		case "yaml invalid":
			invalid++
			_, err := Parse([]byte(b.text), file)
			if err == nil {
				t.Errorf("config.md:%d: Parse accepts an example of an error", b.line)
				continue
			}
			if i+1 >= len(bs) || bs[i+1].info != "text" {
				t.Errorf("config.md:%d: an invalid example without its ```text error", b.line)
				continue
			}
			if got, want := err.Error(), strings.TrimSpace(bs[i+1].text); got != want {
				t.Errorf("config.md:%d: error\n got %s\nwant %s", b.line, got, want)
			}
		}
	}
	if valid < 10 || invalid < 5 {
		t.Errorf("found %d valid and %d invalid examples; the page has more", valid, invalid)
	}
}

var backticked = regexp.MustCompile("`([^`]+)`")

// cells returns the rows of the Markdown table whose header starts with
// header, as cells.
func cells(t *testing.T, doc, header string) [][]string {
	t.Helper()
	var rows [][]string
	in := false
	for _, line := range strings.Split(doc, "\n") {
		switch {
		case strings.HasPrefix(line, header):
			in = true
		case in && strings.HasPrefix(line, "| ---"):
		case in && strings.HasPrefix(line, "|"):
			parts := strings.Split(strings.Trim(line, "|"), " | ")
			for i := range parts {
				parts[i] = strings.TrimSpace(parts[i])
			}
			rows = append(rows, parts)
		case in:
			return rows
		}
	}
	if len(rows) == 0 {
		t.Fatalf("no table %q in config.md", header)
	}
	return rows
}

func quoted(cell string) []string {
	var out []string
	for _, m := range backticked.FindAllStringSubmatch(cell, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestDocPatternTable checks the table of patterns and what they select.
func TestDocPatternTable(t *testing.T) {
	rows := cells(t, readDoc(t), "| pattern | selects | does not select |")
	for _, row := range rows {
		pattern := quoted(row[0])[0]
		for _, target := range quoted(row[1]) {
			if !Match(pattern, target) {
				t.Errorf("config.md says %q selects %q; it does not", pattern, target)
			}
		}
		for _, target := range quoted(row[2]) {
			if Match(pattern, target) {
				t.Errorf("config.md says %q does not select %q; it does", pattern, target)
			}
		}
	}
}

// TestDocPrecedenceTable checks the worked example of which override
// wins against the YAML block before it.
func TestDocPrecedenceTable(t *testing.T) {
	doc := readDoc(t)
	const header = "| target | overrides that select it | winner | rule |"
	at := strings.Index(doc, header)
	if at < 0 {
		t.Fatal("no precedence table in config.md")
	}
	bs := blocks(doc[:at])
	cfg := mustParse(t, bs[len(bs)-1].text)
	ruleRe := regexp.MustCompile(`^(\d+) ms, (mean|p(\d+))`)
	for _, row := range cells(t, doc, header) {
		target := quoted(row[0])[0]
		var selecting []string
		for _, o := range cfg.Overrides() {
			if o.Pattern.Match(target) {
				selecting = append(selecting, o.Pattern.String())
			}
		}
		if want := quoted(row[1]); !slices.Equal(selecting, want) {
			t.Errorf("%s: selected by %q; config.md says %q", target, selecting, want)
		}
		rules := cfg.Rules(target)
		if len(rules) != 1 {
			t.Fatalf("%s: %d rules", target, len(rules))
		}
		winner := ""
		if w := quoted(row[2]); len(w) > 0 {
			winner = w[0]
		}
		if rules[0].Pattern != winner {
			t.Errorf("%s: won by %q; config.md says %q", target, rules[0].Pattern, winner)
		}
		m := ruleRe.FindStringSubmatch(row[3])
		if m == nil {
			t.Fatalf("%s: cannot read rule %q", target, row[3])
		}
		max, _ := strconv.ParseFloat(m[1], 64)
		p, _ := strconv.ParseFloat(m[3], 64)
		if got, want := fmt.Sprintf("%g p%g", rules[0].Max, rules[0].Percentile), fmt.Sprintf("%g p%g", max, p); got != want {
			t.Errorf("%s: rule %s; config.md says %s", target, got, want)
		}
	}
}

// TestPackageDocExample checks the file shown in the package doc.
func TestPackageDocExample(t *testing.T) {
	data, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(data), "// # The file\n//\n")
	if !ok {
		t.Fatal("no # The file section in doc.go")
	}
	var src strings.Builder
	for _, line := range strings.Split(after, "\n") {
		code, ok := strings.CutPrefix(line, "//\t")
		if !ok {
			break
		}
		src.WriteString(code + "\n")
	}
	cfg := mustParse(t, src.String())
	if n := len(cfg.Rules("api.F")); n != 9 {
		t.Errorf("the doc's example gives %d rules, want 9", n)
	}
}
