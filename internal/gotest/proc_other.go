//go:build !unix

package gotest

import (
	"os"
	"os/exec"
)

// ownProcessGroup does nothing where there are no Unix process groups.
func ownProcessGroup(cmd *exec.Cmd) {}

// signalGroup interrupts the go command; Windows cannot deliver
// os.Interrupt to another process, so it is killed.
func signalGroup(cmd *exec.Cmd, sig os.Signal) { killGroup(cmd) }

// killGroup kills the go command.
func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = cmd.Process.Kill()
	}
}
