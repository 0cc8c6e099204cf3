//go:build unix

package gotest

import (
	"os"
	"os/exec"
	"syscall"
)

// ownProcessGroup starts the go command in a process group of its own, so
// that the test binaries it starts can be stopped with it.
func ownProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// signalGroup sends sig to the go command's process group.
func signalGroup(cmd *exec.Cmd, sig os.Signal) {
	if cmd.Process == nil {
		return
	}
	s, ok := sig.(syscall.Signal)
	if !ok {
		s = syscall.SIGINT
	}
	_ = syscall.Kill(-cmd.Process.Pid, s)
}

// killGroup kills the go command's process group.
func killGroup(cmd *exec.Cmd) { signalGroup(cmd, syscall.SIGKILL) }
