package perf

import (
	"encoding/json"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/choragen/choragen/internal/report"
)

// TestWireViolationShape keeps perf's copy of the report's violation shape
// in step with the report: the CLI reads what test processes write.
func TestWireViolationShape(t *testing.T) {
	keys := func(v any) []string {
		var ks []string
		rt := reflect.TypeOf(v)
		for i := range rt.NumField() {
			ks = append(ks, rt.Field(i).Tag.Get("json"))
		}
		sort.Strings(ks)
		return ks
	}
	if got, want := keys(wireViolation{}), keys(report.Violation{}); !reflect.DeepEqual(got, want) {
		t.Fatalf("perf writes violations with fields %v, the report reads %v", got, want)
	}
	w := Violation{ContractID: "latency:x.F", Measured: 2, Threshold: 1, Unit: "ms", Target: "x.F", Metric: "latency", Time: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}.report()
	data, err := json.Marshal(w)
	if err != nil {
		t.Fatal(err)
	}
	var r report.Violation
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	if r.ContractID != "latency:x.F" || r.Measured != 2 || r.Threshold != 1 || !r.Timestamp.Equal(w.Timestamp) || r.Context["unit"] != "ms" {
		t.Fatalf("round trip lost fields: %+v", r)
	}
}
