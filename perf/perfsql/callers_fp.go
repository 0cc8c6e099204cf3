//go:build (amd64 || arm64) && !perfsql_nofp

package perfsql

import (
	"runtime/debug"
	"unsafe"
)

// callerFP returns the frame pointer of the function that calls it
// (callers_fp_amd64.s, callers_fp_arm64.s).
func callerFP() uintptr

// maxFrame bounds the distance between two frame pointers: no Go frame is
// larger (the compiler moves big locals to the heap), so a larger step means
// the chain left the goroutine's stack.
const maxFrame = 1 << 20

// callers stores in pcs the return addresses of the goroutine's calling
// frames, starting with its caller's frame, as runtime.Callers(2, pcs)
// does, and returns how many it stored and their hash (hashPCs).
//
// Note: runtime.Callers costs about 40ns a frame (it decodes the unwinding
// tables); a statement's stack is 20 to 40 frames deep, which would double
// the cost of a point query. Go keeps frame pointers on amd64 and arm64, so
// the chain of saved frame pointers gives the same return addresses at about
// 1ns a frame, as the runtime's execution tracer does. The addresses are
// turned into functions and lines only when a finding is reported
// (runtime.CallersFrames expands inlined calls then). The walk stops at the
// end of the chain, at a frame pointer that does not climb the stack by a
// plausible step, or at a fault (a chain broken by C frames of a cgo
// callback), which SetPanicOnFault turns into a recovered panic.
//
// It is exempt from checkptr (on under -race), which rejects any pointer to
// the stack it was not derived from.
//
//go:noinline
//go:nocheckptr
func callers(pcs []uintptr) (n int, hash uint64) {
	fp := callerFP()
	hash = fnvOffset
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() { _ = recover() }()
	for n < len(pcs) && fp != 0 && fp%unsafe.Sizeof(fp) == 0 {
		pc := load(fp + unsafe.Sizeof(fp))
		if pc == 0 {
			break
		}
		pcs[n] = pc
		n++
		hash = (hash ^ uint64(pc)) * fnvPrime
		next := load(fp)
		if next <= fp || next-fp > maxFrame {
			break
		}
		fp = next
	}
	return n, hash
}

// load reads the word at addr, an address on the goroutine's stack.
//
//go:nocheckptr
func load(addr uintptr) uintptr {
	return *(*uintptr)(unsafe.Add(nil, addr))
}
