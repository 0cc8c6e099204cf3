//go:build !unix

package stats

import "time"

func cpuTime(who int) time.Duration { return 0 }

const (
	rusageSelf     = 0
	rusageChildren = 1
)
