package cli

import (
	"fmt"
	"math"
	"regexp"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/choragen/choragen/internal/engine"
	"github.com/choragen/choragen/internal/render"
)

// compareCmd is "perf:compare" (prefix "perf:") or "compare" under "perf".
func compareCmd(st *State, prefix string) *cobra.Command {
	var (
		dir, cfg   string
		sf         storeFlags
		format     = render.Text
		base, head string
		threshold  float64
		verbose    bool
		refs       refFlags
	)
	cmd := &cobra.Command{
		Use:   prefix + "compare",
		Short: "Compare two runs, files or commits benchmark by benchmark",
		Long: `Compare a head with a base, per benchmark and metric: both medians with
their 95% intervals, the change, the p-value of the Mann-Whitney U test and
the verdict. A regression is a change in the worse direction that is both
statistically significant (alpha 0.05) and larger than the threshold
(benchmarks.regressionThreshold, or --threshold).

--base and --head each name a file in the Go benchmark format (so two files
need no history at all, as with benchstat), a stored run id, or a branch
(its latest run), tried in that order. Without --head, the head is the
latest stored run; without --base, the base is the head's baseline.
--base-ref and --head-ref instead measure two git commits now, their
repetitions interleaved (A B A B ...), so that a change of load on the
machine falls on both alike.

Exit status: 1 when any benchmark regressed, 0 otherwise, 2 when it
cannot compare (no baseline, an unknown run id, an unreadable file).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			switch format {
			case render.Text, render.JSON, render.Markdown:
			default:
				return usageError("--format %s: perf:compare prints text, json or markdown", format)
			}
			set := cmd.Flags().Changed("threshold")
			if set && (threshold < 0 || math.IsNaN(threshold) || math.IsInf(threshold, 0)) {
				return usageError("--threshold %v: want a percentage, 0 or more", threshold)
			}
			req := engine.CompareRequest{
				Dir: dir, Config: cfg, History: sf.history(st),
				Base: base, Head: head, Threshold: threshold, ThresholdSet: set,
			}
			r, err := refs.request(cmd, base, head)
			if err != nil {
				return err
			}
			req.Refs = r
			c, err := st.engine(verbose).Compare(cmd.Context(), req)
			if err != nil {
				return err
			}
			if err := render.Comparison(st.Stdout, c, format); err != nil {
				return fmt.Errorf("write comparison: %w", err)
			}
			if regs := c.Regressed(); len(regs) > 0 {
				return failed("%s: %s", plural(len(regs), "benchmark regression"), listNames(regs))
			}
			return nil
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&dir, "dir", ".", "the module whose runs are compared (a `dir` in it)")
	fs.StringVar(&cfg, "config", "", "configuration `file` (default: the nearest .choragen/performance.yaml)")
	fs.Var(&format, "format", "output `format`: text, json, markdown")
	sf.register(fs, "")
	fs.StringVar(&base, "base", "", "the base: a benchmark `file`, a run id or a branch (default: the head's baseline)")
	fs.StringVar(&head, "head", "", "the head: a benchmark `file`, a run id or a branch (default: the latest run)")
	fs.Float64Var(&threshold, "threshold", 0, "regression threshold in `percent` (default: the config's benchmarks.regressionThreshold)")
	fs.BoolVarP(&verbose, "verbose", "v", false, "show progress")
	refs.register(fs)
	return cmd
}

// listNames joins the first five names, then says how many more.
func listNames(names []string) string {
	const shown = 5
	if len(names) <= shown {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:shown], ", "), len(names)-shown)
}

// refFlags are the flags of an interleaved comparison of two git commits.
type refFlags struct {
	base, head string
	bench      string
	count      int
	warmup     int
	benchtime  string
	packages   []string
}

func (f *refFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.base, "base-ref", "", "measure the git commit `ref` now as the base (with --head-ref; interleaved)")
	fs.StringVar(&f.head, "head-ref", "", "measure the git commit `ref` now as the head (with --base-ref; interleaved)")
	fs.StringVar(&f.bench, "bench", "", "with --base-ref/--head-ref: run only the benchmarks that `regexp` matches")
	fs.IntVar(&f.count, "count", 0, "with --base-ref/--head-ref: repetitions kept per side, at least 6 (default: the config's)")
	fs.IntVar(&f.warmup, "warmup", 0, "with --base-ref/--head-ref: repetitions per side run first and discarded (default: the config's)")
	fs.StringVar(&f.benchtime, "benchtime", "", "with --base-ref/--head-ref: go test -benchtime of each repetition (default: the config's)")
	fs.StringSliceVar(&f.packages, "packages", nil, "with --base-ref/--head-ref: package `patterns` to run, relative to --dir (default ./...)")
}

// request validates the flags: both refs or neither, and not with --base
// or --head.
func (f *refFlags) request(cmd *cobra.Command, base, head string) (*engine.RefsRequest, error) {
	if f.base == "" && f.head == "" {
		for _, name := range []string{"bench", "count", "warmup", "benchtime", "packages"} {
			if cmd.Flags().Changed(name) {
				return nil, usageError("--%s: only with --base-ref and --head-ref", name)
			}
		}
		return nil, nil
	}
	if f.base == "" || f.head == "" {
		return nil, usageError("--base-ref and --head-ref go together")
	}
	if base != "" || head != "" {
		return nil, usageError("--base-ref/--head-ref measure commits now: leave out --base and --head")
	}
	if f.count != 0 && f.count < 6 {
		return nil, usageError("--count %d: need at least 6 repetitions for a finite 95%% interval", f.count)
	}
	if f.warmup < 0 {
		return nil, usageError("--warmup %d: must not be negative", f.warmup)
	}
	if f.benchtime != "" && !validBenchtime(f.benchtime) {
		return nil, usageError("--benchtime %q: want a duration such as 100ms or a count such as 50x", f.benchtime)
	}
	if f.bench != "" {
		if _, err := regexp.Compile(f.bench); err != nil {
			return nil, usageError("--bench %q: %v", f.bench, err)
		}
	}
	return &engine.RefsRequest{
		Base: f.base, Head: f.head, Bench: f.bench, Packages: f.packages,
		Count: f.count, Warmup: f.warmup, WarmupSet: cmd.Flags().Changed("warmup"), Benchtime: f.benchtime,
	}, nil
}
