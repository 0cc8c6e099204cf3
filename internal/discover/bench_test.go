package discover

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// reportCPU reports the CPU time per operation since start (see cpuTime).
func reportCPU(b *testing.B, start time.Duration) {
	if end, ok := cpuTime(); ok {
		b.ReportMetric(float64(end-start)/float64(b.N)/1e6, "cpu-ms/op")
	}
}

// The synthetic module the benchmarks discover: 20 packages of 7 Go files
// and 3 test files (200 files, about 26,000 lines); a third of the
// functions carry directives, and most have a benchmark.
const (
	genPackages  = 20
	genGoFiles   = 7
	genTestFiles = 3
	genFuncs     = 12 // per Go file
)

func genModule(tb testing.TB) string {
	tb.Helper()
	dir := tb.TempDir()
	write := func(name, src string) {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	write("go.mod", "module example.com/gen\n\ngo 1.26\n")
	for p := range genPackages {
		pkg := fmt.Sprintf("pkg%02d", p)
		var names []string
		for f := range genGoFiles {
			var b strings.Builder
			fmt.Fprintf(&b, "package %s\n\nimport \"strings\"\n\n", pkg)
			fmt.Fprintf(&b, "type T%d struct{ items []string }\n\n", f)
			for i := range genFuncs {
				name := fmt.Sprintf("F%d_%d", f, i)
				fmt.Fprintf(&b, "// %s joins its input a few times, as real code would do something.\n", name)
				if i%3 == 0 {
					fmt.Fprintf(&b, "//\n//perf:latency max=1ms p=95\n//perf:memory max=4KiB allocs=3\n")
				}
				recv := ""
				if i%4 == 1 {
					recv = fmt.Sprintf("(t *T%d) ", f)
				}
				fmt.Fprintf(&b, "func %s%s(s string, n int) string {\n\tvar b strings.Builder\n", recv, name)
				fmt.Fprintf(&b, "\tfor i := 0; i < n; i++ {\n\t\tif i%%2 == 0 {\n\t\t\tb.WriteString(s)\n\t\t} else {\n\t\t\tb.WriteString(strings.ToUpper(s))\n\t\t}\n\t}\n")
				fmt.Fprintf(&b, "\tswitch x := b.Len(); {\n\tcase x > 100:\n\t\treturn b.String()[:100]\n\tcase x == 0:\n\t\treturn \"\"\n\t}\n\treturn b.String()\n}\n\n")
				if recv != "" {
					names = append(names, fmt.Sprintf("T%d_%s", f, name))
				} else {
					names = append(names, name)
				}
			}
			write(fmt.Sprintf("%s/file%d.go", pkg, f), b.String())
		}
		for t := range genTestFiles {
			var b strings.Builder
			fmt.Fprintf(&b, "package %s\n\nimport \"testing\"\n\n", pkg)
			for i, name := range names {
				if i%genTestFiles == t && i%5 != 4 {
					fmt.Fprintf(&b, "func Benchmark%s(b *testing.B) {\n\tfor b.Loop() {\n\t\t_ = len(\"%s\")\n\t}\n}\n\n", name, name)
				}
			}
			write(fmt.Sprintf("%s/file%d_test.go", pkg, t), b.String())
		}
	}
	return dir
}

func TestGenModule(t *testing.T) {
	dir := genModule(t)
	res, err := Load(context.Background(), Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) > 0 {
		t.Fatalf("errors in the generated module: %v", res.Errors[0])
	}
	var files, funcs, specs, bound int
	for _, p := range res.Packages {
		files += genGoFiles + genTestFiles
		for _, f := range p.Funcs {
			funcs++
			specs += len(f.Specs)
			if f.Bench != "" {
				bound++
			}
		}
	}
	if got, want := len(res.Packages), genPackages; got != want {
		t.Errorf("%d packages, want %d", got, want)
	}
	// Functions listed: those with directives (every third) or a benchmark
	// (all but every fifth); specs: three per directive function.
	n := genPackages * genGoFiles * genFuncs
	var wantFuncs, wantSpecs, wantBound int
	for i := range n {
		j := i % genFuncs
		withDir, withBench := j%3 == 0, (i%(genGoFiles*genFuncs))%5 != 4
		if withDir || withBench {
			wantFuncs++
		}
		if withDir {
			wantSpecs += 3
		}
		if withBench {
			wantBound++
		}
	}
	if funcs != wantFuncs || specs != wantSpecs || bound != wantBound {
		t.Errorf("%d funcs, %d specs, %d bound; want %d, %d, %d", funcs, specs, bound, wantFuncs, wantSpecs, wantBound)
	}
}

// BenchmarkLoad is discovery on a module of 200 files, go list included.
func BenchmarkLoad(b *testing.B) {
	dir := genModule(b)
	ctx := context.Background()
	start, _ := cpuTime()
	for b.Loop() {
		if _, err := Load(ctx, Options{Dir: dir}); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
	b.ReportMetric(float64(b.N*genPackages*(genGoFiles+genTestFiles))/b.Elapsed().Seconds(), "files/s")
}

// BenchmarkParse is discovery's own work on the same module: parsing,
// reading directives, binding; go list left out.
func BenchmarkParse(b *testing.B) {
	dir := genModule(b)
	listed, err := goList(context.Background(), dir, nil, []string{"./..."})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	start, _ := cpuTime()
	for b.Loop() {
		files := parseAll(ctx, listed)
		for i, lp := range listed {
			bind(lp, "example.com/gen", files[i])
		}
	}
	reportCPU(b, start)
	b.ReportMetric(float64(b.N*genPackages*(genGoFiles+genTestFiles))/b.Elapsed().Seconds(), "files/s")
}

// BenchmarkGoList is the go list command alone, the floor of Load.
func BenchmarkGoList(b *testing.B) {
	dir := genModule(b)
	start, _ := cpuTime()
	for b.Loop() {
		if _, err := goList(context.Background(), dir, nil, []string{"./..."}); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}

// BenchmarkGoTest is the cheapest go test that choragen's runner could run
// on the same module, build cache warm: build and run every test binary
// with no test and no benchmark. Discovery must cost little beside it.
func BenchmarkGoTest(b *testing.B) {
	dir := genModule(b)
	run := func() {
		cmd := exec.Command("go", "test", "-count=1", "-run=^$", "-bench=^$", "./...")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("go test: %v\n%s", err, out)
		}
	}
	run() // warm the build cache
	start, _ := cpuTime()
	for b.Loop() {
		run()
	}
	reportCPU(b, start)
}
