// This file is a statement of policy: which packages of choragen may
// import which others. It is checked by TestDependencyPolicy against what
// `go list -deps` says the packages really import, so that the policy
// cannot silently drift (after go/build's deps_test.go).
//
// The reasons, in short (DESIGN.md, STYLE.md, docs/architecture.md):
//
//   - Public packages (perf/...) land in every user's build. They import the
//     standard library, the stdlib-only internal packages (metric, race,
//     pattern), each other, and a few small modules that earn their
//     place. That is checked over their whole build, not just their direct
//     imports. The run-time ones (all but perftest) do not import package
//     testing. perftest also imports internal/complexity, which is
//     stdlib-only apart from the vocabulary, for its complexity assertion.
//   - Databases, YAML, the MCP SDK and chromedp stay under internal/.
//   - Commands (cmd/...) are leaves: nothing imports them.
//   - The result model (internal/report) imports only the standard library
//     and internal/metric, so that every stage may import it; its
//     renderers (internal/render) are imported only by front ends.
//
// To allow a new edge, add it to policy with the reason. Do not widen a
// rule to make a failing import pass without agreeing on it first.
package choragen_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// A rule constrains the packages that match one of pkgs. Patterns starting
// with "./" name packages of this module ("./perf/...", "./internal/metric",
// "./..." for all); others are full import paths, of the standard library
// ("testing") or of other modules ("github.com/DataDog/go-sqllexer/...").
// "x/..." matches x and everything below it, and "std" the whole standard
// library.
type rule struct {
	pkgs []string
	// except are packages that pkgs matches but the rule leaves alone.
	except []string
	// may, if not empty, lists everything the packages may import; the
	// rest is forbidden.
	may []string
	// mayNot lists what the packages must not import.
	mayNot []string
	// build applies the rule to every package in the packages' build
	// (go list -deps), not only to their direct imports.
	build bool
	why   string
}

// heavy are the modules that stay under internal/.
var heavy = []string{
	"modernc.org/...",
	"github.com/jackc/...",
	"gopkg.in/yaml.v3/...",
	"github.com/modelcontextprotocol/...",
	"github.com/chromedp/...",
	"github.com/spf13/...",
	"gonum.org/...",
}

var policy = []rule{
	{
		pkgs: []string{"./perf/..."},
		may: []string{
			"std",
			"./internal/metric", "./internal/race", "./internal/pattern",
			"./internal/complexity", // perftest only: see the rules below
			"./perf/...",
			"github.com/HdrHistogram/hdrhistogram-go/...",
			"go.uber.org/goleak/...",
			"github.com/DataDog/go-sqllexer/...",
		},
		build: true,
		why:   "public packages land in every user's build: the standard library and small, focused modules only",
	},
	{
		pkgs:   []string{"./perf", "./perf/perfsql/...", "./perf/perfhttp/..."},
		mayNot: []string{"testing", "./perf/perftest/..."},
		build:  true,
		why:    "run-time packages go into production binaries: the testing package and its helpers stay in perftest",
	},
	{
		pkgs: []string{"./internal/metric", "./internal/race", "./internal/pattern"},
		may:  []string{"std"},
		why:  "public packages import these, so they import only the standard library",
	},
	{
		pkgs:   []string{"./cmd/..."},
		mayNot: heavy,
		why:    "databases, YAML, MCP, chromedp and the CLI framework stay under internal/; commands only wire",
	},
	{
		pkgs:   []string{"./..."},
		mayNot: []string{"./cmd/..."},
		why:    "commands are leaves: their logic lives in importable packages",
	},
	{
		pkgs:   []string{"./perf", "./perf/perfsql/...", "./perf/perfhttp/..."},
		mayNot: []string{"./internal/complexity"},
		build:  true,
		why:    "complexity fitting belongs in tests: only perftest (AssertComplexity) brings it into users' builds",
	},
	{
		pkgs: []string{"./internal/report"},
		may:  []string{"std", "./internal/metric"},
		why:  "the result model sits below every stage, which may all import it: it imports only the standard library and the vocabulary",
	},
	{
		pkgs:   []string{"./..."},
		except: []string{"./internal/cli", "./internal/render"},
		mayNot: []string{"./internal/render"},
		why:    "the renderers sit above the stages, beside the front ends: only a front end (internal/cli) imports internal/render",
	},
	{
		pkgs: []string{"./internal/complexity"},
		may:  []string{"std", "./internal/metric"},
		why:  "perftest imports it into users' test builds, so it imports only the standard library and the vocabulary (not gonum, not internal/render and its x/perf)",
	},
}

// listed is what `go list -json` says about a package.
type listed struct {
	ImportPath string
	Standard   bool
	Module     *struct{ Path string }
	Imports    []string
	Error      *struct{ Err string }
}

func TestDependencyPolicy(t *testing.T) {
	gocmd, err := exec.LookPath("go")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no go command: %v", err)
		}
		t.Skipf("no go command: %v", err)
	}
	mod, err := exec.Command(gocmd, "list", "-m").Output()
	if err != nil {
		t.Fatalf("go list -m: %v", err)
	}
	cmd := exec.Command(gocmd, "list", "-e", "-deps", "-json=ImportPath,Standard,Module,Imports,Error", "./...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.Bytes())
	}
	pkgs, err := decodeList(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pkgs {
		if p.Error != nil {
			t.Errorf("go list: %s: %s", p.ImportPath, p.Error.Err)
		}
	}
	modPath := strings.TrimSpace(string(mod))
	if p := pkgs[modPath+"/perf"]; p == nil || len(p.Imports) == 0 {
		t.Fatalf("go list did not list %s/perf and its imports", modPath)
	}
	for _, problem := range checkPolicy(modPath, pkgs, policy) {
		t.Error(problem)
	}
}

func decodeList(r io.Reader) (map[string]*listed, error) {
	pkgs := make(map[string]*listed)
	dec := json.NewDecoder(r)
	for {
		p := new(listed)
		if err := dec.Decode(p); errors.Is(err, io.EOF) {
			return pkgs, nil
		} else if err != nil {
			return nil, fmt.Errorf("decode go list output: %w", err)
		}
		pkgs[p.ImportPath] = p
	}
}

// checkPolicy returns one line per import that breaks a rule.
func checkPolicy(mod string, pkgs map[string]*listed, rules []rule) []string {
	inModule := func(p *listed) bool { return p.Module != nil && p.Module.Path == mod }
	matches := func(p *listed, patterns []string) bool {
		for _, pat := range patterns {
			switch {
			case pat == "std":
				if p.Standard {
					return true
				}
			case pat == "./...":
				if inModule(p) {
					return true
				}
			case strings.HasPrefix(pat, "./"):
				if inModule(p) && matchPattern(mod+"/"+pat[2:], p.ImportPath) {
					return true
				}
			default:
				if !inModule(p) && matchPattern(pat, p.ImportPath) {
					return true
				}
			}
		}
		return false
	}
	var problems []string
	paths := slices.Sorted(func(yield func(string) bool) {
		for path := range pkgs {
			if !yield(path) {
				return
			}
		}
	})
	for _, r := range rules {
		for _, path := range paths {
			p := pkgs[path]
			if !inModule(p) || !matches(p, r.pkgs) || matches(p, r.except) {
				continue
			}
			// via[x] is the package through which p's build reaches x.
			via := map[string]string{}
			queue := []string{path}
			for len(queue) > 0 {
				from := queue[0]
				queue = queue[1:]
				q := pkgs[from]
				if q == nil {
					continue
				}
				for _, imp := range q.Imports {
					if _, seen := via[imp]; seen || imp == path || imp == "C" {
						// "C" is cgo's pseudo-package (package net
						// imports it when cgo is on), not a dependency.
						continue
					}
					via[imp] = from
					dep := pkgs[imp]
					if dep == nil {
						dep = &listed{ImportPath: imp} // not listed: outside everything
					}
					bad := len(r.may) > 0 && !matches(dep, r.may) || matches(dep, r.mayNot)
					if bad {
						problems = append(problems, fmt.Sprintf("%s imports %s (%s): not allowed: %s",
							strings.TrimPrefix(path, mod+"/"), imp, chain(via, path, imp), r.why))
						continue // its own imports are not the rule's business
					}
					if r.build {
						queue = append(queue, imp)
					}
				}
			}
		}
	}
	return problems
}

// chain spells how path reaches imp: "a → b → imp".
func chain(via map[string]string, path, imp string) string {
	steps := []string{imp}
	for at := imp; via[at] != path; at = via[at] {
		steps = append(steps, via[at])
	}
	steps = append(steps, path)
	slices.Reverse(steps)
	return strings.Join(steps, " → ")
}

// matchPattern reports whether path matches pat, where a trailing "/..."
// matches the path itself and everything below it.
func matchPattern(pat, path string) bool {
	if prefix, ok := strings.CutSuffix(pat, "/..."); ok {
		return path == prefix || strings.HasPrefix(path, prefix+"/")
	}
	return path == pat
}

// TestCheckPolicy shows that the check catches what it is meant to, on a
// made-up module graph.
func TestCheckPolicy(t *testing.T) {
	const mod = "example.com/m"
	in := &struct{ Path string }{mod}
	out := func(p string) *struct{ Path string } { return &struct{ Path string }{p} }
	pkgs := map[string]*listed{}
	add := func(p *listed) { pkgs[p.ImportPath] = p }
	add(&listed{ImportPath: "fmt", Standard: true})
	add(&listed{ImportPath: mod + "/perf", Module: in, Imports: []string{"fmt", mod + "/internal/metric", "github.com/HdrHistogram/hdrhistogram-go"}})
	add(&listed{ImportPath: mod + "/internal/metric", Module: in, Imports: []string{"fmt"}})
	add(&listed{ImportPath: "github.com/HdrHistogram/hdrhistogram-go", Module: out("github.com/HdrHistogram/hdrhistogram-go"), Imports: []string{"fmt"}})
	add(&listed{ImportPath: mod + "/perf/perfsql", Module: in, Imports: []string{mod + "/perf", mod + "/internal/engine"}})
	add(&listed{ImportPath: mod + "/internal/engine", Module: in, Imports: []string{"modernc.org/sqlite"}})
	add(&listed{ImportPath: "modernc.org/sqlite", Module: out("modernc.org/sqlite")})
	add(&listed{ImportPath: mod + "/cmd/tool", Module: in, Imports: []string{"gopkg.in/yaml.v3"}})
	add(&listed{ImportPath: mod + "/internal/cli", Module: in, Imports: []string{mod + "/cmd/tool"}})
	add(&listed{ImportPath: "gopkg.in/yaml.v3", Module: out("gopkg.in/yaml.v3")})

	got := checkPolicy(mod, pkgs, policy)
	want := []string{
		"perf/perfsql imports " + mod + "/internal/engine (" + mod + "/perf/perfsql → " + mod + "/internal/engine): not allowed: " + policy[0].why,
		"cmd/tool imports gopkg.in/yaml.v3 (" + mod + "/cmd/tool → gopkg.in/yaml.v3): not allowed: " + policy[3].why,
		"internal/cli imports " + mod + "/cmd/tool (" + mod + "/internal/cli → " + mod + "/cmd/tool): not allowed: " + policy[4].why,
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// Through an allowed package, the whole build is checked.
	pkgs[mod+"/internal/metric"].Imports = append(pkgs[mod+"/internal/metric"].Imports, "modernc.org/sqlite")
	got = checkPolicy(mod, pkgs, policy[:1])
	if !slices.ContainsFunc(got, func(p string) bool {
		return strings.HasPrefix(p, "perf imports modernc.org/sqlite ("+mod+"/perf → "+mod+"/internal/metric → modernc.org/sqlite): ")
	}) {
		t.Errorf("a heavy module two steps down is not caught: %q", got)
	}

	// A standard-library package can be forbidden by name.
	add(&listed{ImportPath: "testing", Standard: true})
	pkgs[mod+"/perf"].Imports = append(pkgs[mod+"/perf"].Imports, "testing")
	got = checkPolicy(mod, pkgs, policy[1:2])
	if len(got) != 2 || !strings.HasPrefix(got[0], "perf imports testing ("+mod+"/perf → testing): ") ||
		!strings.HasPrefix(got[1], "perf/perfsql imports testing ("+mod+"/perf/perfsql → "+mod+"/perf → testing): ") {
		t.Errorf("perf importing testing, seen from perf and perfsql: %q", got)
	}
}

func TestMatchPattern(t *testing.T) {
	for _, tc := range []struct {
		pat, path string
		want      bool
	}{
		{"a/...", "a", true},
		{"a/...", "a/b/c", true},
		{"a/...", "ab", false},
		{"a", "a/b", false},
		{"a/b", "a/b", true},
	} {
		if got := matchPattern(tc.pat, tc.path); got != tc.want {
			t.Errorf("matchPattern(%q, %q) = %v, want %v", tc.pat, tc.path, got, tc.want)
		}
	}
}
