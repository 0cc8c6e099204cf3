package config_test

import (
	"fmt"
	"log"
	"strconv"

	"github.com/choragen/choragen/internal/config"
)

// Example runs the whole flow on a small module in testdata: find the
// configuration that applies to a package, load it, and ask for the rules
// of its targets.
func Example() {
	path, err := config.Find("testdata/module/api")
	if err != nil {
		log.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("config:", path)
	fmt.Println("root:", cfg.Root())
	for _, target := range []string{"api.FetchUser", "GET /api/users/{userID}", "store.(*DB).Get"} {
		fmt.Println(target)
		for _, r := range cfg.Rules(target) {
			fmt.Printf("  %-8s %-7s max %-8s p%-3g from %q at %s\n", r.Section, r.Metric, strconv.FormatFloat(r.Max, 'f', -1, 64), r.Percentile, r.Pattern, r.Pos)
		}
	}
	fmt.Println("count:", cfg.Benchmarks.Count, "benchtime:", cfg.Benchmarks.Benchtime)
	// Output:
	// config: testdata/module/.choragen/performance.yaml
	// root: testdata/module
	// api.FetchUser
	//   latency  latency max 100      p95  from "api/*" at testdata/module/.choragen/performance.yaml:6:7
	//   memory   bytes   max 1048576  p0   from "" at testdata/module/.choragen/performance.yaml:9:5
	//   memory   allocs  max 100      p0   from "" at testdata/module/.choragen/performance.yaml:9:5
	// GET /api/users/{userID}
	//   latency  latency max 50       p99  from "GET /api/users/{id}" at testdata/module/.choragen/performance.yaml:7:7
	//   memory   bytes   max 1048576  p0   from "" at testdata/module/.choragen/performance.yaml:9:5
	//   memory   allocs  max 100      p0   from "" at testdata/module/.choragen/performance.yaml:9:5
	// store.(*DB).Get
	//   latency  latency max 200      p0   from "" at testdata/module/.choragen/performance.yaml:4:5
	//   memory   bytes   max 1048576  p0   from "" at testdata/module/.choragen/performance.yaml:9:5
	//   memory   allocs  max 100      p0   from "" at testdata/module/.choragen/performance.yaml:9:5
	//   queries  queries max 1        p0   from "store.(*DB).Get" at testdata/module/.choragen/performance.yaml:12:7
	// count: 8 benchtime: 100ms
}

func ExampleParse() {
	_, err := config.Parse([]byte(`
contracts:
  latency:
    default: {max: 200, unit: mss}
`), ".choragen/performance.yaml")
	fmt.Println(err)
	// Output:
	// .choragen/performance.yaml:4:31: contracts.latency.default.unit: unknown unit "mss" (want ns, us, µs, ms or s; did you mean ms?)
}

func ExampleConfig_Rules() {
	cfg, err := config.Parse([]byte(`
contracts:
  latency:
    default: {max: 200}
    overrides:
      "api/*": {max: 100, percentile: 95}
      "api.Health": {max: 5}
`), ".choragen/performance.yaml")
	if err != nil {
		log.Fatal(err)
	}
	for _, target := range []string{"store.Get", "api.List", "api.Health", "GET /api/users/{id}"} {
		r := cfg.Rules(target)[0]
		fmt.Printf("%-20s %gms p%g (%q)\n", target, r.Max, r.Percentile, r.Pattern)
	}
	// Output:
	// store.Get            200ms p0 ("")
	// api.List             100ms p95 ("api/*")
	// api.Health           5ms p0 ("api.Health")
	// GET /api/users/{id}  100ms p95 ("api/*")
}

func ExampleMatch() {
	for _, tc := range [][2]string{
		{"api/*", "api.FetchUser"},
		{"api/*", "api/v2.List"},
		{"api/**", "api/v2.List"},
		{"api/*", "GET /api/users/{id}"},
		{"store.*Get*", "store.(*DB).Get"},
		{"GET /api/users/{id}", "GET /api/users/{userID}"},
	} {
		fmt.Printf("%-20s %-24s %v\n", tc[0], tc[1], config.Match(tc[0], tc[1]))
	}
	// Output:
	// api/*                api.FetchUser            true
	// api/*                api/v2.List              false
	// api/**               api/v2.List              true
	// api/*                GET /api/users/{id}      true
	// store.*Get*          store.(*DB).Get          true
	// GET /api/users/{id}  GET /api/users/{userID}  true
}

func ExampleSpecificity() {
	for _, p := range []string{"api/**", "api/*", "api.Fetch*", "GET /api/users/{id}"} {
		fmt.Println(p, config.Specificity(p))
	}
	// Output:
	// api/** 4
	// api/* 4
	// api.Fetch* 9
	// GET /api/users/{id} 17
}
