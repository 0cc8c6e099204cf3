package gotest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// SyntaxError is a line of a `go test -json` stream that is not an event.
// It is a record, not the end of the stream: reading continues after it.
type SyntaxError struct {
	FileName string
	Line     int
	Msg      string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("%s:%d: %s", e.FileName, e.Line, e.Msg) }

// Pos returns the stream name and line of the malformed line.
func (e *SyntaxError) Pos() (name string, line int) { return e.FileName, e.Line }

// Reader reads the events of a `go test -json` stream one line at a time,
// as the go command writes them, so a caller can act on each event (report
// progress) while the tests still run.
//
// Its API is modelled on benchfmt.Reader: Scan, then Record (or Event),
// until Scan returns false; then Err.
type Reader struct {
	br   *bufio.Reader
	name string
	line int
	ev   Event
	serr SyntaxError
	rec  Record
	err  error
	buf  []byte
}

// NewReader returns a reader of the stream r. name is used in positions
// ("name:line") and is purely diagnostic.
func NewReader(r io.Reader, name string) *Reader {
	return &Reader{br: bufio.NewReaderSize(r, 64<<10), name: name}
}

// Scan advances to the next record and reports whether there is one. Blank
// lines are skipped. It returns false at the end of the stream or on an I/O
// error; Err tells them apart.
func (r *Reader) Scan() bool {
	for r.err == nil {
		line, err := r.readLine()
		if err != nil && (err != io.EOF || len(line) == 0) {
			if err != io.EOF {
				r.err = fmt.Errorf("read %s: %w", r.name, err)
			} else {
				r.err = io.EOF
			}
			r.rec = nil
			return false
		}
		r.line++
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		r.rec = r.decode(line)
		return true
	}
	return false
}

// readLine returns the next line without its newline, however long.
func (r *Reader) readLine() ([]byte, error) {
	line, err := r.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		r.buf = append(r.buf[:0], line...)
		for err == bufio.ErrBufferFull {
			line, err = r.br.ReadSlice('\n')
			r.buf = append(r.buf, line...)
		}
		line = r.buf
	}
	line = trimNewline(line)
	return line, err
}

func trimNewline(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
		if n := len(b); n > 0 && b[n-1] == '\r' {
			b = b[:n-1]
		}
	}
	return b
}

func (r *Reader) decode(line []byte) Record {
	r.ev = Event{}
	err := json.Unmarshal(line, &r.ev)
	if err == nil && r.ev.Action == "" {
		err = errors.New("no Action")
	}
	if err != nil {
		r.serr = SyntaxError{FileName: r.name, Line: r.line, Msg: "not a test event: " + describe(err, line)}
		return &r.serr
	}
	r.ev.file, r.ev.line = r.name, r.line
	return &r.ev
}

// describe says what is wrong with a line, quoting a short prefix of it.
func describe(err error, line []byte) string {
	const max = 40
	s := string(line)
	if len(s) > max {
		s = s[:max] + "..."
	}
	return fmt.Sprintf("%v: %q", err, s)
}

// Record returns the record read by the last Scan: an *Event or a
// *SyntaxError. The reader owns it and overwrites it on the next Scan;
// copy what you keep.
func (r *Reader) Record() Record { return r.rec }

// Event returns the event read by the last Scan, or nil when that line was
// not an event. The reader owns it and overwrites it on the next Scan.
func (r *Reader) Event() *Event {
	e, _ := r.rec.(*Event)
	return e
}

// Err returns the I/O error that stopped Scan, or nil at the end of the
// stream. Malformed lines are not errors here; they are SyntaxError records.
func (r *Reader) Err() error {
	if r.err == io.EOF {
		return nil
	}
	return r.err
}
