package analysis

import (
	"fmt"
	"strings"

	"github.com/choragen/choragen/internal/metric"
)

// An Estimate is the growth a function's structure suggests in one input
// size n: n^Degree · (log n)^Log, or 2^n when Exp is set. It is finer than
// the seven classes of metric.Class (it can say n^2 log n or n^4); Class
// rounds it down to one of them.
type Estimate struct {
	Degree int
	Log    int
	Exp    bool
}

// Class is the largest class that does not exceed e: n^2 log n is O(n^2),
// n^4 is O(n^3), any exponential is O(2^n).
func (e Estimate) Class() metric.Class {
	switch {
	case e.Exp:
		return metric.O2N
	case e.Degree >= 3:
		return metric.ON3
	case e.Degree == 2:
		return metric.ON2
	case e.Degree == 1 && e.Log > 0:
		return metric.ONLogN
	case e.Degree == 1:
		return metric.ON
	case e.Log > 0:
		return metric.OLogN
	}
	return metric.O1
}

// String writes e as directives write classes: "O(n)", "O(n^2 log n)",
// "O(log^2 n)", "O(2^n)".
func (e Estimate) String() string {
	if e.Exp {
		return "O(2^n)"
	}
	var parts []string
	switch {
	case e.Degree == 1:
		parts = append(parts, "n")
	case e.Degree > 1:
		parts = append(parts, fmt.Sprintf("n^%d", e.Degree))
	}
	switch {
	case e.Log == 1:
		parts = append(parts, "log n")
	case e.Log > 1:
		parts = append(parts, fmt.Sprintf("log^%d n", e.Log))
	}
	if len(parts) == 0 {
		return "O(1)"
	}
	return "O(" + strings.Join(parts, " ") + ")"
}

// less orders estimates by growth.
func (e Estimate) less(f Estimate) bool {
	if e.Exp != f.Exp {
		return f.Exp
	}
	if e.Degree != f.Degree {
		return e.Degree < f.Degree
	}
	return e.Log < f.Log
}

// exceeds reports whether e is at least one polynomial degree above the
// declared class: the static check's rule. A log factor alone never
// counts (n log n under O(n), log n under O(1)): structure cannot tell
// those apart reliably, and the runtime fit need not either.
func (e Estimate) exceeds(declared metric.Class) bool {
	if declared == metric.O2N {
		return false
	}
	if e.Exp {
		return true
	}
	return e.Degree > degree(declared)
}

// degree is the polynomial degree of a class: O(log n) is 0, O(n log n) 1.
func degree(c metric.Class) int {
	switch c {
	case metric.O1, metric.OLogN:
		return 0
	case metric.ON, metric.ONLogN:
		return 1
	case metric.ON2:
		return 2
	}
	return 3
}
