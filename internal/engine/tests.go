package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/choragen/choragen/internal/gotest"
	"github.com/choragen/choragen/internal/report"
)

// outEnv is the variable that tells test processes where to write the
// violations their collectors saw (perf.OutEnv).
const outEnv = "CHORAGEN_PERF_OUT"

// outFile is what a test process writes to $CHORAGEN_PERF_OUT
// (docs/architecture.md).
type outFile struct {
	Package    string             `json:"package"`
	PID        int                `json:"pid"`
	Dropped    uint64             `json:"dropped"`
	Violations []report.Violation `json:"violations"`
}

// runTests runs the tests of every package checked with CHORAGEN_PERF_OUT
// set to a fresh directory, and joins the violations the processes wrote to
// the report. A violation of a contract the report lists fails that
// contract; one of a contract declared only in code is counted apart
// (report.UnlistedViolations). Failing tests are warnings: they are go
// test's verdict to give, not choragen's.
func (e *Engine) runTests(ctx context.Context, p *plan, r *report.Report) error {
	dir, err := os.MkdirTemp("", "choragen-perf-out-")
	if err != nil {
		return &Error{Msg: fmt.Sprintf("create violations directory: %v", err)}
	}
	defer os.RemoveAll(dir)

	var pkgs []string
	for _, pkg := range p.found.Packages {
		if pkg.Error == nil {
			pkgs = append(pkgs, pkg.ImportPath)
		}
	}
	if len(pkgs) == 0 {
		return nil
	}
	e.logf("test: %d packages with %s set", len(pkgs), outEnv)
	out, err := gotest.Test(ctx, gotest.TestOptions{
		Dir:      p.moduleDir(),
		Packages: pkgs,
		Env:      append(append([]string(nil), e.Env...), outEnv+"="+dir),
		Count:    1,
		Progress: e.progress(),
		Go:       e.Go,
	})
	if err != nil {
		return err
	}
	if be := out.BuildError(); be != nil {
		return be
	}
	for _, f := range out.Failures() {
		r.Warnings = append(r.Warnings, fmt.Sprintf("test %s %s failed: %s", f.Package, f.Name, f.Reason))
	}
	files, err := readOutDir(dir)
	if err != nil {
		return &Error{Msg: err.Error()}
	}
	byID := map[string]int{}
	for i, c := range r.Contracts {
		byID[c.ID] = i
	}
	for _, f := range files {
		if f.Dropped > 0 {
			r.Warnings = append(r.Warnings, fmt.Sprintf("%s (pid %d): the collector dropped %d violations", f.Package, f.PID, f.Dropped))
		}
		for _, v := range f.Violations {
			if v.Context == nil {
				v.Context = map[string]any{}
			}
			v.Context["process"] = f.Package
			r.Violations = append(r.Violations, v)
			i, ok := byID[v.ContractID]
			if !ok {
				continue
			}
			c := &r.Contracts[i]
			if c.Status != report.StatusFailed {
				c.Status = report.StatusFailed
				c.Measured = report.Float(v.Measured)
				c.Reason = fmt.Sprintf("violated at run time in %s's tests: measured %v > %v %s", f.Package, v.Measured, v.Threshold, c.Unit)
			}
		}
	}
	return nil
}

// readOutDir reads every violations file in dir, sorted by name.
func readOutDir(dir string) ([]outFile, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read violations: %w", err)
	}
	var files []outFile
	for _, ent := range entries {
		if ent.IsDir() || !strings.HasSuffix(ent.Name(), ".json") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, ent.Name()))
		if err != nil {
			return nil, fmt.Errorf("read violations: %w", err)
		}
		var f outFile
		if err := json.Unmarshal(data, &f); err != nil {
			return nil, fmt.Errorf("read violations %s: %w", ent.Name(), err)
		}
		files = append(files, f)
	}
	sort.Slice(files, func(i, j int) bool {
		if files[i].Package != files[j].Package {
			return files[i].Package < files[j].Package
		}
		return files[i].PID < files[j].PID
	})
	return files, nil
}
