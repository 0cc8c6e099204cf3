package directive

import "go/token"

// A SyntaxError is a malformed or misplaced directive. Pos is the offending
// token: the key=value pair with the bad value, the unknown directive name,
// the misplaced "//perf:" line.
type SyntaxError struct {
	Pos token.Position
	Msg string
}

// Error returns "file:line:col: msg".
func (e *SyntaxError) Error() string { return e.Pos.String() + ": " + e.Msg }

// ExitCode is 2: a malformed directive stops choragen from doing its job
// (DESIGN.md, "The command line").
func (e *SyntaxError) ExitCode() int { return 2 }

func (*SyntaxError) record() {}

// at returns the position off bytes further along the same line as pos.
func at(pos token.Position, off int) token.Position {
	pos.Offset += off
	pos.Column += off
	return pos
}
