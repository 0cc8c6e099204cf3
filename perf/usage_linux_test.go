package perf

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseProcIO(t *testing.T) {
	for _, tc := range []struct {
		name string
		text string
		want procIOCounts
		ok   bool
	}{
		{"kernel 6", "rchar: 2243\nwchar: 112\nsyscr: 7\nsyscw: 1\nread_bytes: 0\nwrite_bytes: 4096\ncancelled_write_bytes: 0\n",
			procIOCounts{2243, 112, 7, 1}, true},
		{"no trailing newline", "rchar: 1\nwchar: 2\nsyscr: 3\nsyscw: 4", procIOCounts{1, 2, 3, 4}, true},
		{"other order", "syscw: 4\nsyscr: 3\nwchar: 2\nrchar: 1\n", procIOCounts{1, 2, 3, 4}, true},
		{"a field missing", "rchar: 1\nwchar: 2\nsyscr: 3\n", procIOCounts{}, false},
		{"a field twice", "rchar: 1\nrchar: 1\nwchar: 2\nsyscr: 3\nsyscw: 4\n", procIOCounts{}, false},
		{"not a number", "rchar: x\nwchar: 2\nsyscr: 3\nsyscw: 4\n", procIOCounts{}, false},
		{"negative", "rchar: -1\nwchar: 2\nsyscr: 3\nsyscw: 4\n", procIOCounts{}, false},
		{"too long", "rchar: 1234567890123456789\nwchar: 2\nsyscr: 3\nsyscw: 4\n", procIOCounts{}, false},
		{"empty", "", procIOCounts{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := parseProcIO([]byte(tc.text))
			if got != tc.want || ok != tc.ok {
				t.Errorf("parseProcIO = %+v, %v; want %+v, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}

// FuzzParseProcIO: any text parses without a panic, and what parses is
// what the text says.
func FuzzParseProcIO(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "procio", "*.txt"))
	for _, name := range seeds {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("rchar: 1\nwchar: 2\n"))
	if data, err := os.ReadFile(filepath.Join("/proc", "self", "io")); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		c, ok := parseProcIO(text)
		if !ok {
			if c != (procIOCounts{}) {
				t.Errorf("counts %+v with a failed parse", c)
			}
			return
		}
		if c.rchar < 0 || c.wchar < 0 || c.syscr < 0 || c.syscw < 0 {
			t.Errorf("negative counts %+v", c)
		}
		if !strings.Contains(string(text), "syscr: ") {
			t.Errorf("parsed %q without a syscr field", text)
		}
	})
}
