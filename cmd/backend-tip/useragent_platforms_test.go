package main

import (
	"context"
	"strings"
	"testing"

	"github.com/backend-tip/backend-tip/bot/version"
	"github.com/backend-tip/backend-tip/config"
	"github.com/backend-tip/backend-tip/internal/fakediscord"
	"github.com/backend-tip/backend-tip/internal/fakeslack"
	"github.com/backend-tip/backend-tip/internal/testkit"
)

// logOnFailure logs what the served app wrote when the test fails.
func logOnFailure(t *testing.T, stderr *testkit.LogBuffer) {
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("stderr:\n%s", stderr.String())
		}
	})
}

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
	logOnFailure(t, &stderr)
	testkit.WaitFor(t, "a call to Slack and one to Discord", func() bool {
		return len(slack.Calls()) > 0 && len(discord.Calls()) > 0
	})
	if c := slack.Calls()[0]; c.Agent != want {
		t.Errorf("Slack %s: User-Agent %q, want %q", c.Method, c.Agent, want)
	}
	if c := discord.Calls()[0]; c.Agent != want {
		t.Errorf("Discord %s %s: User-Agent %q, want %q", c.Method, c.Path, c.Agent, want)
	}
}
