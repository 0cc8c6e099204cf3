package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"regexp"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/choragen/choragen/internal/engine"
	"github.com/choragen/choragen/internal/render"
	"github.com/choragen/choragen/internal/report"
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
			switch format {
			case render.JSON:
				err = writeCompareJSON(st.Stdout, c)
			case render.Markdown:
				err = writeCompareMarkdown(st.Stdout, c)
			default:
				err = writeCompare(st.Stdout, c)
			}
			if err != nil {
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

// describeSide writes one side of a comparison for a heading.
func describeSide(s report.Side) string {
	var what string
	switch s.Kind {
	case "file":
		what = "file " + s.Path
	case "ref":
		what = "ref " + s.Ref
		if s.Run != nil && s.Run.Commit != "" {
			what += " (commit " + shortCommit(s.Run.Commit) + ")"
		}
		return what
	default:
		what = describeRun(s.Run)
	}
	if s.Chosen != "" && !strings.HasPrefix(s.Chosen, "--") {
		what += " [" + s.Chosen + "]"
	}
	return what
}

// writeCompare prints a comparison as benchstat does: per package, a row
// per benchmark and metric with the base and head medians ± intervals,
// the change with its p-value and sample sizes, and the verdict; then the
// warnings and a line of counts.
func writeCompare(w io.Writer, c *report.Comparison) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "base: %s\n", clean(describeSide(c.Base)))
	fmt.Fprintf(&b, "head: %s\n", clean(describeSide(c.Head)))
	fmt.Fprintf(&b, "rule: regression = worse by more than %v%% and significant at alpha %v\n", c.Threshold, c.Alpha)
	if len(c.Benchmarks) > 0 {
		b.WriteByte('\n')
		t := &textTable{right: map[int]bool{2: true, 3: true}}
		t.row("", "UNIT", "BASE", "HEAD", "CHANGE", "VERDICT")
		for _, pkg := range packagesOf(c.Benchmarks) {
			if pkg != "" {
				t.line("pkg: " + pkg)
			}
			for i := range c.Benchmarks {
				row := &c.Benchmarks[i]
				if row.Package != pkg {
					continue
				}
				base := ""
				if row.Baseline != nil {
					base = withInterval(*row.Baseline, row.Unit, row.BaselineInterval)
				}
				t.row(row.Name, row.Unit, base, withInterval(row.Current, row.Unit, row.CurrentInterval), changeCell(row), verdictWord(row))
			}
		}
		t.write(&b)
	}
	var notes []string
	for i := range c.Benchmarks {
		row := &c.Benchmarks[i]
		for _, warn := range row.Warnings {
			notes = append(notes, row.Name+" "+row.Unit+": "+warn)
		}
	}
	notes = append(notes, c.Warnings...)
	if len(notes) > 0 {
		b.WriteByte('\n')
		for _, n := range notes {
			fmt.Fprintf(&b, "warning: %s\n", clean(n))
		}
	}
	s := c.Summary
	fmt.Fprintf(&b, "\n%s, %s, %d unchanged, of %d compared\n",
		plural(s.Regressions, "regression"), plural(s.Improvements, "improvement"), s.Unchanged, s.Compared)
	_, err := w.Write(b.Bytes())
	return err
}

// writeCompareJSON prints the comparison as JSON: the sides, the rule,
// the report's benchmark rows and the counts.
func writeCompareJSON(w io.Writer, c *report.Comparison) error {
	out := *c
	if out.Benchmarks == nil {
		out.Benchmarks = []report.Benchmark{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(&out)
}

// mdRows is how many rows a Markdown table shows before it says how many
// it left out: a pull-request comment holds at most 65,536 characters.
const mdRows = 100

// writeCompareMarkdown prints the comparison as a pull-request comment: a
// headline with the verdict, the regressions and improvements in a table,
// every row under <details>, and the warnings.
func writeCompareMarkdown(w io.Writer, c *report.Comparison) error {
	var b bytes.Buffer
	s := c.Summary
	icon := "✅"
	if s.Regressions > 0 {
		icon = "❌"
	}
	fmt.Fprintf(&b, "### %s choragen compare: %s, %s, %d unchanged\n\n", icon,
		plural(s.Regressions, "regression"), plural(s.Improvements, "improvement"), s.Unchanged)
	fmt.Fprintf(&b, "Base: %s · head: %s · a regression is worse by more than %v%% and significant at alpha %v.\n",
		mdText(describeSide(c.Base)), mdText(describeSide(c.Head)), c.Threshold, c.Alpha)
	var changed []*report.Benchmark
	for i := range c.Benchmarks {
		if c.Benchmarks[i].Regression || c.Benchmarks[i].Improvement {
			changed = append(changed, &c.Benchmarks[i])
		}
	}
	// Regressions first.
	var ordered []*report.Benchmark
	for _, r := range changed {
		if r.Regression {
			ordered = append(ordered, r)
		}
	}
	for _, r := range changed {
		if !r.Regression {
			ordered = append(ordered, r)
		}
	}
	if len(ordered) > 0 {
		b.WriteByte('\n')
		mdCompareTable(&b, ordered)
	}
	if len(c.Benchmarks) > 0 {
		all := make([]*report.Benchmark, len(c.Benchmarks))
		for i := range c.Benchmarks {
			all[i] = &c.Benchmarks[i]
		}
		fmt.Fprintf(&b, "\n<details>\n<summary>All %d compared</summary>\n\n", len(all))
		mdCompareTable(&b, all)
		b.WriteString("\n</details>\n")
	}
	if len(c.Warnings) > 0 {
		b.WriteString("\n")
		for _, warn := range c.Warnings {
			fmt.Fprintf(&b, "- ⚠️ %s\n", mdText(warn))
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

func mdCompareTable(b *bytes.Buffer, rows []*report.Benchmark) {
	b.WriteString("| benchmark | unit | base | head | change | verdict |\n")
	b.WriteString("| --- | --- | ---: | ---: | ---: | --- |\n")
	for i, r := range rows {
		if i == mdRows {
			fmt.Fprintf(b, "\n… and %d more, in `--format json`.\n", len(rows)-i)
			return
		}
		base := ""
		if r.Baseline != nil {
			base = withInterval(*r.Baseline, r.Unit, r.BaselineInterval)
		}
		verdict := verdictWord(r)
		switch {
		case r.Regression:
			verdict = "❌ regression"
		case r.Improvement:
			verdict = "✅ improvement"
		}
		name := r.Name
		if r.Package != "" {
			name = r.Package + " " + r.Name
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s |\n", mdCode(name), mdCell(r.Unit), base,
			withInterval(r.Current, r.Unit, r.CurrentInterval), changeCell(r), verdict)
	}
}

// mdCode writes s as a code span in a table cell: a fence longer than any
// run of backticks inside, pipes escaped (GitHub splits cells on them even
// in code spans).
func mdCode(s string) string {
	s = clean(s)
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		pad = " "
	}
	return fence + pad + strings.ReplaceAll(s, "|", `\|`) + pad + fence
}

// mdCell escapes text for a table cell.
func mdCell(s string) string { return strings.ReplaceAll(mdText(s), "|", `\|`) }

// mdText escapes, in running text (never at the start of a line), the
// Markdown punctuation that could format, link or break a table there,
// and @, so that no name mentions a user.
func mdText(s string) string {
	s = clean(s)
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>|~@", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
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
