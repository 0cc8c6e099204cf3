// Package discover finds what choragen can check in a Go module: its
// packages, the contracts that "//perf:" directives declare on functions,
// the benchmarks of the packages' tests, and which benchmark measures which
// function.
//
// [Load] does it in four steps:
//
//  1. go list -e -find -json lists the packages matched by the patterns,
//     with the files that the build constraints (and -tags) select: Go and
//     cgo files for directives, internal and external test files for
//     benchmarks. A pattern that matches nothing, or go list failing, is an
//     error; a package that will not build is not (go list -e keeps it, and
//     its Error is kept in [Package.Error] for the runner to report).
//  2. Every file is parsed with go/parser, concurrently. Comments are
//     parsed only in files that contain "//perf", and package directive
//     reads their directives. Malformed and misplaced directives are
//     collected, sorted by position, in [Result.Errors]: a mistake is never
//     fatal to discovery and never silently skipped.
//  3. Each function is bound to its benchmark (see Binding).
//  4. Each function is named (see Targets).
//
// # Binding
//
// A function's benchmark is, in order:
//
//   - the one named by bench= on any of its directives, which must be a
//     top-level benchmark of the same package's test files (internal or
//     external test package), else it is an error at the bench= pair;
//   - BenchmarkF for a function F, BenchmarkT_M for a method M of type T
//     (pointer or value receiver; generic types without their type
//     parameters: BenchmarkList_Push), the convention of Example names;
//   - none: the function is listed with Bench == "" and its contracts are
//     unmeasured.
//
// [Package.Funcs] lists every function that has directives or a bound
// benchmark, so that config defaults can give every benchmarked function a
// contract; [Package.Benchmarks] lists every benchmark, with the functions
// bound to it (none for a benchmark that measures a scenario rather than
// one function).
//
// # Targets
//
// A function's target is its name as the Go runtime and pprof print it:
//
//	example.com/shop/api.FetchUser         function
//	example.com/shop/store.(*DB).Get       method, pointer receiver
//	example.com/shop/store.DB.Len          method, value receiver
//	example.com/shop/store.(*List[...]).Push  method of a generic type
//	example.com/shop/store.Map[...]        generic function
//
// Its relative name drops the import path of the project root
// ([Options.Root], by default the module root) and the slash after it:
// api.FetchUser, store.(*DB).Get; a function of the root package is just
// FetchUser; one outside the root keeps its full name. With Root set to
// examples/shop of module example.com/mono, example.com/mono/examples/shop/api.FetchUser
// is api.FetchUser.
//
// Note: as in the runtime's symbol names, a '.' in the last element of an
// import path is escaped as %2e (gopkg.in/yaml%2ev3.Marshal), so that the
// '.' before the function name is the only one after the last slash.
package discover
