package sample

import (
	"strconv"
	"strings"
)

// Name is a benchmark's name taken apart: its base (the Benchmark
// function), its sub-benchmark parts, and the input size a part gives.
//
// Sub-benchmarks named "n=<int>", "size=<int>" or "len=<int>" (any case)
// give the input size that complexity is fitted over: "BenchmarkSort/n=1024"
// has Base "BenchmarkSort", Size 1024 and Series "BenchmarkSort".
type Name struct {
	// Full is the name as go test prints it, without -GOMAXPROCS:
	// "BenchmarkSort/json/n=1024".
	Full string
	// Base is the benchmark function: "BenchmarkSort".
	Base string
	// Parts are the sub-benchmark parts: ["json", "n=1024"].
	Parts []string
	// SizeKey is the key of the first part that gives a size ("n",
	// "size" or "len", as written), or "" when no part does.
	SizeKey string
	// Size is that part's value.
	Size int

	sizePart int // index in Parts of the size part
}

// sizeKeys are the sub-benchmark keys that name an input size.
var sizeKeys = []string{"n", "size", "len"}

// ParseName takes a benchmark name apart. s is a name without the
// -GOMAXPROCS suffix, as in Key.Name.
func ParseName(s string) Name {
	n := Name{Full: s}
	parts := strings.Split(s, "/")
	n.Base = parts[0]
	if len(parts) > 1 {
		n.Parts = parts[1:]
	}
	for i, p := range n.Parts {
		k, v, ok := strings.Cut(p, "=")
		if !ok || !isSizeKey(k) {
			continue
		}
		size, err := strconv.Atoi(strings.ReplaceAll(v, "_", ""))
		if err != nil || size < 0 {
			continue
		}
		n.SizeKey, n.Size, n.sizePart = k, size, i
		break
	}
	return n
}

func isSizeKey(k string) bool {
	for _, s := range sizeKeys {
		if strings.EqualFold(k, s) {
			return true
		}
	}
	return false
}

// HasSize reports whether a part of the name gives an input size.
func (n Name) HasSize() bool { return n.SizeKey != "" }

// Series returns the name without its size part: the benchmarks of one
// series differ only in size ("BenchmarkSort/json/n=1024" and
// "BenchmarkSort/json/n=2048" are both in series "BenchmarkSort/json").
// Without a size part it is Full.
func (n Name) Series() string {
	if !n.HasSize() {
		return n.Full
	}
	parts := append([]string{n.Base}, n.Parts[:n.sizePart]...)
	return strings.Join(append(parts, n.Parts[n.sizePart+1:]...), "/")
}

func (n Name) String() string { return n.Full }

// splitProcs splits the -GOMAXPROCS suffix go test adds to a benchmark's
// name when GOMAXPROCS is not 1 ("BenchmarkF/n=10-8" → "BenchmarkF/n=10",
// 8). Without a suffix, procs is 1.
func splitProcs(name string) (string, int) {
	i := strings.LastIndexByte(name, '-')
	if i < 0 || i == len(name)-1 || strings.IndexByte(name[i:], '/') >= 0 {
		return name, 1
	}
	procs, err := strconv.Atoi(name[i+1:])
	if err != nil || procs <= 0 || name[i+1] == '+' {
		return name, 1
	}
	return name[:i], procs
}
