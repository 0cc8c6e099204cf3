package gotest

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

func TestReader(t *testing.T) {
	long := strings.Repeat("x", 200<<10) // longer than the reader's buffer
	type rec struct {
		line   int
		action string // "" for a syntax error
		output string
		errHas string
	}
	for _, tc := range []struct {
		name string
		in   string
		want []rec
	}{
		{
			name: "events",
			in: `{"Time":"2026-11-23T15:38:30.016460472Z","Action":"start","Package":"example.com/m/a"}
{"Action":"output","Package":"example.com/m/a","Output":"goos: linux\n"}
`,
			want: []rec{{line: 1, action: "start"}, {line: 2, action: "output", output: "goos: linux\n"}},
		},
		{
			name: "malformed lines are records and reading goes on",
			in:   "{\"Action\":\"start\"}\nok  \texample.com/m\t0.1s\n{\"Package\":\"p\"}\n[1,2]\n{\"Action\":\"pass\"}",
			want: []rec{
				{line: 1, action: "start"},
				{line: 2, errHas: "go test -json:2: not a test event: invalid character"},
				{line: 3, errHas: "go test -json:3: not a test event: no Action"},
				{line: 4, errHas: "cannot unmarshal array"},
				{line: 5, action: "pass"},
			},
		},
		{
			name: "blank lines and CRLF",
			in:   "\n{\"Action\":\"start\"}\r\n\r\n  \n{\"Action\":\"pass\"}\n",
			want: []rec{{line: 2, action: "start"}, {line: 5, action: "pass"}},
		},
		{
			name: "a line longer than the buffer",
			in:   `{"Action":"output","Output":"` + long + `"}` + "\n" + `{"Action":"pass"}`,
			want: []rec{{line: 1, action: "output", output: long}, {line: 2, action: "pass"}},
		},
		{
			name: "build events",
			in:   `{"ImportPath":"example.com/m/bad","Action":"build-fail"}`,
			want: []rec{{line: 1, action: "build-fail"}},
		},
		{
			name: "truncated last line",
			in:   `{"Action":"start"}` + "\n" + `{"Action":"out`,
			want: []rec{{line: 1, action: "start"}, {line: 2, errHas: "unexpected end of JSON input"}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := NewReader(strings.NewReader(tc.in), "go test -json")
			var got []rec
			for r.Scan() {
				name, line := r.Record().Pos()
				if name != "go test -json" {
					t.Errorf("Pos name = %q", name)
				}
				switch x := r.Record().(type) {
				case *Event:
					if r.Event() != x {
						t.Errorf("Event() = %p, Record() = %p", r.Event(), x)
					}
					got = append(got, rec{line: line, action: x.Action, output: x.Output})
				case *SyntaxError:
					if r.Event() != nil {
						t.Errorf("Event() = %v for a syntax error", r.Event())
					}
					got = append(got, rec{line: line, errHas: x.Error()})
				}
			}
			if err := r.Err(); err != nil {
				t.Fatalf("Err() = %v", err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d records %+v, want %d", len(got), got, len(tc.want))
			}
			for i, w := range tc.want {
				g := got[i]
				if g.line != w.line || g.action != w.action || g.output != w.output {
					t.Errorf("record %d = line %d action %q output %.20q; want line %d action %q output %.20q",
						i, g.line, g.action, g.output, w.line, w.action, w.output)
				}
				if !strings.Contains(g.errHas, w.errHas) || (w.errHas == "") != (g.errHas == "") {
					t.Errorf("record %d error = %q, want it to contain %q", i, g.errHas, w.errHas)
				}
			}
		})
	}
}

func TestReaderFields(t *testing.T) {
	in := `{"Time":"2026-11-23T15:38:30.016547437Z","Action":"fail","Package":"example.com/m/a","Test":"BenchmarkX/n=1","Elapsed":0.25,"FailedBuild":"example.com/m/bad","ImportPath":"x","Extra":true}`
	r := NewReader(strings.NewReader(in), "s")
	if !r.Scan() {
		t.Fatal("Scan() = false")
	}
	e := r.Event()
	want := Event{
		Time:   time.Date(2026, 11, 23, 15, 38, 30, 16547437, time.UTC),
		Action: "fail", Package: "example.com/m/a", Test: "BenchmarkX/n=1",
		Elapsed: 0.25, FailedBuild: "example.com/m/bad", ImportPath: "x",
		file: "s", line: 1,
	}
	if !e.Time.Equal(want.Time) {
		t.Errorf("Time = %v, want %v", e.Time, want.Time)
	}
	e.Time, want.Time = time.Time{}, time.Time{}
	if *e != want {
		t.Errorf("event = %+v\nwant    %+v", *e, want)
	}
	if r.Scan() {
		t.Errorf("second Scan() = true")
	}
}

func TestReaderIOError(t *testing.T) {
	boom := errors.New("boom")
	in := io.MultiReader(strings.NewReader("{\"Action\":\"start\"}\n"), iotest.ErrReader(boom))
	r := NewReader(in, "s")
	n := 0
	for r.Scan() {
		n++
	}
	if n != 1 {
		t.Errorf("read %d records before the error, want 1", n)
	}
	if err := r.Err(); !errors.Is(err, boom) {
		t.Errorf("Err() = %v, want %v", err, boom)
	}
}
