package analysis

import (
	"fmt"
	"strings"

	"github.com/choragen/choragen/internal/metric"
)

// A step is one construct in the chain that makes a cost: a loop, a call,
// a library call, a recursion.
type step struct {
	kind stepType
	name string   // loop: what it goes over; call: the callee; rec: the whole phrase
	log  bool     // loop: it halves or doubles
	arg  string   // lib: the argument that gives the size
	est  Estimate // call, lib: the cost of one call
}

type stepType int

const (
	stepLoop stepType = iota
	stepCall
	stepLib
	stepRec
	stepCallback
)

// message says why a term is above the declared class:
//
//	nested loops over products (depth 2) suggest O(n^2), above the declared O(n)
//	a loop over xs with a call to indexOf (O(n) per call) suggests O(n^2), above the declared O(n)
func message(steps []step, est Estimate, declared metric.Class) string {
	var parts []string
	plural := false
	for i := 0; i < len(steps); {
		s := steps[i]
		var p string
		switch s.kind {
		case stepLoop:
			if s.log {
				p = "a logarithmic loop over " + s.name
				i++
				break
			}
			j := i
			var names []string
			for j < len(steps) && steps[j].kind == stepLoop && !steps[j].log {
				names = append(names, steps[j].name)
				j++
			}
			names = dedupe(names)
			over := joinAnd(names)
			if j-i == 1 {
				p = "a loop over " + over
			} else {
				p = fmt.Sprintf("nested loops over %s (depth %d)", over, j-i)
				if i == 0 {
					plural = true
				}
			}
			i = j
		case stepCall:
			p = fmt.Sprintf("a call to %s (%s per call)", s.name, s.est)
			i++
		case stepLib:
			p = fmt.Sprintf("%s on %s (%s per call)", s.name, s.arg, s.est)
			i++
		case stepCallback:
			p = fmt.Sprintf("the function passed to %s on %s (run %s times)", s.name, s.arg, s.est)
			i++
		case stepRec:
			p = s.name
			if i == 0 && !strings.HasPrefix(p, "a ") && !strings.HasPrefix(p, "recursion") {
				plural = true
			}
			i++
		}
		parts = append(parts, p)
	}
	verb := "suggests"
	if plural {
		verb = "suggest"
	}
	return fmt.Sprintf("%s %s %s, above the declared %s", strings.Join(parts, " with "), verb, est, declared)
}

func joinAnd(ss []string) string {
	switch len(ss) {
	case 0:
		return ""
	case 1:
		return ss[0]
	}
	return strings.Join(ss[:len(ss)-1], ", ") + " and " + ss[len(ss)-1]
}
