package main

import "context"

// OWNER: answer helper (issue 3). Stubs until then.
func runAsk(ctx context.Context, c *cli, args []string) int { return exitError }

func runChat(ctx context.Context, c *cli, args []string) int { return exitError }
