package runinfo

import (
	"bufio"
	"io"
	"strings"
)

// CPU returns the model name of this machine's CPU as "go test" prints it
// on its cpu: line (Go's internal/sysinfo.CPUName, cleaned by CleanCPU):
// the x86 brand string, else what the operating system says (Linux's
// /proc/cpuinfo "model name", the BSDs' machdep.cpu.brand_string); empty
// when neither knows.
//
// Note: on virtual machines the brand string and /proc/cpuinfo can
// disagree ("Oxide Virtual Turin-like Processor" against "AMD EPYC"), and
// runs are only comparable when they name their CPU alike, so CPU follows
// Go's order rather than reading /proc/cpuinfo first.
func CPU() string {
	if name := brandName(); name != "" {
		return CleanCPU(name)
	}
	return CleanCPU(osCPUName())
}

// CleanCPU folds runs of white space to one space and trims the ends, so
// that a CPU name read from CPUID, from /proc/cpuinfo or from a benchmark
// file's cpu: line (which keeps trailing spaces) compares equal.
func CleanCPU(name string) string {
	return strings.Join(strings.Fields(name), " ")
}

// parseCPUInfo reads the first processor of a /proc/cpuinfo listing as
// Go's internal/sysinfo does: its "model name", with " @ <cpu MHz>MHz"
// added when the name does not give a frequency.
func parseCPUInfo(r io.Reader) string {
	// Go reads the first 512 bytes, enough for the first processor.
	buf := make([]byte, 512)
	n, _ := io.ReadFull(r, buf)
	var model, mhz string
	sc := bufio.NewScanner(strings.NewReader(string(buf[:n])))
	for sc.Scan() {
		key, value, ok := strings.Cut(sc.Text(), ": ")
		if !ok {
			continue
		}
		switch strings.TrimSpace(key) {
		case "Model Name", "model name":
			model = value
		case "CPU MHz", "cpu MHz":
			mhz = value
		}
	}
	switch {
	case model == "":
		return ""
	case mhz == "" || strings.Contains(model, "GHz") || strings.Contains(model, "MHz"):
		return model
	}
	return model + " @ " + mhz + "MHz"
}
