//go:build !perfsql_nofp

#include "textflag.h"

// func callerFP() uintptr
// Frameless, so R29 still holds the caller's frame pointer.
TEXT ·callerFP(SB),NOSPLIT|NOFRAME,$0-8
	MOVD R29, ret+0(FP)
	RET
