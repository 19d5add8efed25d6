package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot/version"
	"github.com/backend-tip/backend-tip/config"
	"github.com/backend-tip/backend-tip/internal/fakediscord"
	"github.com/backend-tip/backend-tip/internal/fakeslack"
	"github.com/backend-tip/backend-tip/internal/testkit"
)

// serve's Slack and Discord clients name the build in their User-Agent
// (Discord requires "DiscordBot ($url, $versionNumber)").
func TestPlatformRequestsNameTheBuild(t *testing.T) {
	slack, discord := fakeslack.New(t), fakediscord.New(t)
	lookup := config.MapLookup(map[string]string{
		"BACKEND_TIP_HTTP_ADDR":        freeAddr(t),
		"BACKEND_TIP_METRICS_ADDR":     freeAddr(t),
		"BACKEND_TIP_DATA_DIR":         t.TempDir(),
		"BACKEND_TIP_SHUTDOWN_TIMEOUT": "2s",
		"SLACK_BOT_TOKEN":              "xoxb-test",
		"SLACK_APP_TOKEN":              "xapp-test",
		"SLACK_API_URL":                slack.URL(),
		"DISCORD_BOT_TOKEN":            "discord-test-token",
		"DISCORD_APP_ID":               fakediscord.App,
		"DISCORD_GATEWAY":              "off",
		"DISCORD_API_URL":              discord.APIURL(),
	})
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr testkit.LogBuffer
	exited := make(chan int, 1)
	go func() { exited <- run(ctx, []string{"serve"}, strings.NewReader(""), &stdout, &stderr, lookup) }()
	defer func() { cancel(); <-exited }()
	want := version.Get().UserAgent()
	deadline := time.Now().Add(time.Minute)
	for {
		slackCalls, discordCalls := slack.Calls(), discord.Calls()
		if len(slackCalls) > 0 && len(discordCalls) > 0 {
			if got := slackCalls[0].Agent; got != want {
				t.Errorf("Slack %s: User-Agent %q, want %q", slackCalls[0].Method, got, want)
			}
			if got := discordCalls[0].Agent; got != want {
				t.Errorf("Discord %s %s: User-Agent %q, want %q", discordCalls[0].Method, discordCalls[0].Path, got, want)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("calls: Slack %d, Discord %d; stderr:\n%s", len(slackCalls), len(discordCalls), stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}
