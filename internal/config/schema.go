package config

import _ "embed"

//go:embed performance.schema.json
var schema []byte

// Schema returns the JSON Schema (draft 2020-12) of the configuration
// file, for editors: yaml-language-server reads it from a modeline such as
//
//	# yaml-language-server: $schema=https://raw.githubusercontent.com/choragen/choragen/main/docs/performance.schema.json
//
// A copy is kept in docs/performance.schema.json. The schema checks the
// shape of the file; Parse checks more (override patterns in full, that an
// override without a default sets a threshold, duplicate keys).
func Schema() []byte { return append([]byte(nil), schema...) }
