// Package svc declares a contract in code and breaks it in its tests, so
// that perf's collector records a violation for choragen to collect.
package svc

import (
	"context"
	"time"

	"github.com/choragen/choragen/perf"
)

// lookup must answer in a nanosecond: no real call can.
var lookup = perf.MustContract("Lookup", perf.Latency{Max: time.Nanosecond})

// Lookup finds key, under its latency contract.
func Lookup(ctx context.Context, key string) (string, error) {
	var v string
	err := perf.Do(ctx, lookup, func(context.Context) error {
		time.Sleep(time.Microsecond)
		v = "value of " + key
		return nil
	})
	return v, err
}
