package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot/version"
	"github.com/backend-tip/backend-tip/config"
	"github.com/backend-tip/backend-tip/internal/testkit"
)

// serve's Slack and Discord clients name the build in their User-Agent
// (Discord requires "DiscordBot ($url, $versionNumber)").
func TestPlatformRequestsNameTheBuild(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]string{} // "slack" or "discord" → first User-Agent
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		platform := strings.SplitN(strings.TrimPrefix(r.URL.Path, "/"), "/", 2)[0]
		mu.Lock()
		if _, ok := seen[platform]; !ok {
			seen[platform] = r.Header.Get("User-Agent")
		}
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if platform == "discord" {
			w.Write([]byte(`[]`))
			return
		}
		w.Write([]byte(`{"ok":true,"user_id":"UBOT","team_id":"T1","url":"wss://127.0.0.1:1/"}`))
	}))
	defer srv.Close()
	lookup := config.MapLookup(map[string]string{
		"BACKEND_TIP_HTTP_ADDR":        freeAddr(t),
		"BACKEND_TIP_METRICS_ADDR":     freeAddr(t),
		"BACKEND_TIP_DATA_DIR":         t.TempDir(),
		"BACKEND_TIP_SHUTDOWN_TIMEOUT": "2s",
		"SLACK_BOT_TOKEN":              "xoxb-test",
		"SLACK_APP_TOKEN":              "xapp-test",
		"SLACK_API_URL":                srv.URL + "/slack/",
		"DISCORD_BOT_TOKEN":            "discord-test-token",
		"DISCORD_APP_ID":               "123",
		"DISCORD_GATEWAY":              "off",
		"DISCORD_API_URL":              srv.URL + "/discord/",
	})
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr testkit.LogBuffer
	exited := make(chan int, 1)
	go func() { exited <- run(ctx, []string{"serve"}, strings.NewReader(""), &stdout, &stderr, lookup) }()
	defer func() { cancel(); <-exited }()
	want := version.Get().UserAgent()
	deadline := time.Now().Add(time.Minute)
	for {
		mu.Lock()
		slackUA, slackOK := seen["slack"]
		discordUA, discordOK := seen["discord"]
		mu.Unlock()
		if slackOK && discordOK {
			if slackUA != want || discordUA != want {
				t.Errorf("User-Agent: Slack %q, Discord %q; want %q", slackUA, discordUA, want)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("requests seen %v; stderr:\n%s", seen, stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}
