package perfhttp

import (
	"fmt"

	"github.com/choragen/choragen/internal/pattern"
	"github.com/choragen/choragen/perf"
)

// A ruleSet is the configuration's latency rules, prepared for matching
// routes: the section's default, and its overrides in the order of the
// file.
type ruleSet struct {
	src       []perf.Rule // as loaded, to tell whether they changed
	defaults  ruleGroup
	overrides []ruleGroup
}

// A ruleGroup is the rules of one override (or of the default).
type ruleGroup struct {
	pattern *pattern.Pattern // nil for the default
	limits  []perf.Limit
	source  string
}

// routeSection is the configuration section whose rules routes take: the
// only one a middleware measures.
const routeSection = "latency"

// newRuleSet prepares rules; it returns what it could not use, for
// warnings.
func newRuleSet(rules []perf.Rule) (*ruleSet, []string) {
	s := &ruleSet{src: rules}
	var problems []string
	for _, r := range rules {
		if r.Section != routeSection {
			continue
		}
		l, err := r.Limit()
		if err != nil {
			problems = append(problems, fmt.Sprintf("rule at %s: %v", r.Source, err))
			continue
		}
		if r.Pattern == "" {
			s.defaults.limits = append(s.defaults.limits, l)
			s.defaults.source = r.Source
			continue
		}
		// An override's rules come one after another, with one source.
		if n := len(s.overrides); n > 0 && s.overrides[n-1].pattern.String() == r.Pattern && s.overrides[n-1].source == r.Source {
			s.overrides[n-1].limits = append(s.overrides[n-1].limits, l)
			continue
		}
		p, err := pattern.Parse(r.Pattern)
		if err != nil {
			problems = append(problems, fmt.Sprintf("rule at %s: %v", r.Source, err))
			continue
		}
		s.overrides = append(s.overrides, ruleGroup{pattern: p, limits: []perf.Limit{l}, source: r.Source})
	}
	return s, problems
}

// from reports whether s was prepared from rules (the same slice).
func (s *ruleSet) from(rules []perf.Rule) bool {
	return len(s.src) == len(rules) && (len(rules) == 0 || &s.src[0] == &rules[0])
}

// limits returns the limits the rules give a route, and where they are
// declared: those of the most specific override that selects it (the
// later one on a tie), else the default's, as config.Rules chooses.
func (s *ruleSet) limits(t *pattern.Target) ([]perf.Limit, perf.Declaration) {
	if s == nil {
		return nil, perf.Declaration{}
	}
	chosen := &s.defaults
	best := -1
	for i := range s.overrides {
		o := &s.overrides[i]
		if spec := o.pattern.Specificity(); spec >= best && o.pattern.MatchTarget(t) {
			chosen, best = o, spec
		}
	}
	if len(chosen.limits) == 0 {
		return nil, perf.Declaration{}
	}
	return chosen.limits, perf.Declaration{Origin: "config", Source: chosen.source}
}
