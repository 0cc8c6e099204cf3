package directive

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/choragen/choragen/internal/metric"
)

// Sizes: B; KB, MB, GB are powers of 1000 (kB is accepted as KB, as SI
// writes it); KiB, MiB, GiB are powers of 1024. A bare number is bytes.
var sizeUnits = []struct {
	unit  string
	bytes float64
}{
	{"B", 1}, {"KB", 1e3}, {"kB", 1e3}, {"MB", 1e6}, {"GB", 1e9},
	{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30},
}

// maxCount is the largest count a float64 holds exactly.
const maxCount = 1 << 53

// value parses v as kind k and returns the bound in the report unit, and
// the class for complexity. Its error message does not repeat the key.
func parseValue(k valueKind, v string) (float64, metric.Class, error) {
	switch k {
	case vDuration:
		if _, err := parseNumber(v); err == nil {
			return 0, 0, fmt.Errorf("a duration needs a unit, as in %sms", v)
		}
		d, err := time.ParseDuration(v)
		if err != nil {
			return 0, 0, errors.New("not a duration (want a Go duration such as 250us, 100ms or 2s)")
		}
		if d <= 0 {
			return 0, 0, errors.New("must be greater than zero")
		}
		return float64(d) / float64(time.Millisecond), 0, nil
	case vSize, vSizePos:
		b, err := parseSize(v)
		if err != nil {
			return 0, 0, err
		}
		if k == vSizePos && b == 0 {
			return 0, 0, errors.New("must be greater than zero")
		}
		return b, 0, nil
	case vCount, vCountPos:
		n, err := parseCount(v)
		if err != nil {
			return 0, 0, err
		}
		if k == vCountPos && n == 0 {
			return 0, 0, errors.New("must be greater than zero")
		}
		return n, 0, nil
	case vPercentile:
		p, err := parseNumber(strings.TrimPrefix(v, "-"))
		if err != nil {
			return 0, 0, errors.New("not a percentile (want a number between 0 and 100, such as 95 or 99.9)")
		}
		if strings.HasPrefix(v, "-") || p <= 0 || p >= 100 {
			return 0, 0, errors.New("a percentile must be greater than 0 and less than 100")
		}
		return p, 0, nil
	case vClass:
		c, err := metric.ParseClass(v)
		if err != nil {
			return 0, 0, fmt.Errorf("not a complexity class (want one of %s)", classList())
		}
		return float64(c), c, nil
	case vBench:
		return 0, 0, checkBenchName(v)
	}
	panic("unreachable")
}

func classList() string {
	var names []string
	for _, c := range metric.Classes() {
		names = append(names, c.String())
	}
	return strings.Join(names, ", ")
}

// parseSize reads a number of bytes with an optional unit: 512, 512B, 1.5MB,
// 64KiB.
func parseSize(v string) (float64, error) {
	if strings.HasPrefix(v, "-") {
		return 0, errors.New("must not be negative")
	}
	i := 0
	for i < len(v) && (isDigit(v[i]) || v[i] == '.' || v[i] == '_') {
		i++
	}
	num, unit := v[:i], v[i:]
	x, err := parseNumber(num)
	if err != nil {
		return 0, fmt.Errorf("not a size (want a number of bytes with an optional unit: B, KB, MB, GB, KiB, MiB, GiB, as in 512KiB)")
	}
	scale := 0.0
	for _, u := range sizeUnits {
		if u.unit == unit {
			scale = u.bytes
		}
	}
	if unit == "" {
		scale = 1
	}
	if scale == 0 {
		return 0, fmt.Errorf("unknown size unit %q (want B, KB, MB, GB, KiB, MiB or GiB)", unit)
	}
	b := x * scale
	if b > maxCount {
		return 0, errors.New("too large")
	}
	return b, nil
}

// parseCount reads a whole number, with optional _ between digits as in Go
// (1_000_000).
func parseCount(v string) (float64, error) {
	if strings.HasPrefix(v, "-") {
		return 0, errors.New("must not be negative")
	}
	digits, ok := stripUnderscores(v)
	if !ok {
		return 0, errors.New("not a whole number")
	}
	n, err := strconv.ParseUint(digits, 10, 64)
	if err != nil || n > maxCount {
		return 0, errors.New("too large")
	}
	return float64(n), nil
}

// parseNumber reads digits[.digits] (with Go's _ separators), and nothing
// else: no sign, exponent, hexadecimal, Inf or NaN, which strconv would take.
func parseNumber(v string) (float64, error) {
	whole, frac, hasDot := strings.Cut(v, ".")
	w, ok1 := stripUnderscores(whole)
	f, ok2 := "0", true
	if hasDot {
		f, ok2 = stripUnderscores(frac)
	}
	if !ok1 || !ok2 {
		return 0, errors.New("not a number")
	}
	x, err := strconv.ParseFloat(w+"."+f, 64)
	if err != nil || math.IsInf(x, 0) {
		return 0, errors.New("not a number")
	}
	return x, nil
}

// stripUnderscores returns s without the _ that Go allows between digits,
// and whether s was a non-empty run of digits so written.
func stripUnderscores(s string) (string, bool) {
	if s == "" || s[0] == '_' || s[len(s)-1] == '_' {
		return "", false
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case isDigit(s[i]):
			b.WriteByte(s[i])
		case s[i] == '_' && s[i-1] != '_':
		default:
			return "", false
		}
	}
	return b.String(), true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// checkBenchName reports whether name can be a benchmark function, by the
// rule of go test: "Benchmark" followed by nothing or by a character that
// is not a lower-case letter.
func checkBenchName(name string) error {
	rest, ok := strings.CutPrefix(name, "Benchmark")
	if !ok || !isIdent(name) {
		return errors.New("not a benchmark function name (want BenchmarkXxx)")
	}
	if r, _ := utf8.DecodeRuneInString(rest); rest != "" && unicode.IsLower(r) {
		return errors.New("not a benchmark function name: go test runs BenchmarkXxx only when Xxx does not start with a lower-case letter")
	}
	return nil
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || unicode.IsLetter(r):
		case i > 0 && unicode.IsDigit(r):
		default:
			return false
		}
	}
	return true
}
