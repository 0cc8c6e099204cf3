package sample

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// FuzzParseName checks that a name taken apart goes back together: Base
// and Parts rebuild Full, and Series is Full without exactly the size part.
// Seeds are the benchmark names in testdata.
func FuzzParseName(f *testing.F) {
	for _, file := range []string{"testdata/run.txt", "testdata/cpus.txt"} {
		fh, err := os.Open(file)
		if err != nil {
			f.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		for sc.Scan() {
			if name, _, ok := strings.Cut(sc.Text(), "\t"); ok && strings.HasPrefix(name, "Benchmark") {
				name, _ = splitProcs(strings.TrimSpace(name))
				f.Add(name)
			}
		}
		fh.Close()
	}
	f.Add("BenchmarkF/json/n=1_024/warm")
	f.Fuzz(func(t *testing.T, s string) {
		n := ParseName(s)
		if n.Full != s {
			t.Fatalf("Full = %q, want %q", n.Full, s)
		}
		if got := strings.Join(append([]string{n.Base}, n.Parts...), "/"); got != s {
			t.Fatalf("Base and Parts give %q, want %q", got, s)
		}
		series := n.Series()
		if !n.HasSize() {
			if series != s || n.Size != 0 {
				t.Fatalf("no size: Series %q, Size %d", series, n.Size)
			}
			return
		}
		if n.Size < 0 || !isSizeKey(n.SizeKey) {
			t.Fatalf("size %s=%d", n.SizeKey, n.Size)
		}
		if got, want := strings.Count(series, "/"), strings.Count(s, "/")-1; got != want {
			t.Fatalf("Series %q of %q drops more than the size part", series, s)
		}
	})
}
