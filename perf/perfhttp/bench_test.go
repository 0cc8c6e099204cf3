package perfhttp

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"golang.org/x/perf/benchfmt"
)

// childEnv marks the test binary run by TestBenchRequestsOutput.
const childEnv = "PERFHTTP_BENCH_CHILD"

// BenchmarkSync sends 3 requests per operation, for
// TestBenchRequestsOutput; it skips when run on its own.
func BenchmarkSync(b *testing.B) {
	if os.Getenv(childEnv) == "" {
		b.Skip("run by TestBenchRequestsOutput")
	}
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	base := &http.Transport{}
	defer base.CloseIdleConnections()
	client := &http.Client{Transport: Transport(base)}
	BenchRequests(b, func() {
		for range 3 {
			resp, err := client.Get(srv.URL)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body) // so that the connection is reused
			resp.Body.Close()
		}
	})
}

// TestBenchRequestsOutput runs BenchmarkSync in a test binary, as go test
// does (plain and verbose, the mode of -json), and reads its output with
// benchfmt: every result carries requests/op, exactly 3, and the unit is
// declared exact without breaking a result line.
func TestBenchRequestsOutput(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a benchmark in a child process")
	}
	for _, mode := range [][]string{nil, {"-test.v"}} {
		args := append([]string{"-test.run=^$", "-test.bench=^BenchmarkSync$", "-test.benchtime=20x", "-test.count=3"}, mode...)
		cmd := exec.Command(os.Args[0], args...)
		cmd.Env = append(os.Environ(), childEnv+"=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
		r := benchfmt.NewReader(bytes.NewReader(out), "out")
		results := 0
		for r.Scan() {
			switch rec := r.Result().(type) {
			case *benchfmt.Result:
				results++
				v, ok := rec.Value("requests/op")
				if !ok || v != 3 {
					t.Errorf("%v: result %s: requests/op = %v, %v; want exactly 3", mode, rec.Name, v, ok)
				}
				if v, ok := rec.Value("new-conns/op"); !ok || v > 1.0/20 {
					t.Errorf("%v: new-conns/op = %v, %v", mode, v, ok)
				}
			case *benchfmt.SyntaxError:
				t.Errorf("%v: %v", mode, rec)
			}
		}
		if results != 3 {
			t.Errorf("%v: %d results, want 3:\n%s", mode, results, out)
		}
		units := r.Units()
		if a := units.GetAssumption("requests/op"); a.SummaryLabel() != "exact" {
			t.Errorf("%v: requests/op is not declared exact:\n%s", mode, out)
		}
		if n := strings.Count(string(out), "Unit requests/op assume=exact better=lower\n"); n != 1 {
			t.Errorf("%v: the unit line is printed %d times, want once", mode, n)
		}
	}
}

type reporter map[string]float64

func (r reporter) ReportMetric(n float64, unit string) { r[unit] = n }

// bench stands for a *testing.B: it has the methods isBenchmark looks for.
type bench struct{ reporter }

func (bench) ReportAllocs()          {}
func (bench) Elapsed() time.Duration { return 0 }

func TestReportPerOp(t *testing.T) {
	var out bytes.Buffer
	units := &unitPrinter{w: &out}
	r := bench{reporter{}}
	reportPerOp(r, Counts{Requests: 10, NewConns: 2}, 0, units)
	if len(r.reporter) != 0 || out.Len() != 0 {
		t.Errorf("zero operations reported %v, printed %q", r.reporter, out.String())
	}
	reportPerOp(r, Counts{Requests: 10, NewConns: 2}, 4, units)
	reportPerOp(r, Counts{Requests: 10, NewConns: 2}, 4, units)
	if r.reporter[RequestsUnit] != 2.5 || r.reporter[NewConnsUnit] != 0.5 {
		t.Errorf("reported %v", r.reporter)
	}
	if got, want := out.String(), "Unit requests/op assume=exact better=lower\nUnit new-conns/op assume=exact better=lower\n"; got != want {
		t.Errorf("printed %q, want %q once", got, want)
	}
	// Not from a benchmark (an example's fake b): no unit lines.
	out.Reset()
	reportPerOp(reporter{}, Counts{Requests: 1}, 1, &unitPrinter{w: &out})
	if out.Len() != 0 {
		t.Errorf("a Reporter that is not a benchmark printed %q", out.String())
	}
	if !isBenchmark(new(testing.B)) {
		t.Error("a *testing.B is not taken for a benchmark")
	}
}
