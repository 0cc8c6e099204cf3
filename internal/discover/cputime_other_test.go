//go:build !unix

package discover

import "time"

func cpuTime() (time.Duration, bool) { return 0, false }
