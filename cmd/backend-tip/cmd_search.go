package main

import "context"

// OWNER: knowledge-core helper (issue 2). Stubs until then.
func runSearch(ctx context.Context, c *cli, args []string) int { return exitError }

func runEval(ctx context.Context, c *cli, args []string) int { return exitError }
