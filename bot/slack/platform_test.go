package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/backend-tip/backend-tip/bot"
)

func TestFeedbackButtonsRecorded(t *testing.T) {
	tests := []struct {
		action, value, kind string
		positive            bool
	}{
		{feedbackAction, feedbackPositive, "feedback_buttons", true},
		{feedbackAction, feedbackNegative, "feedback_buttons", false},
		{feedbackUp, feedbackUp, "button", true}, // answers posted before the native buttons
		{feedbackDown, feedbackDown, "button", false},
	}
	for _, tt := range tests {
		t.Run(tt.action+"="+tt.value, func(t *testing.T) {
			h := newHarness(t, "")
			if code, _ := h.interactionValue(h.ad, tt.action, tt.value, tt.kind); code != http.StatusOK {
				t.Fatalf("status %d", code)
			}
			idle(h.ad)
			if len(h.store.feedback) != 1 {
				t.Fatalf("feedback = %+v", h.store.feedback)
			}
			want := bot.Feedback{Platform: "slack", ChannelID: testChannel, MessageID: "1700000000.000001", UserID: testUser, Positive: tt.positive, At: h.now}
			if h.store.feedback[0] != want {
				t.Fatalf("feedback = %+v, want %+v", h.store.feedback[0], want)
			}
			got := h.slack.CallsOf("response_url")
			if len(got) != 1 || got[0].Webhook.ResponseType != slack.ResponseTypeEphemeral || !strings.Contains(got[0].Webhook.Text, "Thanks") {
				t.Fatalf("acknowledgement = %+v", got)
			}
		})
	}
}

func TestQuizClickGoesToRouter(t *testing.T) {
	h := newHarness(t, "")
	h.interaction(h.ad, "quiz:42:b")
	idle(h.ad)
	if len(h.clickList()) != 1 {
		t.Fatalf("clicks = %+v", h.clicks)
	}
	c := h.clicks[0]
	if c.ActionID != "quiz:42:b" || c.UserID != testUser || c.ChannelID != testChannel || c.MessageID != "1700000000.000001" || c.Platform != "slack" {
		t.Fatalf("click = %+v", c)
	}
	got := h.slack.CallsOf("response_url")
	if len(got) != 1 || got[0].Webhook.ResponseType != slack.ResponseTypeEphemeral || !strings.Contains(allText(t, got[0]), "正解") {
		t.Fatalf("click reply = %+v", got)
	}
	if len(h.store.feedback) != 0 {
		t.Fatal("a quiz click was recorded as feedback")
	}
}

func TestPostIsIdempotent(t *testing.T) {
	h := newHarness(t, "")
	ctx := context.Background()
	reply := bot.Reply{Text: "今日のクイズ", Buttons: []bot.Button{{ActionID: "quiz:1:a", Label: "A"}}, IdempotencyKey: "quiz-C1-2026-11-26"}
	ts, err := h.ad.Post(ctx, testChannel, reply)
	if err != nil || ts == "" {
		t.Fatalf("Post = %q, %v", ts, err)
	}
	posts := h.slack.CallsOf("chat.postMessage")
	if len(posts) != 1 {
		t.Fatalf("%d posts", len(posts))
	}
	var meta slack.SlackMetadata
	if err := json.Unmarshal([]byte(posts[0].Form.Get("metadata")), &meta); err != nil || meta.EventType != "backend_tip_post" || meta.EventPayload["key"] != reply.IdempotencyKey {
		t.Fatalf("metadata = %q (%v)", posts[0].Form.Get("metadata"), err)
	}
	if !strings.Contains(allText(t, posts[0]), "quiz:1:a=A") {
		t.Fatalf("quiz buttons missing: %s", allText(t, posts[0]))
	}
	// A first attempt reads no history: the key was never tried.
	h.wantCalls("conversations.history", 0, "a first attempt reads no history")
	// The process died before recording the post; 250 newer messages
	// arrive (more than one page); the retry finds the post by its key.
	for i := range 250 {
		if _, err := h.ad.Post(ctx, testChannel, bot.Reply{Text: fmt.Sprintf("chatter %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	again, err := h.ad.Post(ctx, testChannel, reply)
	if err != nil || again != ts {
		t.Fatalf("second Post = %q, %v; want %q", again, err, ts)
	}
	h.wantCalls("chat.postMessage", 251, "the quiz once and 250 others")
	hist := h.slack.CallsOf("conversations.history")
	if len(hist) != 2 || hist[0].Form.Get("include_all_metadata") != "1" || hist[1].Form.Get("cursor") == "" {
		t.Fatalf("history lookups = %+v, want two pages with metadata", hist)
	}
}

func TestPostJoinsPublicChannelFirst(t *testing.T) {
	h := newHarness(t, "")
	ctx := context.Background()
	reply := bot.Reply{Text: "今日のクイズ", IdempotencyKey: "btq-x"}
	if _, err := h.ad.Post(ctx, publicNotJoined, reply); err != nil {
		t.Fatal(err)
	}
	calls := h.slack.CallsOf("conversations.join", "chat.postMessage", "conversations.history")
	if len(calls) != 2 || calls[0].Method != "conversations.join" || calls[1].Method != "chat.postMessage" {
		t.Fatalf("calls = %v, want join then one post", methods(calls))
	}
	// A retry of the same key can now read the channel: no second post.
	if _, err := h.ad.Post(ctx, publicNotJoined, reply); err != nil {
		t.Fatal(err)
	}
	h.wantCalls("chat.postMessage", 1, "a retry of the same key posts nothing")
	h.wantCalls("conversations.join", 1, "membership is remembered")
}

func TestEnsureMember(t *testing.T) {
	tests := []struct {
		channel   string
		notMember bool
	}{
		{testChannel, false},
		{publicNotJoined, false},
		{privateMember, false},
		{privateChannel, true},
		{dmChannel, false},
	}
	for _, tt := range tests {
		t.Run(tt.channel, func(t *testing.T) {
			h := newHarness(t, "")
			err := h.ad.EnsureMember(context.Background(), tt.channel)
			var nm *bot.NotMemberError
			if errors.As(err, &nm) != tt.notMember || (!tt.notMember && err != nil) {
				t.Fatalf("EnsureMember(%s) = %v", tt.channel, err)
			}
			if tt.notMember && nm.Invite != "/invite @backend-tip" {
				t.Fatalf("invite hint = %q", nm.Invite)
			}
		})
	}
}

func TestThreadReplies(t *testing.T) {
	h := newHarness(t, "")
	h.slack.Replies["100.1"] = []slack.Message{
		{Msg: slack.Msg{Timestamp: "100.1", BotID: testBotID, User: testBotUser, Text: "Q: what is REST?"}},
		{Msg: slack.Msg{Timestamp: "100.2", User: "U2", Text: "Representational state &amp; transfer"}},
		{Msg: slack.Msg{Timestamp: "100.3", User: "U3", Text: "<@UBOT> an API style"}},
	}
	turns, err := h.ad.ThreadReplies(context.Background(), testChannel, "100.1", 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []bot.Turn{{Author: "U2", Text: "Representational state & transfer"}, {Author: "U3", Text: "an API style"}}
	if len(turns) != 2 || turns[0] != want[0] || turns[1] != want[1] {
		t.Fatalf("turns = %+v, want %+v", turns, want)
	}
}
