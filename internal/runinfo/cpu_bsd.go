//go:build darwin || freebsd || netbsd || openbsd

package runinfo

import "syscall"

func osCPUName() string {
	name, _ := syscall.Sysctl("machdep.cpu.brand_string")
	return name
}
