package main

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	slackbot "github.com/backend-tip/backend-tip/bot/slack"
)

// wireSlack builds the Slack adapter when configured and mounts its HTTP
// routes when a signing secret is set; it returns nil when Slack is not
// configured. Socket Mode starts in the adapter's Run when SLACK_APP_TOKEN is set.
func (a *app) wireSlack(ctx context.Context, mux *http.ServeMux) (bot.Platform, error) {
	if !a.cfg.SlackEnabled() {
		return nil, nil
	}
	store := a.slackStore()
	if store == nil {
		return nil, fmt.Errorf("slack: the state store is not available (event dedupe and feedback need it)")
	}
	opts := slackbot.Options{
		BotToken:       a.cfg.SlackBotToken.Value(),
		AppToken:       a.cfg.SlackAppToken.Value(),
		SigningSecret:  a.cfg.SlackSigningSecret.Value(),
		APIURL:         a.cfg.SlackAPIURL,
		Router:         a.router,
		Store:          store,
		Logger:         a.log,
		Clock:          a.clock,
		HTTPClient:     &http.Client{Timeout: 30 * time.Second, Transport: a.userAgent(nil)},
		StreamInterval: a.cfg.StreamInterval,
		Runtime:        a.runtime,
		// Bare commands follow the user's Slack locale unless
		// BACKEND_TIP_LANG fixes the language.
		UseLocale: a.cfg.Lang == "",
	}
	if a.quiz != nil {
		opts.Home = homeSource{quiz: a.quiz, study: a.study}
	}
	ad, err := slackbot.New(opts)
	if err != nil {
		return nil, fmt.Errorf("slack: %w", err)
	}
	if a.cfg.SlackSigningSecret != "" {
		ad.Mount(mux)
	}
	mode := "http"
	if a.cfg.SlackAppToken != "" {
		mode = "socket"
		if a.cfg.SlackSigningSecret != "" {
			mode = "socket+http"
		}
	} else if a.cfg.SlackSigningSecret == "" {
		a.log.Warn("slack: neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP mode) is set; Slack can only receive scheduled posts")
	}
	a.log.Info("slack enabled", "mode", mode)
	return ad, nil
}

// slackStore is the state store the adapter keeps seen event ids and
// feedback in (nil when serve runs without state).
func (a *app) slackStore() slackbot.Store {
	if a.store == nil {
		return nil // a typed nil would hide the missing store from New
	}
	return a.ops.metrics.CountDedupe(a.store)
}

// runSlackManifest prints the Slack app manifest (deploy/slack/manifest.yaml).
func runSlackManifest(ctx context.Context, c *cli, args []string) int {
	fs := newFlags("slack-manifest", "backend-tip slack-manifest   (prints the manifest YAML to paste into api.slack.com/apps)")
	if _, code, ok := c.parseFlags(fs, args, noArgs); !ok {
		return code
	}
	if _, err := c.stdout.Write(slackbot.Manifest()); err != nil {
		return exitError
	}
	return exitOK
}
