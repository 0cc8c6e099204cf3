package perf

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
)

// OutEnv is the environment variable that names the directory where a
// process writes the violations it saw, when choragen runs tests
// (`choragen perf --tests`).
const OutEnv = "CHORAGEN_PERF_OUT"

// Flush makes Default's contracts judge their open windows (Check), then,
// when $CHORAGEN_PERF_OUT names a directory, writes Default's violations
// there (WriteViolations). Without the variable it writes nothing. Call it
// as a process ends; in tests, perftest.Main does.
func Flush() error {
	Default.Check()
	dir := os.Getenv(OutEnv)
	if dir == "" {
		return nil
	}
	_, err := Default.WriteViolations(dir)
	return err
}

// outFile is the file a process writes to $CHORAGEN_PERF_OUT.
type outFile struct {
	Package    string          `json:"package"`
	PID        int             `json:"pid"`
	Dropped    uint64          `json:"dropped"`
	Violations []wireViolation `json:"violations"`
	// Contracts are the verdicts of the contracts the process judged,
	// passed or not (added after violations: readers that do not know
	// the field ignore it).
	Contracts []wireContract `json:"contracts"`
}

// WriteViolations writes the collector's violations to dir, in the file
// "<package>.<pid>.json", where <package> is the import path of the
// process's main package with "/" replaced by "_" (for a test binary, the
// package under test), and returns the file's path. The file holds
//
//	{"package": "example.com/shop/api", "pid": 4242, "dropped": 0,
//	 "violations": [{"contractId": "latency@p99:example.com/shop/api.List",
//	                 "measured": 4.1, "threshold": 1,
//	                 "timestamp": "2026-11-22T10:00:00Z",
//	                 "context": {"target": "example.com/shop/api.List",
//	                             "metric": "latency", "percentile": 99,
//	                             "unit": "ms", "samples": 1000}}]}
//
// with violations in the shape of choragen's report, and then
//
//	"contracts": [{"id": "latency@p95:GET /api/users/{id}", "type": "latency",
//	               "metric": "latency", "target": "GET /api/users/{id}",
//	               "threshold": 100, "unit": "ms", "percentile": 95,
//	               "status": "passed", "measured": 3.2, "samples": 400,
//	               "origin": "config", "source": ".choragen/performance.yaml:7",
//	               "context": {"statistic": "p95", "windows": 1, "violations": 0}}]}
//
// the Verdicts of every contract of c that measured a call, in the shape
// of the report's contracts, sorted by id. It does not judge open windows
// first (Flush does). The file is written to a temporary file first and
// renamed, so a reader never sees half of it.
func (c *Collector) WriteViolations(dir string) (string, error) {
	vs, dropped := c.snapshot()
	f := outFile{
		Package:    mainPackage(),
		PID:        os.Getpid(),
		Dropped:    dropped,
		Violations: make([]wireViolation, len(vs)),
		Contracts:  []wireContract{},
	}
	for i, v := range vs {
		f.Violations[i] = v.report()
	}
	for _, ct := range c.liveContracts() {
		if !ct.judged() {
			continue
		}
		for _, v := range ct.Verdicts() {
			f.Contracts = append(f.Contracts, v.wire())
		}
	}
	sort.SliceStable(f.Contracts, func(i, j int) bool { return f.Contracts[i].ID < f.Contracts[j].ID })
	data, err := json.MarshalIndent(f, "", "\t")
	if err != nil {
		return "", fmt.Errorf("encode violations: %w", err)
	}
	name := filepath.Join(dir, fileName(f.Package)+"."+strconv.Itoa(f.PID)+".json")
	if err := writeAtomic(name, append(data, '\n')); err != nil {
		return "", fmt.Errorf("write violations: %w", err)
	}
	return name, nil
}

// writeAtomic writes data to a temporary file beside name and renames it
// to name. The temporary name does not end in .json, so a reader listing
// *.json never picks it up.
func writeAtomic(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}

// mainPackage returns the import path of the running program's main
// package from its build information. `go test` builds a test binary as
// the package "<import path>.test", so that suffix is dropped.
//
// Note: the build information is reliable where os.Args[0] is not: a test
// binary run by `go test` is named after the last element of the path
// only, and `go test -c -o` can name it anything.
func mainPackage() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Path != "" {
		return strings.TrimSuffix(bi.Path, ".test")
	}
	return strings.TrimSuffix(filepath.Base(os.Args[0]), ".test")
}

// fileName turns an import path into a file name: "/" becomes "_", and so
// does anything else that a file system might not take.
func fileName(pkg string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', strings.ContainsRune(".-~+", r):
			return r
		}
		return '_'
	}, pkg)
}
