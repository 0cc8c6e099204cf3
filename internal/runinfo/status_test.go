package runinfo

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// z joins porcelain fields with the NUL bytes -z puts after each.
func z(fields ...string) []byte { return []byte(strings.Join(fields, "\x00") + "\x00") }

const (
	head   = "# branch.oid 0123456789abcdef0123456789abcdef01234567"
	onMain = "# branch.head main"
	hashes = "100644 100644 100644 0123456789abcdef0123456789abcdef01234567 0123456789abcdef0123456789abcdef01234567 "
)

func TestParseStatus(t *testing.T) {
	commit := "0123456789abcdef0123456789abcdef01234567"
	for _, tc := range []struct {
		name string
		out  []byte
		want Status
	}{
		{"clean", z(head, onMain), Status{commit, "main", false}},
		{"no commit yet", z("# branch.oid (initial)", onMain), Status{"", "main", false}},
		{"detached", z(head, "# branch.head (detached)"), Status{commit, "", false}},
		{"upstream lines", z(head, onMain, "# branch.upstream origin/main", "# branch.ab +1 -0"), Status{commit, "main", false}},
		{"modified", z(head, onMain, "1 .M N... "+hashes+"hash.go"), Status{commit, "main", true}},
		{"staged, with a space", z(head, onMain, "1 A. N... "+hashes+"dir/a file.go"), Status{commit, "main", true}},
		{"untracked", z(head, onMain, "? new.go"), Status{commit, "main", true}},
		{"ignored", z(head, onMain, "! bin/choragen"), Status{commit, "main", false}},
		{"history db", z(head, onMain, "? .choragen/history.db"), Status{commit, "main", false}},
		{"untracked .choragen dir", z(head, onMain, "? .choragen/"), Status{commit, "main", false}},
		{"nested .choragen", z(head, onMain, "? examples/shop/.choragen/", "1 .M N... "+hashes+"examples/shop/.choragen/performance.yaml"), Status{commit, "main", false}},
		{"a file named .choragen", z(head, onMain, "? .choragen"), Status{commit, "main", true}},
		{".choragen-like name", z(head, onMain, "? .choragen2/x"), Status{commit, "main", true}},
		{"rename out of .choragen", z(head, onMain, "2 R. N... "+hashes+"R100 moved.yaml", ".choragen/performance.yaml"), Status{commit, "main", true}},
		{"rename within .choragen", z(head, onMain, "2 R. N... "+hashes+"R100 .choragen/b.yaml", ".choragen/a.yaml", "? .choragen/x"), Status{commit, "main", false}},
		{"unmerged", z(head, onMain, "u UU N... 100644 100644 100644 100644 h1 h2 h3 conflict.go"), Status{commit, "main", true}},
		{"empty", nil, Status{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ParseStatus(tc.out); got != tc.want {
				t.Errorf("ParseStatus(%q) = %+v, want %+v", tc.out, got, tc.want)
			}
		})
	}
}

func FuzzParseStatus(f *testing.F) {
	f.Add(z(head, onMain, "2 R. N... "+hashes+"R100 moved.yaml", ".choragen/performance.yaml"))
	f.Add(z(head, "# branch.head (detached)", "? .choragen/", "! x"))
	f.Add(z("u UU N... 100644 100644 100644 100644 h1 h2 h3 conflict.go"))
	f.Add([]byte("1\x002\x00?\x00"))
	f.Fuzz(func(t *testing.T, out []byte) {
		st := ParseStatus(out)
		// Only .choragen changes, or none: never dirty.
		if !st.Dirty {
			return
		}
		for _, f := range strings.Split(string(out), "\x00") {
			if f != "" && !strings.HasPrefix(f, "# ") {
				return // some entry: dirty may be right
			}
		}
		t.Errorf("ParseStatus(%q) is dirty without any entry", out)
	})
}

func TestParseCPUInfo(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"cpuinfo-x86.txt", "Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz"},
		{"cpuinfo-nofreq.txt", "AMD EPYC @ 2095.997MHz"},
		{"cpuinfo-arm64.txt", ""},
		{"cpuinfo-riscv.txt", "SiFive U74"},
	} {
		f, err := os.Open(filepath.Join("testdata", tc.file))
		if err != nil {
			t.Fatal(err)
		}
		got := parseCPUInfo(f)
		f.Close()
		if got != tc.want {
			t.Errorf("parseCPUInfo(%s) = %q, want %q", tc.file, got, tc.want)
		}
	}
}

func FuzzParseCPUInfo(f *testing.F) {
	files, _ := filepath.Glob("testdata/cpuinfo-*.txt")
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got := parseCPUInfo(strings.NewReader(string(b)))
		name, _, _ := strings.Cut(got, " @ ")
		if !strings.Contains(string(b), name) {
			t.Errorf("parseCPUInfo(%q) = %q, which the input does not hold", b, got)
		}
	})
}

func TestCleanCPU(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Oxide Virtual Turin-like Processor             ", "Oxide Virtual Turin-like Processor"},
		{"  Intel(R) Xeon(R) CPU\t E5-2680 ", "Intel(R) Xeon(R) CPU E5-2680"},
		{"", ""},
	} {
		if got := CleanCPU(tc.in); got != tc.want {
			t.Errorf("CleanCPU(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestModulePath(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"module example.com/shop\n\ngo 1.26\n", "example.com/shop"},
		{"// a comment\nmodule \"example.com/quoted\" // trailing\n", "example.com/quoted"},
		{"go 1.26\n", ""},
		{"module\n", ""},
		{"  module   example.com/spaced  \r\n", "example.com/spaced"},
	} {
		if got := ModulePath([]byte(tc.in)); got != tc.want {
			t.Errorf("ModulePath(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
