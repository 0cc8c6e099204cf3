package engine

import (
	"bytes"
	"io"
	"strconv"
	"strings"
)

// quietPerCall thins the runner's progress for per-call runs, which print
// one line per call: it keeps every 200th "k/N" line, the last, and every
// line that is not a count (failures).
type quietPerCall struct{ w io.Writer }

func (q quietPerCall) Write(b []byte) (int, error) {
	n := len(b)
	for len(b) > 0 {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, b = b[:i+1], b[i+1:]
		} else {
			b = nil
		}
		if keepProgress(string(line)) {
			if _, err := q.w.Write(line); err != nil {
				return 0, err
			}
		}
	}
	return n, nil
}

func keepProgress(line string) bool {
	fields := strings.Fields(line)
	if len(fields) == 0 {
		return false
	}
	k, total, ok := strings.Cut(fields[len(fields)-1], "/")
	if !ok {
		return true
	}
	i, err1 := strconv.Atoi(k)
	n, err2 := strconv.Atoi(total)
	if err1 != nil || err2 != nil {
		return true
	}
	return i == n || i%200 == 0
}
