package metric

import (
	"fmt"
	"strings"
)

// Class is a complexity class. Its value is the index the report uses for a
// complexity contract's threshold and measured value: O(1)=0 … O(2^n)=6.
type Class int

// The classes a complexity bound may name, in increasing order of growth.
const (
	O1 Class = iota
	OLogN
	ON
	ONLogN
	ON2
	ON3
	O2N
)

var classNames = [...]string{"O(1)", "O(log n)", "O(n)", "O(n log n)", "O(n^2)", "O(n^3)", "O(2^n)"}

// Classes returns every class in increasing order of growth.
func Classes() []Class { return []Class{O1, OLogN, ON, ONLogN, ON2, ON3, O2N} }

// String returns the class as directives spell it ("O(n log n)").
func (c Class) String() string {
	if c < 0 || int(c) >= len(classNames) {
		return fmt.Sprintf("Class(%d)", int(c))
	}
	return classNames[c]
}

// Valid reports whether c is one of the seven classes.
func (c Class) Valid() bool { return c >= 0 && int(c) < len(classNames) }

// ParseClass reads a class as written in a directive or the config. Spaces
// are insignificant and "²", "³", "**" and "n*log n" are accepted as
// spellings of the same classes: "O(n^2)", "O(n²)", "O(n**2)", "O(nlogn)".
func ParseClass(s string) (Class, error) {
	norm := strings.ToLower(strings.Join(strings.Fields(s), ""))
	norm = strings.NewReplacer("²", "^2", "³", "^3", "**", "^", "*", "", "·", "").Replace(norm)
	switch norm {
	case "o(1)":
		return O1, nil
	case "o(logn)", "o(lgn)":
		return OLogN, nil
	case "o(n)":
		return ON, nil
	case "o(nlogn)", "o(nlgn)":
		return ONLogN, nil
	case "o(n^2)":
		return ON2, nil
	case "o(n^3)":
		return ON3, nil
	case "o(2^n)":
		return O2N, nil
	}
	return 0, fmt.Errorf("unknown complexity class %q (want one of %s)", s, strings.Join(classNames[:], ", "))
}
