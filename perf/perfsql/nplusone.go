package perfsql

import (
	"fmt"
	"sort"
)

// Signal says how an N+1 was found.
type Signal string

const (
	// SignalRepeated: the same fingerprint ran from the same call stack at least
	// Rule.MinRepeats times in one scope (Prosopite's rule).
	SignalRepeated Signal = "repeated"
	// SignalScaling: the statements of one fingerprint and call stack ran more
	// often when the data grew from n to 2n rows, so their number grows
	// with the data (see Scaling); this also finds a loop that ran once.
	SignalScaling Signal = "scaling"
)

// A Finding is an N+1: a statement run once per row, where one statement
// (a JOIN, an IN (…) batch) would do.
type Finding struct {
	Signal      Signal
	Fingerprint string // the statement's shape (see Fingerprint)
	Example     string // one statement as it ran, literals included (Fingerprint has none)
	Site        Site   // the call site: the first frame outside database/sql, drivers, ORMs and perfsql
	Stack       []Site // the caller's frames from Site outwards, Site first
	Count       int    // executions in the scope (SignalScaling: at 2n)

	// SignalScaling only: the smaller size and the executions there.
	N        int
	CountAtN int
}

// String describes f on one line, naming the fingerprint, the call site and
// the count.
func (f Finding) String() string {
	if f.Signal == SignalScaling {
		return fmt.Sprintf("N+1 at %s: %q ran %d× at n=%d and %d× at n=%d",
			f.Site, f.Fingerprint, f.CountAtN, f.N, f.Count, 2*f.N)
	}
	return fmt.Sprintf("N+1 at %s: %q ran %d× from the same call stack", f.Site, f.Fingerprint, f.Count)
}

// A Rule says when repeated statements in a scope are an N+1.
type Rule struct {
	// MinRepeats is how many times one fingerprint must run from one call
	// stack to be reported. Values below 2 mean 2.
	MinRepeats int
	// Writes makes repeated INSERT, UPDATE, DELETE and other non-reading
	// statements findings too. Prosopite, and the default, consider reads
	// only: a loop of writes is often a fixture or a batch of commands.
	Writes bool
}

// DefaultRule is Prosopite's: two reads of one shape from one call stack.
var DefaultRule = Rule{MinRepeats: 2}

// NPlusOne returns the N+1s in s under DefaultRule, the largest count first.
// A JOIN, an IN (…) batch or a single lookup runs once and is never one.
func (s *Scope) NPlusOne() []Finding { return s.NPlusOneWith(DefaultRule) }

// NPlusOneWith returns the N+1s in s under r, the largest count first.
func (s *Scope) NPlusOneWith(r Rule) []Finding {
	least := max(r.MinRepeats, 2)
	var out []Finding
	for _, g := range s.snapshot() {
		if g.count < least || (g.fp.kind != kindRead && !r.Writes) {
			continue
		}
		out = append(out, g.finding(SignalRepeated))
	}
	sortFindings(out)
	return out
}

func (g counted) finding(sig Signal) Finding {
	site, stack := g.cfg.sites(g.stack)
	return Finding{
		Signal:      sig,
		Fingerprint: g.fp.text,
		Example:     g.example,
		Site:        site,
		Stack:       stack,
		Count:       g.count,
	}
}

func sortFindings(fs []Finding) {
	sort.Slice(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		switch {
		case a.Count != b.Count:
			return a.Count > b.Count
		case a.Fingerprint != b.Fingerprint:
			return a.Fingerprint < b.Fingerprint
		case a.Site.File != b.Site.File:
			return a.Site.File < b.Site.File
		}
		return a.Site.Line < b.Site.Line
	})
}
