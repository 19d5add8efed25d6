package slack

import (
	"context"
	"encoding/json"
	"errors"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/internal/fakeslack"
	"github.com/backend-tip/backend-tip/internal/testkit"
)

func envelope(t *testing.T, id, kind string, payload any) string {
	t.Helper()
	b, err := json.Marshal(map[string]any{"envelope_id": id, "type": kind, "payload": payload, "accepts_response_payload": kind == "slash_commands"})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSocketMode(t *testing.T) {
	h := newHarness(t, "xapp-1-test")
	ctx, cancel := context.WithCancel(context.Background())
	runErr := make(chan error, 1)
	go func() { runErr <- h.ad.Run(ctx) }()

	var mention map[string]any
	if err := json.Unmarshal([]byte(mentionEvent("EvS1", "1700000300.000100", "", testUser, "", "<@UBOT> what is gRPC?")), &mention); err != nil {
		t.Fatal(err)
	}
	sends := []string{
		envelope(t, "env-slash", "slash_commands", map[string]any{
			"command": "/backend-tip", "text": "ask what is REST?", "team_id": "T1", "channel_id": testChannel,
			"user_id": testUser, "user_name": "taro", "response_url": h.slack.ResponseURL("1"), "trigger_id": "trig",
		}),
		envelope(t, "env-mention", "events_api", mention),
		envelope(t, "env-retry", "events_api", mention), // Slack redelivers: acked, not answered again
		envelope(t, "env-click", "interactive", map[string]any{
			"type": "block_actions", "user": map[string]any{"id": testUser}, "channel": map[string]any{"id": testChannel},
			"response_url": h.slack.ResponseURL("1"), "container": map[string]any{"message_ts": "5.5"},
			"actions": []map[string]any{{"action_id": "quiz:7:a", "type": "button", "block_id": "buttons-0"}},
		}),
		envelope(t, "env-unknown", "events_api", map[string]any{"type": "event_callback", "event_id": "EvX", "event": map[string]any{"type": "no_such_event"}}),
	}
	for _, s := range sends {
		h.slack.Envelopes <- s
	}
	testkit.WaitFor(t, "the socket mode session", h.ad.Ready)
	var acks []string
	for range sends {
		select {
		case id := <-h.slack.Acks:
			acks = append(acks, id)
		case <-time.After(10 * time.Second):
			t.Fatalf("acks so far %v; not every envelope was acknowledged", acks)
		}
	}
	sort.Strings(acks)
	if got := strings.Join(acks, ","); got != "env-click,env-mention,env-retry,env-slash,env-unknown" {
		t.Fatalf("acks = %s", got)
	}

	defer func() {
		if t.Failed() {
			t.Logf("asked=%v clicks=%v", h.ans.asked(), h.clickList())
			for _, c := range h.slack.CallsOf("chat.postMessage", "chat.update", "response_url", "reactions.add", "reactions.remove") {
				t.Logf("%s %v", c.Method, c.Form.Get("channel"))
			}
		}
	}()
	testkit.WaitFor(t, "answers", func() bool {
		return len(h.ans.asked()) == 2 && len(h.clickList()) == 1 && len(h.slack.CallsOf("chat.stopStream")) == 1 &&
			len(h.slack.CallsOf("response_url")) == 1
	})
	cancel()
	select {
	case err := <-runErr:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Run = %v, want context.Canceled", err)
		}
		if h.ad.Ready() {
			t.Fatal("still ready after Run returned")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after cancel")
	}

	questions := map[string]bool{}
	for _, q := range h.ans.asked() {
		questions[q.Text] = true
	}
	if !questions["what is REST?"] || !questions["what is gRPC?"] {
		t.Fatalf("questions = %v", questions)
	}
	var slashFinal bool
	for _, u := range h.slack.CallsOf("chat.update") {
		txt := allText(t, u)
		slashFinal = slashFinal || strings.Contains(txt, "answer to: what is REST?") && !strings.Contains(txt, "▍")
	}
	if !slashFinal {
		t.Fatal("the slash ask's final answer never replaced its placeholder")
	}
	if posts := h.slack.CallsOf("chat.postMessage"); len(posts) != 1 {
		t.Fatalf("%d posts, want the slash placeholder only", len(posts))
	}
	// The mention streamed natively in its thread, once despite the redelivery.
	starts := h.slack.CallsOf("chat.startStream")
	if len(starts) != 1 || starts[0].Form.Get("thread_ts") != "1700000300.000100" {
		t.Fatalf("mention streams = %v", starts)
	}
	if !strings.Contains(streamedText(h.slack, testChannel, starts[0].TS), "answer to: what is gRPC?") {
		t.Fatalf("mention answer = %q", streamedText(h.slack, testChannel, starts[0].TS))
	}
}

// Slack ends Socket Mode connections two ways: the connection drops, or
// (every few hours) a "disconnect" envelope with reason refresh_requested
// comes first. Either way slack-go opens a new connection and the bot
// answers what comes next.
func TestSocketModeReconnects(t *testing.T) {
	for _, how := range []string{fakeslack.DropConnection, fakeslack.RefreshConnection} {
		t.Run(how, func(t *testing.T) {
			h := newHarness(t, "xapp-1-test")
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			runErr := make(chan error, 1)
			go func() { runErr <- h.ad.Run(ctx) }()
			slash := func(id, text string) string {
				return envelope(t, id, "slash_commands", map[string]any{
					"command": "/backend-tip", "text": text, "channel_id": testChannel, "user_id": testUser,
					"response_url": h.slack.ResponseURL("1"),
				})
			}
			ack := func(want string) {
				t.Helper()
				select {
				case got := <-h.slack.Acks:
					if got != want {
						t.Fatalf("ack %q, want %q", got, want)
					}
				case <-time.After(10 * time.Second):
					t.Fatalf("no ack for %s", want)
				}
			}
			h.slack.Envelopes <- slash("before", "ask before the drop")
			ack("before")
			h.slack.Envelopes <- how
			h.slack.Envelopes <- slash("after", "ask after the drop")
			ack("after")
			testkit.WaitFor(t, "both answers", func() bool { return len(h.ans.asked()) == 2 })
			if n := len(h.slack.CallsOf("apps.connections.open")); n < 2 {
				t.Fatalf("apps.connections.open called %d times, want a reconnect", n)
			}
			testkit.WaitFor(t, "ready again", h.ad.Ready)
			cancel()
			if err := <-runErr; !errors.Is(err, context.Canceled) {
				t.Fatalf("Run = %v", err)
			}
		})
	}
}
