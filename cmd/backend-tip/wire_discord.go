package main

import (
	"context"
	"net/http"

	"github.com/backend-tip/backend-tip/bot"
)

// wireDiscord builds the Discord adapter when configured and mounts its HTTP
// route; it returns nil when Discord is not configured.
// OWNER: Discord helper (issue 5). Stub until then.
func (a *app) wireDiscord(ctx context.Context, mux *http.ServeMux) (bot.Platform, error) {
	return nil, nil
}
