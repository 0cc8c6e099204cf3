package render_test

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/choragen/choragen/internal/render"
	"github.com/choragen/choragen/internal/report"
)

// largeReport is a report of n contracts and n benchmark rows compared
// with a baseline, every fourth contract failed and every tenth row
// regressed, with names as long as real ones.
func largeReport(n int) *report.Report {
	r := &report.Report{Timestamp: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)}
	for i := range n {
		pkg := fmt.Sprintf("example.com/service/internal/pkg%02d", i%17)
		target := fmt.Sprintf("%s.(*Store).Method%04d", pkg, i)
		c := report.Contract{
			ID: "latency@p99:" + target, Type: "latency", Metric: "latency", Target: target,
			Threshold: 1, Unit: "ms", Percentile: 99, Status: report.StatusPassed,
			Measured: report.Float(0.5 + float64(i%7)/10), Interval: &report.Interval{Lo: 0.45, Hi: 0.9, Confidence: 0.95},
			Source: fmt.Sprintf("internal/pkg%02d/store.go:%d", i%17, 10+i), Package: pkg,
			Benchmark: fmt.Sprintf("BenchmarkStore_Method%04d", i), Samples: 200,
		}
		if i%4 == 0 {
			c.Status, c.Measured = report.StatusFailed, report.Float(1.5)
			c.Reason = "p99 of 200 calls is 1.5ms, over the 1ms limit"
		}
		r.Contracts = append(r.Contracts, c)
		b := report.Benchmark{
			Name: fmt.Sprintf("BenchmarkStore_Method%04d/n=1000", i), Package: pkg, Unit: "sec/op",
			Current: 4.01e-4, Baseline: report.Float(3.9e-4), Change: report.Float(2.8), PValue: report.Float(0.3),
			CurrentInterval: &report.Interval{Lo: 3.9e-4, Hi: 4.1e-4}, N: 10, BaselineN: 10,
		}
		if i%10 == 0 {
			b.Regression, b.Significant, b.Change, b.PValue = true, true, report.Float(19.7), report.Float(0.002)
		}
		r.Benchmarks = append(r.Benchmarks, b)
	}
	return r
}

// TestMarkdownCapped checks that a large report still fits a pull-request
// comment (65,536 characters) and says what it left out.
func TestMarkdownCapped(t *testing.T) {
	var buf bytes.Buffer
	if err := render.WriteMarkdown(&buf, largeReport(2000), render.Options{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if n := len([]rune(out)); n > 65536 {
		t.Errorf("markdown of a large report is %d characters, more than a comment holds", n)
	}
	for _, want := range []string{
		"#### Failed contracts (500)", "… and 400 more", // failed
		"#### Regressions (200)", "… and 100 more", // regressed
		"All contracts (2000)", "… and 1900 more",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	checkMarkdown(t, buf.Bytes())
}

// BenchmarkRender renders a report of 1,000 contracts and 1,000 compared
// benchmark rows in each format; rows/sec counts both.
func BenchmarkRender(b *testing.B) {
	r := largeReport(1000)
	for _, f := range render.Formats() {
		b.Run(string(f), func(b *testing.B) {
			for b.Loop() {
				if err := render.Report(io.Discard, r, f, render.Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(2000*b.N)/b.Elapsed().Seconds(), "rows/sec")
		})
	}
}
