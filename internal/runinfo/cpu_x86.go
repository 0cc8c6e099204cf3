//go:build 386 || amd64

package runinfo

func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)

// brandName returns the processor's brand string as the CPUID instruction
// gives it, trimmed as Go's internal/cpu.Name trims it: this is the name
// "go test" prints on its cpu: line on x86.
func brandName() string {
	if max, _, _, _ := cpuid(0x80000000, 0); max < 0x80000004 {
		return ""
	}
	data := make([]byte, 0, 48)
	for leaf := uint32(0x80000002); leaf <= 0x80000004; leaf++ {
		a, b, c, d := cpuid(leaf, 0)
		for _, r := range [4]uint32{a, b, c, d} {
			data = append(data, byte(r), byte(r>>8), byte(r>>16), byte(r>>24))
		}
	}
	for len(data) > 0 && data[0] == ' ' {
		data = data[1:]
	}
	for i, c := range data {
		if c == 0 {
			data = data[:i]
			break
		}
	}
	return string(data)
}
