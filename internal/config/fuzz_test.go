package config

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/choragen/choragen/internal/metric"
)

// fuzzTargets are the targets Rules is asked about for each input.
var fuzzTargets = []string{
	"api.FetchUser", "api/v2.List", "store.(*DB).Get", "FetchUser", "(*DB).Get",
	"GET /api/users/{id}", "POST /api/", "/health", "GET shop.example.com/api/x",
}

// FuzzConfig checks that Parse never panics, that every error it returns
// has a position and a message, and that every configuration it accepts
// is also accepted by the JSON Schema and gives sound rules.
func FuzzConfig(f *testing.F) {
	valid, _ := filepath.Glob("testdata/valid/*.yaml")
	for _, name := range valid {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	archives, _ := filepath.Glob("testdata/errors/*.txtar")
	for _, name := range archives {
		a, err := txtar.ParseFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(archiveFile(a, "performance.yaml"))
	}
	rs := resolvedSchema(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse(data, file)
		if err != nil {
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("Parse error %v (%T) is not an ErrorList", err, err)
			}
			checkErrors(t, list)
			if cfg != nil {
				t.Fatalf("Parse returned a configuration and an error")
			}
			return
		}
		if err := validateSchema(rs, data); err != nil {
			t.Errorf("Parse accepts what the schema rejects: %v", err)
		}
		for _, target := range fuzzTargets {
			for _, r := range cfg.Rules(target) {
				if _, ok := metric.Lookup(r.Metric); !ok || r.Section == "" {
					t.Errorf("Rules(%q): bad rule %+v", target, r)
				}
				if math.IsNaN(r.Max) || math.IsInf(r.Max, 0) || r.Max < 0 || r.Percentile < 0 || r.Percentile >= 100 {
					t.Errorf("Rules(%q): bad threshold in %+v", target, r)
				}
				if r.Pos.File != file || r.Pos.Line < 1 || r.Pos.Col < 1 {
					t.Errorf("Rules(%q): rule without a position: %+v", target, r)
				}
			}
		}
	})
}
