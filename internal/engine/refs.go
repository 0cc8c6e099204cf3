package engine

import (
	"context"
	"errors"

	"github.com/choragen/choragen/internal/config"
)

// RefsRequest compares two git commits measured now.
type RefsRequest struct {
	// Base and Head are the git refs (commits, branches, tags).
	Base, Head string
	// Bench is the -bench regular expression ("" runs every benchmark);
	// Packages the package patterns relative to the request's Dir
	// (default ./...).
	Bench    string
	Packages []string
	// Count, Warmup and Benchtime override the configuration's
	// (Warmup when WarmupSet).
	Count     int
	Warmup    int
	WarmupSet bool
	Benchtime string
}

func (e *Engine) compareRefs(ctx context.Context, req CompareRequest, cfg *config.Config, c *Comparison) (*Comparison, error) {
	return nil, &Error{Msg: "--base-ref/--head-ref: not implemented yet", Err: errors.ErrUnsupported}
}
