package render

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ANSI styles of the text renderer.
const (
	styleNone   = ""
	styleBold   = "\x1b[1m"
	styleDim    = "\x1b[2m"
	styleRed    = "\x1b[31m"
	styleGreen  = "\x1b[32m"
	styleYellow = "\x1b[33m"
	styleReset  = "\x1b[0m"
)

// cell is one table cell: plain text and the style it is shown in.
type cell struct {
	text  string
	style string
}

// row is a table row: either cells, aligned in columns, or a line that
// spans the table and takes no part in the column widths (group headings,
// reasons).
type row struct {
	cells  []cell
	line   string
	style  string
	indent int
}

// table lays out rows in columns the way benchstat does: widths counted in
// runes, so that "µ" and "±" take one column each, and colour applied
// after padding, so that escape sequences never shift a column.
type table struct {
	rows  []row
	right map[int]bool // columns aligned right
}

func (t *table) add(indent int, cells ...cell) {
	t.rows = append(t.rows, row{cells: cells, indent: indent})
}

func (t *table) addLine(indent int, style, line string) {
	t.rows = append(t.rows, row{line: line, style: style, indent: indent})
}

// write lays the table out into buf, styled when color is set.
func (t *table) write(buf *bytes.Buffer, color bool) {
	var widths []int
	for _, r := range t.rows {
		for i, c := range r.cells {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], utf8.RuneCountInString(c.text))
		}
	}
	for _, r := range t.rows {
		buf.WriteString(strings.Repeat(" ", r.indent))
		if r.cells == nil {
			styled(buf, color, r.style, r.line)
			buf.WriteByte('\n')
			continue
		}
		// The last non-empty cell ends the line: no trailing spaces.
		last := len(r.cells) - 1
		for last > 0 && r.cells[last].text == "" {
			last--
		}
		for i := 0; i <= last; i++ {
			c := r.cells[i]
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c.text))
			if i > 0 {
				buf.WriteString("  ")
			}
			if t.right[i] {
				buf.WriteString(pad)
				styled(buf, color, c.style, c.text)
			} else {
				styled(buf, color, c.style, c.text)
				if i < last {
					buf.WriteString(pad)
				}
			}
		}
		buf.WriteByte('\n')
	}
}

func styled(buf *bytes.Buffer, color bool, style, s string) {
	if !color || style == "" || s == "" {
		buf.WriteString(s)
		return
	}
	buf.WriteString(style)
	buf.WriteString(s)
	buf.WriteString(styleReset)
}

// clean makes a string from the report safe to print on a terminal: control
// characters (which could move the cursor or clear the screen), bidi
// overrides (which could reorder what is shown) and invalid UTF-8 are
// written as Go escapes, so that a hostile target name shows as what it is.
func clean(s string) string {
	ok := utf8.ValidString(s)
	for _, r := range s {
		if unsafeRune(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unsafeRune(r):
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) ||
		r == '\u2028' || r == '\u2029'
}
