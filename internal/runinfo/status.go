package runinfo

import (
	"bytes"
	"strings"
)

// Status is what ParseStatus reads from "git status --porcelain=v2
// --branch -z".
type Status struct {
	// Commit is HEAD's commit; empty before the first commit.
	Commit string
	// Branch is the branch checked out; empty when HEAD is detached.
	Branch string
	// Dirty reports a change outside .choragen directories.
	Dirty bool
}

// ParseStatus reads the output of "git status --porcelain=v2 --branch -z".
func ParseStatus(out []byte) Status {
	var st Status
	fields := bytes.Split(out, []byte{0})
	for k := 0; k < len(fields); k++ {
		f := string(fields[k])
		switch {
		case f == "":
		case strings.HasPrefix(f, "# "):
			key, value, _ := strings.Cut(f[2:], " ")
			switch key {
			case "branch.oid":
				if value != "(initial)" {
					st.Commit = value
				}
			case "branch.head":
				if value != "(detached)" {
					st.Branch = value
				}
			}
		default:
			paths := entryPaths(f)
			if f[0] == '2' && k+1 < len(fields) {
				// A rename or copy: its original path is the next field.
				k++
				paths = append(paths, string(fields[k]))
			}
			for _, p := range paths {
				if !inChoragenDir(p) {
					st.Dirty = true
				}
			}
		}
	}
	return st
}

// entryPaths returns the path of a porcelain v2 entry, whose type (the
// first byte) says how many fields precede it.
func entryPaths(f string) []string {
	var before int
	switch f[0] {
	case '1': // 1 XY sub mH mI mW hH hI path
		before = 8
	case '2': // 2 XY sub mH mI mW hH hI Xscore path
		before = 9
	case 'u': // u XY sub m1 m2 m3 mW h1 h2 h3 path
		before = 10
	case '?', '!': // ? path
		before = 1
	default:
		return []string{f} // unknown: count it
	}
	rest := f
	for range before {
		_, r, ok := strings.Cut(rest, " ")
		if !ok {
			return []string{f}
		}
		rest = r
	}
	if f[0] == '!' {
		return nil // ignored files never count
	}
	return []string{rest}
}

// inChoragenDir reports whether a path relative to the repository root lies
// in a directory named .choragen, at any depth (a module in a
// sub-directory has its own). An untracked directory is listed with a
// trailing slash, ".choragen/", which splits into ".choragen" and "".
func inChoragenDir(p string) bool {
	parts := strings.Split(p, "/")
	for _, dir := range parts[:len(parts)-1] {
		if dir == ".choragen" {
			return true
		}
	}
	return false
}
