// Command choragen holds Go code to performance contracts. See
// github.com/choragen/choragen/internal/cli for the manual.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/choragen/choragen/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
