// Package directive reads choragen's performance directives, the "//perf:"
// lines on Go functions, into contract specs with source positions.
//
// A directive is a line comment in a function's doc comment, written like
// the toolchain's "//go:" lines, with no space after "//":
//
//	//perf:latency max=100ms p=95
//	//perf:memory max=10MB allocs=50
//	//perf:complexity max=O(n)
//	//perf:queries max=1
//	func GetUserWithPosts(ctx context.Context, id string) (*UserWithPosts, error)
//
// Reading a file takes three steps:
//
//  1. [NewReader] (Go source) or [NewFileReader] (a file parsed with
//     go/parser.ParseComments) walks the file's comments in order.
//  2. [Parse] turns each "//perf:" line into a [Directive]: its [Spec]s,
//     one per key that sets a bound, with the bound converted to the report
//     unit of internal/metric, and its bench= name.
//  3. The Reader gathers the directives of each function into a [Func]
//     record. Every problem, whether a malformed line, a misplaced one or a
//     contract declared twice, is a [SyntaxError] record at the offending
//     token ("file:line:col: message"), and reading goes on.
//
// Binding a function to its benchmark and naming it (its pprof-style
// target) is the work of package discover, which reads every file of a
// module this way.
//
// # Directives and keys
//
// Each directive takes key=value pairs separated by spaces. Keys may come
// in any order; each may appear once.
//
//	directive          keys                                 metric (report unit)
//	//perf:latency     max= duration (required)             latency (ms)
//	                   p=   percentile, 0 < p < 100          (none: the mean per call)
//	//perf:memory      max= size, bytes per call            bytes (B)
//	                   allocs= count, allocations per call  allocs (allocs)
//	                   heap= size, peak live heap           heap (B)
//	                   (at least one of the three)
//	//perf:complexity  max= class (required)                complexity (class index)
//	//perf:queries     max= count, SQL statements per call  queries (queries)
//	//perf:requests    max= count, outbound HTTP requests   requests (requests)
//	//perf:cpu         max= duration, CPU time per call     cpu (ms)
//	//perf:io          syscalls= count, read+write calls    syscalls (syscalls)
//	                   bytes= size, bytes read+written      io-bytes (B)
//	                   (at least one of the two)
//	//perf:iterations  max= count, loop iterations per call iterations (iterations)
//	//perf:depth       max= count, recursion depth per call depth (depth)
//	any of them        bench=BenchmarkName                  binds the function to a benchmark
//
// A directive with several keys yields one contract per key:
// "//perf:memory max=10MB allocs=50" is a bytes contract and an allocs
// contract. A function may carry several directives, but one contract of
// each metric (latency: one for the mean and one per percentile).
//
// # Values
//
// A duration is a Go duration (time.ParseDuration): 250us, 100ms, 1.5s,
// 1m. It needs a unit, and it must be greater than zero. It is reported in
// milliseconds: max=250us is a bound of 0.25 ms.
//
// A size is a number of bytes with an optional unit: B; KB (or kB), MB, GB,
// powers of 1000; KiB, MiB, GiB, powers of 1024. A bare number means bytes,
// as B/op counts them: max=512 is max=512B. A fraction is allowed (1.5MB is
// 1,500,000 bytes). The unit is case-sensitive (mb, Mb are errors).
//
// A count is a whole number, with optional _ between digits as in Go
// source: 50, 1_000_000.
//
// A percentile is a number greater than 0 and less than 100: 50, 95, 99.9.
//
// A complexity class is one of O(1), O(log n), O(n), O(n log n), O(n^2),
// O(n^3), O(2^n). Spaces inside the parentheses are allowed, as are the
// spellings that internal/metric.ParseClass accepts (O(nlogn), O(n²)).
// Its report value is the class's index in that list: O(1)=0 … O(2^n)=6.
//
// Zero is an error for durations, heap=, iterations and depth, where it can
// only be a mistake, but a valid bound for the other counts and sizes:
// allocs=0 is the usual zero-allocation contract, queries max=0 says the
// call never reaches the database. Negative values are always errors.
//
// A benchmark name is a top-level benchmark function of the same package's
// test files, as go test would run it: BenchmarkFetchUser, Benchmark_Sort,
// not Benchmarkfoo. One function has one benchmark: bench= on several of
// its directives must agree.
//
// # Where directives go
//
// A directive belongs to the doc comment of a function or method
// declaration: the comment lines directly above "func", with no blank line
// between. Go keeps such lines in the declaration's ast.CommentGroup.List
// (though CommentGroup.Text leaves them out, as it does "//go:" lines), and
// so does gofmt. A "//perf:" line anywhere else (a floating comment, a
// type, a struct field, an interface method, the package clause, inside a
// function body) is an error that says where it is. So is a directive on
// func init or func _, which no benchmark can call.
//
// Only line comments are directives: a "/*perf:...*/" block comment is an
// ordinary comment.
//
// # Errors
//
// Directives are strict: a mistake is an error naming file:line:col of the
// offending token and what is wrong, never a silently ignored contract.
// These are the errors for testdata/api.go:
//
//	api.go:9:8: unknown directive "//perf:latncy" (did you mean //perf:latency?)
//	api.go:10:24: unknown key "percentile" for //perf:latency (want max=, p=, bench=)
//	api.go:11:23: duplicate key max= (first at column 15)
//	api.go:12:8: //perf:queries needs max=
//	api.go:13:12: max=fast: not a duration (want a Go duration such as 250us, 100ms or 2s)
//	api.go:14:17: max=-1: must not be negative
//	api.go:15:7: no space is allowed after //perf (write //perf:<directive>)
//	api.go:16:16: "max" is not key=value (write max=<value>, without spaces around '=')
//	api.go:17:19: unclosed '(' in "max=O(n log n"
//	api.go:18:16: duplicate contract: latency (mean) is already declared at line 8
//	api.go:21:1: //perf:cpu is not in a function's doc comment: it is on a type declaration
//	api.go:24:1: //perf:memory is not in a function's doc comment: a blank line separates it from func Get
//
// "// perf:" (with a space) is an ordinary comment, as "// go:" is. But
// "//perf" followed by spaces and then ':' or a directive name
// ("//perf :latency", "//perf latency max=1ms") is an error: it can only be
// a directive written wrong.
package directive
