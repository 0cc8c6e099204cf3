package perf

import (
	"time"

	"github.com/choragen/choragen/internal/metric"
)

// meanMinSamples is how many calls a window needs before a MeanLatency is
// judged on it.
const meanMinSamples = 20

// MeanLatency limits the mean time of the calls in a window, as a
// benchmark judges //perf:latency without p= (time per call), and as
// choragen's configuration means a latency rule without a percentile.
//
// Latency without a Percentile is stricter: it judges every call on its
// own. MeanLatency is judged over windows, as percentiles are (see
// Contract), once a window has at least 20 calls; its id is that of a
// Latency without a percentile ("latency:<target>"), so a contract has
// one or the other.
type MeanLatency struct {
	// Max is the longest mean time allowed. It must be positive.
	Max time.Duration
}

func (MeanLatency) spec() limitSpec { return limitSpec{metric: metric.Latency} }
