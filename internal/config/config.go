package config

import (
	"path/filepath"
	"strings"

	"github.com/choragen/choragen/internal/metric"
	"github.com/choragen/choragen/internal/pattern"
)

// Config is a loaded .choragen/performance.yaml: the contracts it gives
// targets, and the settings of benchmark runs and of the pass-or-fail rule,
// with defaults filled in. Its methods only read it, so it may be used by
// several goroutines at once.
type Config struct {
	Benchmarks Benchmarks
	Thresholds Thresholds

	path     string
	sections []section // in the order of sectionOrder, only those present
	over     []Override
}

// Benchmarks is the benchmarks: section.
type Benchmarks struct {
	// Enabled turns benchmark tracking on: comparison with the baseline
	// and regression detection. Default true.
	Enabled bool
	// RegressionThreshold is how much worse than its baseline, in percent,
	// a benchmark metric must be (and significantly so) to be a
	// regression. Default 10.
	RegressionThreshold float64
	// BaselineBranch is the branch whose latest run is the baseline.
	// Default "main".
	BaselineBranch string
	// Count is the number of repetitions kept, at least 6 (benchmath needs
	// 6 for a finite 95% interval). Default 10.
	Count int
	// Warmup is the number of repetitions run first and discarded.
	// Default 1.
	Warmup int
	// Benchtime is the go test -benchtime of each repetition, a duration
	// ("100ms") or a count of iterations ("50x"). Default "100ms".
	Benchtime string
	// Store is the history store as written: a path (relative to Root) or
	// a postgres:// URL. Default ".choragen/history.db". See StorePath.
	Store string
}

// Thresholds is the thresholds: section, the pass-or-fail rule.
type Thresholds struct {
	// MinScore is the lowest passing score, 0 to 100. Default 80.
	MinScore float64
	// MaxViolations is how many failed contracts still pass. Default 0.
	MaxViolations int
}

// Rule is one contract that the configuration gives a target: one metric
// with its threshold.
type Rule struct {
	// Section is the config section the rule comes from, which is also
	// the name of the directive that takes its place ("latency",
	// "memory", "complexity", "queries", "requests", "cpu", "io",
	// "iterations", "depth"). A directive beats the config for every
	// metric of its section.
	Section string
	// Metric is what the rule judges.
	Metric metric.Metric
	// Max is the threshold in the metric's report unit (metric.Lookup):
	// ms for latency and cpu, B for sizes, counts as they are. For
	// complexity it is the index of Class.
	Max float64
	// Percentile is the latency percentile judged, in (0, 100); 0 judges
	// the mean time per call.
	Percentile float64
	// Class is the complexity bound (complexity rules only).
	Class metric.Class
	// Pattern is the override the rule comes from, "" for the default.
	Pattern string
	// Pos is where the rule is written: the override's pattern, the
	// section's default: key, or complexity's maxAllowed.
	Pos Pos
}

// Override is one override as written in the file.
type Override struct {
	Section string
	Pattern *Pattern
	Pos     Pos
}

type section struct {
	name      string
	defaults  []Rule
	overrides []override
}

type override struct {
	pattern *Pattern
	rules   []Rule
}

// Default returns the configuration in force when there is no file: no
// contracts, and the default settings.
func Default() *Config {
	return &Config{
		Benchmarks: Benchmarks{
			Enabled:             true,
			RegressionThreshold: 10,
			BaselineBranch:      "main",
			Count:               10,
			Warmup:              1,
			Benchtime:           "100ms",
			Store:               ".choragen/history.db",
		},
		Thresholds: Thresholds{MinScore: 80, MaxViolations: 0},
	}
}

// Path returns the file the configuration was read from, "" for Default.
func (c *Config) Path() string { return c.path }

// Root returns the project root, the directory that relative names and
// the store path are relative to: the directory holding .choragen/ when
// the file is .choragen/<name>, else the file's own directory; "" for
// Default.
func (c *Config) Root() string {
	if c.path == "" {
		return ""
	}
	dir := filepath.Dir(c.path)
	if filepath.Base(dir) == ".choragen" {
		return filepath.Dir(dir)
	}
	return dir
}

// StorePath returns Benchmarks.Store resolved against Root: URLs and
// absolute paths as they are, relative paths joined to Root.
func (c *Config) StorePath() string {
	s := c.Benchmarks.Store
	if strings.Contains(s, "://") || filepath.IsAbs(s) || c.Root() == "" {
		return s
	}
	return filepath.Join(c.Root(), s)
}

// Rules returns the rules that the configuration gives target, a relative
// function name ("api.FetchUser", "store.(*DB).Get", "FetchUser" in the
// root package) or a route ("GET /api/users/{id}"): for each section, the
// rules of the most specific override that matches target (the later one
// on a tie), else the section's default. They come in the order of
// DESIGN.md's directives, one per metric. Directives take precedence over
// them, section by section; that is for the caller to apply.
func (c *Config) Rules(target string) []Rule {
	var rules []Rule
	t := pattern.ParseTarget(target)
	for _, s := range c.sections {
		chosen := s.defaults
		best := -1
		for _, o := range s.overrides {
			if spec := o.pattern.Specificity(); spec >= best && o.pattern.MatchTarget(&t) {
				chosen, best = o.rules, spec
			}
		}
		rules = append(rules, chosen...)
	}
	return rules
}

// AllRules returns every rule the configuration declares: section by
// section, in the order of DESIGN.md's directives, the default's rules
// (Pattern "") and then each override's, in the order of the file, each
// override refined over the default. Rules picks from these for one
// target; a caller that learns its targets only later (perf/perfhttp, in
// the test process that alone knows its routes) makes the same choice with
// internal/pattern: per section, the most specific matching override, the
// later one on a tie, else the default.
func (c *Config) AllRules() []Rule {
	var rules []Rule
	for _, s := range c.sections {
		rules = append(rules, s.defaults...)
		for _, o := range s.overrides {
			rules = append(rules, o.rules...)
		}
	}
	return rules
}

// Overrides returns every override, in the order of the file, so that a
// caller can say which ones matched no target.
func (c *Config) Overrides() []Override {
	return append([]Override(nil), c.over...)
}
