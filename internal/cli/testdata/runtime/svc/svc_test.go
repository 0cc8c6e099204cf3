package svc

import (
	"context"
	"testing"

	"github.com/choragen/choragen/perf/perftest"
)

func TestMain(m *testing.M) { perftest.Main(m) }

func TestLookup(t *testing.T) {
	if v, err := Lookup(context.Background(), "k"); err != nil || v != "value of k" {
		t.Fatalf("Lookup = %q, %v", v, err)
	}
}
