package main

import "context"

// OWNER: operations helper (issue 7). Stub until then.
func runHealthcheck(ctx context.Context, c *cli, args []string) int { return exitError }
