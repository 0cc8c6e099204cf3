// Package render writes choragen's results (package report) for people
// and for other tools. Only front ends import it: the CLI today, the
// dashboard and the MCP server beside it.
//
// # Formats
//
// A report is written in one of five formats (Format, chosen by --format
// and read with ParseFormat): Text, a terminal table in the style of go
// test and benchstat (WriteText; colour when Options.Color, which the
// front end decides); JSON, the wire format of package report
// (WriteJSON, read back with report.Decode); Markdown, a pull-request
// comment or job summary (WriteMarkdown); JUnit XML for CI test reports
// (WriteJUnit); and GitHub workflow commands that annotate the
// directive's line (WriteGitHub). Report dispatches by format.
//
// The results of the tracking commands have a renderer each, which takes
// the format and refuses one its command does not offer: Comparison
// (perf:compare: text in benchstat's layout, json, markdown), History
// (perf:history), Baseline (perf:baseline), Bench (perf:bench) and Hints
// (perf:lint), each in text and json.
//
// # Numbers and escaping
//
// Every renderer scales numbers for people the way benchstat does
// (golang.org/x/perf/benchunit: 1.240µs, 12.30MB) and escapes every string
// from a result for where it lands, so that no target or benchmark name
// can forge a cell, a tag, an annotation or a terminal escape.
//
// The renderers show a result as it is: they count nothing and decide
// nothing.
package render
