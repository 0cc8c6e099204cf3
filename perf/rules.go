package perf

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"sync"
	"time"

	"github.com/choragen/choragen/internal/metric"
)

// RulesEnv is the environment variable that names a file of configuration
// rules, which choragen writes when it runs tests (`choragen perf`): the
// contracts that .choragen/performance.yaml gives targets by pattern,
// for the code that learns its targets only at run time. perfhttp reads
// it to give routes their contracts.
const RulesEnv = "CHORAGEN_PERF_RULES"

// A Rule is one contract of choragen's configuration: a limit on one
// metric for the targets that Pattern selects. Rules come as the
// configuration lists them, section by section: each section's default
// (Pattern "") first, then its overrides in the order of the file. For a
// target, the rules of a section are those of the most specific override
// that selects it (the later one on a tie), else the default's
// (internal/pattern's rule; perfhttp applies it).
type Rule struct {
	// Pattern is the override's pattern ("GET /api/**", "api/*"), "" for
	// the section's default.
	Pattern string `json:"pattern"`
	// Section is the configuration section ("latency", "memory", ...).
	Section string `json:"section"`
	// Metric is what the rule limits ("latency", "bytes", ...).
	Metric string `json:"metric"`
	// Max is the threshold in Unit, the report's unit for the metric:
	// ms for latency.
	Max  float64 `json:"max"`
	Unit string  `json:"unit"`
	// Percentile is the latency percentile judged; 0 judges the mean.
	Percentile float64 `json:"percentile,omitempty"`
	// Source is the configuration's "file:line" that declares the rule.
	Source string `json:"source"`
}

// rulesFile is the file RulesEnv names.
type rulesFile struct {
	Rules []Rule `json:"rules"`
}

// ErrUnsupported is wrapped by Rule.Limit for a metric that perf cannot
// measure at run time (queries, complexity, ...).
var ErrUnsupported = errors.New("perf: metric not measured at run time")

// Limit returns the limit the rule sets: a Latency with the percentile, or
// a MeanLatency without one; Bytes or Allocs. Other metrics return an
// error wrapping ErrUnsupported.
func (r Rule) Limit() (Limit, error) {
	if math.IsNaN(r.Max) || math.IsInf(r.Max, 0) || r.Max < 0 {
		return nil, fmt.Errorf("%w: rule %q: max %v", ErrInvalid, r.Pattern, r.Max)
	}
	switch metric.Metric(r.Metric) {
	case metric.Latency:
		d := time.Duration(math.Round(r.Max * float64(time.Millisecond)))
		if r.Percentile > 0 {
			return Latency{Max: d, Percentile: r.Percentile}, nil
		}
		return MeanLatency{Max: d}, nil
	case metric.Bytes:
		return Bytes{Max: int64(r.Max)}, nil
	case metric.Allocs:
		return Allocs{Max: int64(r.Max)}, nil
	}
	return nil, fmt.Errorf("%w: %s", ErrUnsupported, r.Metric)
}

// ReadRules reads a rules file as choragen writes it:
//
//	{"rules": [{"pattern": "GET /api/**", "section": "latency", "metric": "latency",
//	            "max": 100, "unit": "ms", "percentile": 95,
//	            "source": ".choragen/performance.yaml:7"}]}
func ReadRules(path string) ([]Rule, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read rules: %w", err)
	}
	var f rulesFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("read rules %s: %w", path, err)
	}
	for i, r := range f.Rules {
		if r.Metric == "" || r.Section == "" || math.IsNaN(r.Max) || r.Max < 0 || r.Percentile < 0 || r.Percentile >= 100 {
			return nil, fmt.Errorf("read rules %s: rule %d (%q) is malformed", path, i, r.Pattern)
		}
	}
	return f.Rules, nil
}

var envRules struct {
	sync.Mutex
	path  string
	rules []Rule
	err   error
}

// EnvRules returns the rules of the file that $CHORAGEN_PERF_RULES names,
// read once per file name; none, and no error, when the variable is unset.
func EnvRules() ([]Rule, error) {
	path := os.Getenv(RulesEnv)
	envRules.Lock()
	defer envRules.Unlock()
	if path == "" {
		return nil, nil
	}
	if path != envRules.path {
		envRules.path = path
		envRules.rules, envRules.err = ReadRules(path)
	}
	return envRules.rules, envRules.err
}
