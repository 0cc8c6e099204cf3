package metric

import "testing"

func TestParseClass(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Class
	}{
		{"O(1)", O1}, {"O(log n)", OLogN}, {"O(n)", ON}, {"O(n log n)", ONLogN},
		{"O(nlogn)", ONLogN}, {"O(n*log n)", ONLogN}, {"O(n^2)", ON2}, {"O(n²)", ON2},
		{"O(n**3)", ON3}, {"O(2^n)", O2N}, {" o( N ) ", ON},
	} {
		got, err := ParseClass(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseClass(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
		if back, err := ParseClass(got.String()); err != nil || back != got {
			t.Errorf("ParseClass(%q.String()) = %v, %v", got, back, err)
		}
	}
	for _, bad := range []string{"", "O(n^4)", "fast", "O(n!)", "n"} {
		if _, err := ParseClass(bad); err == nil {
			t.Errorf("ParseClass(%q) succeeded; want an error", bad)
		}
	}
}

func TestPercentileUnit(t *testing.T) {
	for _, p := range []float64{50, 95, 99, 99.9} {
		u := PercentileUnit(p)
		got, ok := ParsePercentileUnit(u)
		if !ok || got != p {
			t.Errorf("ParsePercentileUnit(%q) = %v, %v; want %v", u, got, ok, p)
		}
	}
	if got, want := PercentileUnit(99), "p99-sec/op"; got != want {
		t.Errorf("PercentileUnit(99) = %q, want %q", got, want)
	}
	for _, bad := range []string{"sec/op", "p-sec/op", "p100-sec/op", "px-ns/op", "p99-B/op"} {
		if _, ok := ParsePercentileUnit(bad); ok {
			t.Errorf("ParsePercentileUnit(%q) accepted", bad)
		}
	}
}

func TestID(t *testing.T) {
	if got, want := ID(Latency, 99, "example.com/svc.Spiky"), "latency@p99:example.com/svc.Spiky"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := ID(Bytes, 0, "a.F"), "bytes:a.F"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestLookupEveryMetric(t *testing.T) {
	for _, in := range All() {
		got, ok := Lookup(in.Metric)
		if !ok || got != in {
			t.Errorf("Lookup(%q) = %v, %v", in.Metric, got, ok)
		}
		if in.BenchUnit != "" && in.Scale == 0 {
			t.Errorf("%s: bench unit %q without a scale", in.Metric, in.BenchUnit)
		}
	}
}
