package main

import (
	"context"
	"net/http"

	"github.com/backend-tip/backend-tip/bot"
)

// wireSlack builds the Slack adapter when configured and mounts its HTTP
// routes; it returns nil when Slack is not configured.
// OWNER: Slack helper (issue 4). Stub until then.
func (a *app) wireSlack(ctx context.Context, mux *http.ServeMux) (bot.Platform, error) {
	return nil, nil
}

// OWNER: Slack helper (issue 4).
func runSlackManifest(ctx context.Context, c *cli, args []string) int { return exitError }
