package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBadRoutePattern: a malformed route pattern in the configuration's
// overrides (the patterns perfhttp applies to routes) stops the run with
// exit 2 and one line that names the file, line and column, and the
// problem as ServeMux would put it.
func TestBadRoutePattern(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, pattern string
		want          []string // in the one line on stderr
	}{
		{"unknown method", "FETCH /api/**", []string{"performance.yaml:6:8:", `unknown HTTP method "FETCH"`}},
		{"lower-case method", "get /api/**", []string{"performance.yaml:6:8:", `unknown HTTP method "get"`}},
		{"bad wildcard name", "GET /api/users/{1d}", []string{"performance.yaml:6:23:", `bad wildcard name "1d"`}},
		{"unclosed wildcard", "GET /api/users/{id", []string{"performance.yaml:6:23:", "bad wildcard segment (must end with '}')"}},
		{"wildcard not at end", "GET /files/{path...}/x", []string{"performance.yaml:6:19:", "{...} wildcard not at end"}},
		{"duplicate wildcard", "GET /a/{id}/b/{id}", []string{"performance.yaml:6:22:", `duplicate wildcard name "id"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := fixtureModule(t, tc.pattern)
			for _, cmd := range []string{"perf", "perf:check"} {
				code, stdout, stderr := run(t, cmd, "--dir", dir)
				if code != ExitError {
					t.Errorf("%s: exit code %d, want %d; stderr:\n%s", cmd, code, ExitError, stderr)
				}
				if stdout != "" {
					t.Errorf("%s: a failed run printed a report:\n%s", cmd, stdout)
				}
				if n := strings.Count(stderr, "\n"); n != 1 {
					t.Errorf("%s: stderr has %d lines, want 1:\n%s", cmd, n, stderr)
				}
				for _, w := range tc.want {
					if !strings.Contains(stderr, w) {
						t.Errorf("%s: stderr does not say %q:\n%s", cmd, w, stderr)
					}
				}
			}
		})
	}
}

// fixtureModule writes a module whose configuration has the override
// pattern on line 6, column 8 (inside the quotes).
func fixtureModule(t *testing.T, pattern string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"go.mod": "module example.com/routes\n\ngo 1.26.0\n",
		"api/api.go": `package api

import "net/http"

// Handler serves the API.
func Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/users/{id}", func(w http.ResponseWriter, r *http.Request) {})
	return mux
}
`,
		".choragen/performance.yaml": `# Route contracts for the API.
contracts:
  latency:
    default: {max: 50, unit: ms}
    overrides:
      "` + pattern + `": {max: 100, percentile: 95}
`,
	}
	for name, data := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
