package main

import (
	"context"
	"fmt"

	"github.com/backend-tip/backend-tip/bot/version"
)

// runVersion prints the build's version, commit and Go version; it reads
// no configuration.
func runVersion(_ context.Context, c *cli, args []string) int {
	fs := newFlags("version", "backend-tip version")
	if _, code, ok := c.parseFlags(fs, args, noArgs); !ok {
		return code
	}
	fmt.Fprintln(c.stdout, version.Get())
	return exitOK
}
