package runinfo_test

import (
	"fmt"

	"github.com/choragen/choragen/internal/runinfo"
)

// ParseStatus reads git status: a change to the history database does not
// make the tree dirty; any other change does.
func ExampleParseStatus() {
	out := "# branch.oid 4dc6030e0f2c98ced3966e0da81a515d4d623b51\x00" +
		"# branch.head main\x00" +
		"? .choragen/history.db\x00"
	fmt.Printf("%+v\n", runinfo.ParseStatus([]byte(out)))
	out += "? api/new.go\x00"
	fmt.Printf("%+v\n", runinfo.ParseStatus([]byte(out)))
	// Output:
	// {Commit:4dc6030e0f2c98ced3966e0da81a515d4d623b51 Branch:main Dirty:false}
	// {Commit:4dc6030e0f2c98ced3966e0da81a515d4d623b51 Branch:main Dirty:true}
}

// ApplyBenchConfig takes the machine from a benchmark's own output.
func ExampleInfo_ApplyBenchConfig() {
	info := &runinfo.Info{GOOS: "linux", GOARCH: "amd64"}
	for _, line := range [][2]string{{"goos", "linux"}, {"goarch", "amd64"}, {"pkg", "example.com/shop"}, {"cpu", "AMD EPYC 7B13 64-Core Processor  "}} {
		info.ApplyBenchConfig(line[0], line[1])
	}
	fmt.Printf("%s/%s %q\n", info.GOOS, info.GOARCH, info.CPU)
	// Output:
	// linux/amd64 "AMD EPYC 7B13 64-Core Processor"
}
