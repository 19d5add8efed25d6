package main

import (
	"net/http"

	"github.com/backend-tip/backend-tip/bot/version"
)

// userAgent wraps next (http.DefaultTransport when nil) so that every
// request to Slack, Discord and the LLM server names this build:
// "DiscordBot (https://github.com/backend-tip/backend-tip, 1.2.0) backend-tip/1.2.0".
func (a *app) userAgent(next http.RoundTripper) http.RoundTripper {
	return version.Transport(next, version.Get().UserAgent())
}
