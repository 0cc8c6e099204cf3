// Command choragen-vet runs choragen's static complexity check as a go vet
// tool:
//
//	go install github.com/choragen/choragen/cmd/choragen-vet
//	go vet -vettool=$(which choragen-vet) ./...
//
// It reports functions whose //perf:complexity bound is lower than their
// loops suggest, such as nested loops over one slice under max=O(n). The
// findings are hints; choragen perf:check measures the bound and decides.
// See docs/lint.md, or choragen perf:lint for the same check without go vet.
package main

import (
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/choragen/choragen/internal/analysis"
)

func main() { unitchecker.Main(analysis.Analyzer) }
