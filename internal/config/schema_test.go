package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/jsonschema-go/jsonschema"
	"go.yaml.in/yaml/v4"
)

// schemaCopy is the copy of the schema kept for editors and readers.
const schemaCopy = "../../docs/performance.schema.json"

// TestSchemaCopy checks that docs/performance.schema.json is the embedded
// schema; -update writes it.
func TestSchemaCopy(t *testing.T) {
	if *update {
		if err := os.WriteFile(schemaCopy, Schema(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(schemaCopy)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, Schema()) {
		t.Errorf("%s differs from internal/config/performance.schema.json; run go test ./internal/config -run TestSchemaCopy -update", schemaCopy)
	}
}

func resolvedSchema(t testing.TB) *jsonschema.Resolved {
	t.Helper()
	var s jsonschema.Schema
	if err := json.Unmarshal(Schema(), &s); err != nil {
		t.Fatalf("schema: %v", err)
	}
	rs, err := s.Resolve(&jsonschema.ResolveOptions{ValidateDefaults: true})
	if err != nil {
		t.Fatalf("resolve schema: %v", err)
	}
	return rs
}

// instance converts a YAML document to the JSON value an editor's schema
// validator sees. An empty document is an empty object.
func instance(data []byte) (any, error) {
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		return nil, err
	}
	if v == nil {
		v = map[string]any{}
	}
	j, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	err = json.Unmarshal(j, &out)
	return out, err
}

func validateSchema(rs *jsonschema.Resolved, data []byte) error {
	v, err := instance(data)
	if err != nil {
		return fmt.Errorf("yaml to json: %w", err)
	}
	return rs.Validate(v)
}

// TestSchemaAcceptsValid checks that the schema and the loader accept
// every valid file in testdata (DESIGN.md's example and the original
// specification's among them).
func TestSchemaAcceptsValid(t *testing.T) {
	rs := resolvedSchema(t)
	files, _ := filepath.Glob("testdata/valid/*.yaml")
	if len(files) < 3 {
		t.Fatalf("only %d valid files", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := validateSchema(rs, data); err != nil {
			t.Errorf("schema rejects %s: %v", f, err)
		}
		if _, err := Parse(data, f); err != nil {
			t.Errorf("Parse rejects %s: %v", f, err)
		}
	}
}

// TestSchemaRejects checks that the schema rejects what it can express of
// the loader's rules.
func TestSchemaRejects(t *testing.T) {
	rs := resolvedSchema(t)
	for _, src := range []string{
		"contract: {}",
		"contracts: {cache: {}}",
		"contracts: {latency: {default: {max: 1, unit: mss}}}",
		"contracts: {latency: {default: {max: 0}}}",
		"contracts: {latency: {default: {max: \"100ms\"}}}",
		"contracts: {latency: {default: {unit: ms}}}",
		"contracts: {latency: {default: {max: 1, percentile: 100}}}",
		"contracts: {latency: {overrides: {\"api/***\": {max: 1}}}}",
		"contracts: {latency: {overrides: {\"get /x\": {max: 1}}}}",
		"contracts: {latency: {overrides: {\"api/*\": {max: -1}}}}",
		"contracts: {memory: {default: {max: 1, unit: mb}}}",
		"contracts: {memory: {default: {unit: MB}}}",
		"contracts: {memory: {default: {heap: 0}}}",
		"contracts: {io: {default: {max: 1}}}",
		"contracts: {queries: {default: {max: -1}}}",
		"contracts: {queries: [1]}",
		"contracts: {complexity: {enforce: yes}}",
		"contracts: {complexity: {maxAllowed: fast}}",
		"benchmarks: {count: 5}",
		"benchmarks: {warmup: -1}",
		"benchmarks: {benchtime: fast}",
		"benchmarks: {benchtime: 100}",
		"benchmarks: {baselineBranch: \"a b\"}",
		"benchmarks: {store: \"\"}",
		"thresholds: {minScore: 101}",
		"thresholds: {maxViolations: 1.5}",
	} {
		if err := validateSchema(rs, []byte(src)); err == nil {
			t.Errorf("schema accepts %s", src)
		}
		if _, err := Parse([]byte(src), file); err == nil {
			t.Errorf("Parse accepts %s", src)
		}
	}
}
