package render

import (
	"path"
	"strconv"
	"strings"

	"github.com/choragen/choragen/internal/pattern"
	"github.com/choragen/choragen/internal/report"
)

// routeGroup is the group heading of contracts whose target is an HTTP
// route rather than a function.
const routeGroup = "HTTP routes"

// splitTarget splits a pprof-style function name into its package path and
// the name within the package:
//
//	example.com/shop/store.(*DB).Get → example.com/shop/store, (*DB).Get
//	example.com/a.Map[example.com/b.T] → example.com/a, Map[example.com/b.T]
//
// Routes and names without a package come back with an empty package.
func splitTarget(target string) (pkg, name string) {
	if pattern.IsRoute(target) {
		return "", target
	}
	// Type arguments may contain slashes and dots of their own.
	head := target
	if i := strings.IndexByte(head, '['); i >= 0 {
		head = head[:i]
	}
	slash := strings.LastIndexByte(head, '/')
	dot := strings.IndexByte(head[slash+1:], '.')
	if dot < 0 {
		return "", target
	}
	dot += slash + 1
	return target[:dot], target[dot+1:]
}

// group is the heading a contract is listed under: its package, or the
// routes.
func group(c *report.Contract) string {
	if pattern.IsRoute(c.Target) {
		return routeGroup
	}
	if c.Package != "" {
		return c.Package
	}
	pkg, _ := splitTarget(c.Target)
	return pkg
}

// shortTarget is the target as listed under its group heading.
func shortTarget(c *report.Contract) string {
	if pattern.IsRoute(c.Target) {
		return c.Target
	}
	pkg := group(c)
	if rest, ok := strings.CutPrefix(c.Target, pkg+"."); ok && pkg != "" {
		return rest
	}
	return c.Target
}

// metricLabel names what the contract judges, with its percentile:
// "latency p99", "latency mean", "bytes".
func metricLabel(c *report.Contract) string {
	switch {
	case c.Percentile > 0:
		return c.Metric + " p" + strconv.FormatFloat(c.Percentile, 'f', -1, 64)
	case c.Metric == "latency" || c.Metric == "cpu":
		return c.Metric + " mean"
	case c.Metric == "":
		return c.Type
	}
	return c.Metric
}

// decidedBy is the benchmark to name as the one that decided the verdict.
func decidedBy(c *report.Contract) string {
	if c.DecidedBy != "" {
		return c.DecidedBy
	}
	return c.Benchmark
}

// position is a contract's Source split into file, line and column; line
// and col are 0 when unknown.
type position struct {
	file      string
	line, col int
}

// parseSource reads "file:line" or "file:line:col". A source without a
// line is taken as a bare file name.
func parseSource(src string) position {
	var nums []int
	rest := src
	for len(nums) < 2 {
		i := strings.LastIndexByte(rest, ':')
		if i < 0 {
			break
		}
		n, err := strconv.Atoi(rest[i+1:])
		if err != nil || n <= 0 {
			break
		}
		nums = append(nums, n)
		rest = rest[:i]
	}
	p := position{file: rest}
	switch len(nums) {
	case 1:
		p.line = nums[0]
	case 2:
		p.line, p.col = nums[1], nums[0]
	}
	return p
}

// sourceFile is the file of a contract's source, relative to the
// repository root when root (the module root relative to the repository
// root) is given.
func sourceFile(p position, root string) string {
	if p.file == "" || root == "" || path.IsAbs(p.file) {
		return p.file
	}
	return path.Join(root, p.file)
}

// contractByID finds the listed contract with the given id.
func contractByID(r *report.Report, id string) *report.Contract {
	for i := range r.Contracts {
		if r.Contracts[i].ID == id {
			return &r.Contracts[i]
		}
	}
	return nil
}

// contractsWithUnlisted returns r.Contracts followed by a failed contract
// for each unlisted violation, so that renderers list every breach the
// score counts.
func contractsWithUnlisted(r *report.Report) []report.Contract {
	extra := r.UnlistedViolations()
	if len(extra) == 0 {
		return r.Contracts
	}
	out := append(make([]report.Contract, 0, len(r.Contracts)+len(extra)), r.Contracts...)
	for _, v := range extra {
		out = append(out, violationContract(v))
	}
	return out
}

// violationContract describes the contract an unlisted violation breached,
// from what its id and context say.
func violationContract(v report.Violation) report.Contract {
	c := report.Contract{
		ID:        v.ContractID,
		Target:    v.ContractID,
		Threshold: v.Threshold,
		Measured:  report.Float(v.Measured),
		Status:    report.StatusFailed,
		Origin:    "code",
	}
	if head, target, ok := strings.Cut(v.ContractID, ":"); ok {
		c.Target = target
		m, pct, _ := strings.Cut(head, "@")
		c.Metric = m
		if p, err := strconv.ParseFloat(strings.TrimPrefix(pct, "p"), 64); err == nil && p > 0 {
			c.Percentile = p
		}
	}
	if in, ok := metricInfo(c.Metric); ok {
		c.Type, c.Unit = string(in.Kind), in.Unit
	}
	if u, ok := v.Context["unit"].(string); ok && u != "" {
		c.Unit = u
	}
	c.Reason = "violated at run time"
	if t, ok := v.Context["test"].(string); ok && t != "" {
		c.Reason += " in " + t
	}
	return c
}
