package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/choragen/choragen/internal/config"
	"github.com/choragen/choragen/internal/gotest"
	"github.com/choragen/choragen/internal/metric"
	"github.com/choragen/choragen/internal/report"
)

// outEnv is the variable that tells test processes where to write the
// violations their collectors saw and the contracts they judged
// (perf.OutEnv).
const outEnv = "CHORAGEN_PERF_OUT"

// rulesEnv is the variable that names the file of configuration rules for
// targets that only test processes know: the routes perfhttp measures
// (perf.RulesEnv).
const rulesEnv = "CHORAGEN_PERF_RULES"

// outFile is what a test process writes to $CHORAGEN_PERF_OUT
// (docs/architecture.md).
type outFile struct {
	Package    string             `json:"package"`
	PID        int                `json:"pid"`
	Dropped    uint64             `json:"dropped"`
	Violations []report.Violation `json:"violations"`
	// Contracts are the verdicts of every contract the process judged,
	// passed or not, in the report's shape (perf.Verdict). Files from
	// before the field have none.
	Contracts []report.Contract `json:"contracts"`
}

// rulesFile is the file $CHORAGEN_PERF_RULES names (perf.Rule).
type rulesFile struct {
	Rules []rule `json:"rules"`
}

type rule struct {
	Pattern    string  `json:"pattern"`
	Section    string  `json:"section"`
	Metric     string  `json:"metric"`
	Max        float64 `json:"max"`
	Unit       string  `json:"unit"`
	Percentile float64 `json:"percentile,omitempty"`
	Source     string  `json:"source"`
}

// routeSections are the configuration sections whose rules can reach
// targets known only at run time: perfhttp's routes are judged on latency.
var routeSections = map[string]bool{"latency": true}

// runTests runs the tests of every package checked with CHORAGEN_PERF_OUT
// set to a fresh directory and CHORAGEN_PERF_RULES to the configuration's
// route rules, and joins what the processes wrote to the report: the
// contracts they judged, passed or not (a contract the report lists already
// fails when a test process failed it), and their violations. A violation
// of a contract that no list has is counted apart
// (report.UnlistedViolations). Failing tests are warnings: they are go
// test's verdict to give, not choragen's.
func (e *Engine) runTests(ctx context.Context, p *plan, r *report.Report) error {
	tmp, err := os.MkdirTemp("", "choragen-perf-out-")
	if err != nil {
		return &Error{Msg: fmt.Sprintf("create violations directory: %v", err)}
	}
	defer os.RemoveAll(tmp)
	dir := filepath.Join(tmp, "out")
	if err := os.Mkdir(dir, 0o755); err != nil {
		return &Error{Msg: fmt.Sprintf("create violations directory: %v", err)}
	}
	rulesPath := filepath.Join(tmp, "rules.json")
	if err := writeRules(rulesPath, p.cfg, p.moduleDir()); err != nil {
		return &Error{Msg: err.Error()}
	}

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
		Env:      append(append([]string(nil), e.Env...), outEnv+"="+dir, rulesEnv+"="+rulesPath),
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
	joinOutFiles(r, files, p.moduleDir())
	return nil
}

// writeRules writes the configuration's rules for routes to path, in
// report units, with their sources relative to the module root as the
// report gives config contracts theirs.
func writeRules(path string, cfg *config.Config, moduleDir string) error {
	f := rulesFile{Rules: []rule{}}
	for _, r := range cfg.AllRules() {
		if !routeSections[r.Section] {
			continue
		}
		in, _ := metric.Lookup(r.Metric)
		f.Rules = append(f.Rules, rule{
			Pattern:    r.Pattern,
			Section:    r.Section,
			Metric:     string(r.Metric),
			Max:        r.Max,
			Unit:       in.Unit,
			Percentile: r.Percentile,
			Source:     fmt.Sprintf("%s:%d", relTo(moduleDir, absPath(r.Pos.File)), r.Pos.Line),
		})
	}
	data, err := json.MarshalIndent(f, "", "\t")
	if err != nil {
		return fmt.Errorf("encode rules: %w", err)
	}
	if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("write rules: %w", err)
	}
	return nil
}

// joinOutFiles adds what the test processes wrote to r: first their
// contracts, then their violations.
//
// A contract that only test processes judged (declared in code, or given
// to a route by the configuration) joins the report with the verdict the
// processes gave it; when several processes judged the same one, the worst
// verdict holds and the samples add up. A contract the report lists
// already (judged by benchmarks) keeps its verdict unless a test process
// failed it.
func joinOutFiles(r *report.Report, files []outFile, moduleDir string) {
	byID := map[string]int{}
	for i, c := range r.Contracts {
		byID[c.ID] = i
	}
	fromTests := map[string]bool{} // ids that test processes added
	for _, f := range files {
		if f.Dropped > 0 {
			r.Warnings = append(r.Warnings, fmt.Sprintf("%s (pid %d): the collector dropped %d violations", f.Package, f.PID, f.Dropped))
		}
		for _, c := range f.Contracts {
			c = runTimeContract(c, f.Package, moduleDir)
			i, ok := byID[c.ID]
			switch {
			case !ok:
				byID[c.ID] = len(r.Contracts)
				fromTests[c.ID] = true
				r.Contracts = append(r.Contracts, c)
			case fromTests[c.ID]:
				mergeRunTime(&r.Contracts[i], c)
			case c.Status == report.StatusFailed && r.Contracts[i].Status != report.StatusFailed:
				listed := &r.Contracts[i]
				listed.Status, listed.Measured, listed.Reason = report.StatusFailed, c.Measured, c.Reason
			}
		}
	}
	for _, f := range files {
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
}

// runTimeContract completes a contract as a test process of pkg wrote it:
// its package, its source relative to the module root, and a reason for a
// failure.
func runTimeContract(c report.Contract, pkg, moduleDir string) report.Contract {
	if c.Package == "" {
		c.Package = pkg
	}
	if file, line, ok := cutLine(c.Source); ok && filepath.IsAbs(file) {
		c.Source = relTo(moduleDir, file) + ":" + line
	}
	if c.Type == "" {
		if in, ok := metric.Lookup(metric.Metric(c.Metric)); ok {
			c.Type = string(in.Kind)
		}
	}
	if c.Context == nil {
		c.Context = map[string]any{}
	}
	c.Context["processes"] = []string{pkg}
	if c.Status == report.StatusFailed && c.Reason == "" && c.Measured != nil {
		stat, _ := c.Context["statistic"].(string)
		c.Reason = strings.TrimSpace(fmt.Sprintf("violated at run time in %s's tests: %s %v > %v %s", pkg, stat, *c.Measured, c.Threshold, c.Unit))
	}
	return c
}

// cutLine splits "file:line" at its last colon.
func cutLine(source string) (file, line string, ok bool) {
	i := strings.LastIndexByte(source, ':')
	if i < 0 {
		return "", "", false
	}
	if _, err := strconv.Atoi(source[i+1:]); err != nil {
		return "", "", false
	}
	return source[:i], source[i+1:], true
}

// statusRank orders verdicts from best to worst for merging.
var statusRank = map[report.Status]int{
	report.StatusUnmeasured: 0, report.StatusPassed: 1, report.StatusInconclusive: 2, report.StatusFailed: 3,
}

// mergeRunTime merges into c the verdict another test process gave the
// same contract: the worse verdict wins, and samples add up.
func mergeRunTime(c *report.Contract, o report.Contract) {
	procs, _ := c.Context["processes"].([]string)
	c.Context["processes"] = append(procs, o.Context["processes"].([]string)...)
	c.Samples += o.Samples
	switch {
	case statusRank[o.Status] > statusRank[c.Status]:
		c.Status, c.Measured, c.Reason = o.Status, o.Measured, o.Reason
	case o.Status == c.Status && o.Measured != nil && (c.Measured == nil || *o.Measured > *c.Measured):
		c.Measured = o.Measured
	}
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
