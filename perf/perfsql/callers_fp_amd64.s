//go:build !perfsql_nofp

#include "textflag.h"

// func callerFP() uintptr
// Frameless, so BP still holds the caller's frame pointer.
TEXT ·callerFP(SB),NOSPLIT|NOFRAME,$0-8
	MOVQ BP, ret+0(FP)
	RET
