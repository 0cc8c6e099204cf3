package cli

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/choragen/choragen/internal/engine"
	"github.com/choragen/choragen/internal/render"
)

// common are the flags every measuring command takes.
type common struct {
	dir       string
	config    string
	format    render.Format
	count     int
	warmup    int
	benchtime string
	strict    bool
	verbose   bool
}

func (c *common) register(fs *pflag.FlagSet) {
	fs.StringVar(&c.dir, "dir", ".", "check the packages under `dir` (./... there)")
	fs.StringVar(&c.config, "config", "", "configuration `file` (default: the nearest .choragen/performance.yaml)")
	c.format = render.Text
	fs.Var(&c.format, "format", "output `format`: text, json, markdown, junit, github")
	fs.IntVar(&c.count, "count", 0, "repetitions kept per benchmark, at least 6 (default: the config's benchmarks.count)")
	fs.IntVar(&c.warmup, "warmup", 0, "repetitions run first and discarded (default: the config's benchmarks.warmup)")
	fs.StringVar(&c.benchtime, "benchtime", "", "go test -benchtime of each repetition, a `duration` or Nx (default: the config's)")
	fs.BoolVar(&c.strict, "strict", false, "fail when any contract is unmeasured or inconclusive")
	fs.BoolVarP(&c.verbose, "verbose", "v", false, "show progress, and details of passed contracts")
}

// request validates the flags and builds the engine's request; args are
// package patterns relative to --dir.
func (c *common) request(cmd *cobra.Command, args []string) (engine.Request, error) {
	if c.count != 0 && c.count < 6 {
		return engine.Request{}, usageError("--count %d: need at least 6 repetitions for a finite 95%% interval", c.count)
	}
	if c.warmup < 0 {
		return engine.Request{}, usageError("--warmup %d: must not be negative", c.warmup)
	}
	if c.benchtime != "" && !validBenchtime(c.benchtime) {
		return engine.Request{}, usageError("--benchtime %q: want a duration such as 100ms or a count such as 50x", c.benchtime)
	}
	if fi, err := os.Stat(c.dir); err != nil || !fi.IsDir() {
		return engine.Request{}, usageError("--dir %s: not a directory", c.dir)
	}
	for _, a := range args {
		if strings.HasPrefix(a, "-") {
			return engine.Request{}, usageError("unexpected argument %q", a)
		}
	}
	return engine.Request{
		Dir:       c.dir,
		Patterns:  args,
		Config:    c.config,
		Count:     c.count,
		Warmup:    c.warmup,
		WarmupSet: cmd.Flags().Changed("warmup"),
		Benchtime: c.benchtime,
		Strict:    c.strict,
	}, nil
}

func validBenchtime(s string) bool {
	if n, ok := strings.CutSuffix(s, "x"); ok {
		var i int
		_, err := fmt.Sscanf(n, "%d", &i)
		return err == nil && i > 0 && fmt.Sprint(i) == n
	}
	d, err := time.ParseDuration(s)
	return err == nil && d > 0
}
