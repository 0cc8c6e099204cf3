package discover

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
)

// listedPackage is the part of `go list -json` that discover reads.
type listedPackage struct {
	ImportPath     string
	Name           string
	Dir            string
	GoFiles        []string
	CgoFiles       []string
	TestGoFiles    []string
	XTestGoFiles   []string
	IgnoredGoFiles []string
	Module         *struct {
		Path string
		Dir  string
		Main bool
	}
	Error *struct {
		Pos string
		Err string
	}
}

// listFields are the fields asked of go list; naming them saves it work.
const listFields = "ImportPath,Name,Dir,GoFiles,CgoFiles,TestGoFiles,XTestGoFiles,IgnoredGoFiles,Module,Error"

// goList runs `go list -e -find -json` in dir. -e keeps packages with
// errors in the list (their errors are the runner's to report); -find
// skips resolving dependencies, which discovery does not need, and keeps
// go list from downloading modules.
func goList(ctx context.Context, dir string, tags, patterns []string) ([]*listedPackage, error) {
	args := []string{"list", "-e", "-find", "-json=" + listFields}
	if len(tags) > 0 {
		args = append(args, "-tags="+strings.Join(tags, ","))
	}
	args = append(args, "--")
	args = append(args, patterns...)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return nil, fmt.Errorf("go list: %s", msg)
		}
		return nil, fmt.Errorf("go list: %w", err)
	}
	var pkgs []*listedPackage
	for dec := json.NewDecoder(&stdout); ; {
		p := new(listedPackage)
		if err := dec.Decode(p); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("go list: read its output: %w", err)
		}
		pkgs = append(pkgs, p)
	}

	// With -e, a pattern that names nothing is a warning on stderr or a
	// package without a directory; both are the user's mistake, so errors.
	var errs []error
	for line := range strings.Lines(stderr.String()) {
		if strings.Contains(line, "matched no packages") {
			errs = append(errs, fmt.Errorf("%w: %s", ErrNoPackages, strings.TrimSpace(strings.TrimPrefix(line, "go: warning: "))))
		}
	}
	for _, p := range pkgs {
		if p.Error != nil && (p.Dir == "" || !p.hasFiles()) {
			errs = append(errs, fmt.Errorf("go list: %s", p.Error.Err))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return pkgs, nil
}

func (p *listedPackage) hasFiles() bool {
	return len(p.GoFiles)+len(p.CgoFiles)+len(p.TestGoFiles)+len(p.XTestGoFiles)+len(p.IgnoredGoFiles) > 0
}
