package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/backend-tip/backend-tip/internal/testkit"

	"github.com/slack-go/slack"

	"github.com/backend-tip/backend-tip/bot"
)

// eventBody wraps an inner event in an event_callback.
func eventBody(eventID string, inner map[string]any) string {
	b, _ := json.Marshal(map[string]any{"type": "event_callback", "team_id": testTeam, "event_id": eventID, "event_time": 1, "event": inner})
	return string(b)
}

func TestAssistantThreadStartedGetsSuggestedPrompts(t *testing.T) {
	tests := []struct {
		user, wantTitle string
	}{
		{testUser, "今日のクイズ"},         // users.info: ja-JP
		{localeUser, "Today's quiz"}, // users.info: en-US
	}
	for _, tt := range tests {
		t.Run(tt.user, func(t *testing.T) {
			h := newHarness(t, "")
			body := eventBody("EvAT", map[string]any{"type": "assistant_thread_started", "event_ts": "1.1",
				"assistant_thread": map[string]any{"user_id": tt.user, "channel_id": dmChannel, "thread_ts": "1700000700.000001",
					"context": map[string]any{"channel_id": testChannel, "team_id": testTeam}}})
			if code, _ := h.event(h.ad, body, 0); code != http.StatusOK {
				t.Fatalf("status %d", code)
			}
			idle(h.ad)
			calls := h.slack.CallsOf("assistant.threads.setSuggestedPrompts")
			if len(calls) != 1 || calls[0].Form.Get("channel_id") != dmChannel || calls[0].Form.Get("thread_ts") != "1700000700.000001" {
				t.Fatalf("setSuggestedPrompts = %+v", calls)
			}
			var prompts []struct{ Title, Message string }
			if err := json.Unmarshal([]byte(calls[0].Form.Get("prompts")), &prompts); err != nil {
				t.Fatal(err)
			}
			var messages []string
			for _, p := range prompts {
				messages = append(messages, p.Message)
			}
			got := strings.Join(messages, "|")
			if len(prompts) != 4 || prompts[0].Title != tt.wantTitle || !strings.Contains(got, "quiz|roadmap 1|tip|") || !strings.Contains(got, "システム設計") && !strings.Contains(got, "system design") {
				t.Fatalf("prompts = %+v", prompts)
			}
		})
	}
}

// dmEvent is a message.im event.
func dmEvent(eventID, ts, threadTS, user, text string, extra map[string]any) string {
	ev := map[string]any{"type": "message", "channel": dmChannel, "channel_type": "im", "user": user, "text": text, "ts": ts, "event_ts": ts}
	if threadTS != "" {
		ev["thread_ts"] = threadTS
	}
	for k, v := range extra {
		ev[k] = v
	}
	return eventBody(eventID, ev)
}

func TestDirectMessageAnsweredInTheDM(t *testing.T) {
	h := newHarness(t, "")
	// A question in the Messages tab, without any @.
	h.event(h.ad, dmEvent("EvDM1", "1700000800.000001", "", testUser, "N+1問題とは？", nil), 0)
	// Ignored: the bot's own message, an edit, another bot.
	h.event(h.ad, dmEvent("EvDM2", "1700000800.000002", "", testBotUser, "answer", nil), 0)
	h.event(h.ad, dmEvent("EvDM3", "1700000800.000003", "", testUser, "edited", map[string]any{"subtype": "message_changed"}), 0)
	h.event(h.ad, dmEvent("EvDM4", "1700000800.000004", "", "UOTHER", "hi", map[string]any{"bot_id": "BOTHER"}), 0)
	idle(h.ad)
	if q := h.ans.asked(); len(q) != 1 || q[0].Text != "N+1問題とは？" {
		t.Fatalf("asked = %+v, want the one DM question", q)
	}
	starts := h.slack.CallsOf("chat.startStream")
	if len(starts) != 1 || starts[0].Form.Get("channel") != dmChannel || starts[0].Form.Get("thread_ts") != "1700000800.000001" {
		t.Fatalf("answer streams = %+v, want one in the DM thread", starts)
	}
	if !strings.Contains(streamedText(h.slack, dmChannel, starts[0].TS), "answer to: N+1問題とは？") {
		t.Fatalf("DM answer = %q", streamedText(h.slack, dmChannel, starts[0].TS))
	}
	h.wantCalls("assistant.threads.setTitle", 0, "titles for a top-level DM")

	// The first question in an assistant thread names the thread.
	const thread = "1700000900.000001"
	h.event(h.ad, dmEvent("EvDM5", "1700000900.000002", thread, testUser, "How do I prepare for a system design interview?", nil), 0)
	idle(h.ad)
	titles := h.slack.CallsOf("assistant.threads.setTitle")
	if len(titles) != 1 || titles[0].Form.Get("thread_ts") != thread || titles[0].Form.Get("title") != "How do I prepare for a system design interview?" {
		t.Fatalf("titles = %+v", titles)
	}
}

// fakeHome is a HomeSource with fixed figures.
type fakeHome struct{ users []string }

func (f *fakeHome) Home(_ context.Context, platform, user string, _ bot.Lang) (bot.Home, error) {
	f.users = append(f.users, platform+":"+user)
	return bot.Home{Answered: 12, Correct: 9, Streak: 4, BestStreak: 6,
		Schedules: []bot.HomeSchedule{{ChannelID: testChannel, When: "09:00 Asia/Tokyo, weekdays"}},
		NextStep:  "Step 2: 実践力 (Practice)", NextStepGoal: "API を作る", NextStepCommand: "roadmap 2"}, nil
}

func TestAppHomeOpenedPublishesHome(t *testing.T) {
	h := newHarness(t, "")
	home := &fakeHome{}
	h.home = home
	h.ad = h.newAdapter("")
	body := eventBody("EvHome", map[string]any{"type": "app_home_opened", "user": testUser, "channel": dmChannel, "tab": "home", "event_ts": "1.2"})
	if code, _ := h.event(h.ad, body, 0); code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	idle(h.ad)
	pubs := h.slack.CallsOf("views.publish")
	if len(pubs) != 1 || pubs[0].Form.Get("user_id") != testUser {
		t.Fatalf("views.publish = %+v", pubs)
	}
	var view struct {
		Type   string       `json:"type"`
		Blocks slack.Blocks `json:"blocks"`
	}
	if err := json.Unmarshal([]byte(pubs[0].Form.Get("view")), &view); err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, b := range view.Blocks.BlockSet {
		texts = append(texts, blockText(b))
	}
	all := strings.Join(texts, "\n")
	testkit.WantContains(t, "home view", all, "*4*", "9 / 12", "<#C1> 09:00 Asia/Tokyo, weekdays", "Step 2", "roadmap 2", homeQuiz+"=", homeTip+"=")
	if len(home.users) != 1 || home.users[0] != "slack:"+testUser {
		t.Fatalf("home source asked for %v", home.users)
	}

	// The tip button runs `tip` in the user's DM with the bot.
	payload, _ := json.Marshal(map[string]any{
		"type": "block_actions", "trigger_id": "trig", "user": map[string]any{"id": testUser, "name": "taro"}, "team": map[string]any{"id": testTeam},
		"container": map[string]any{"type": "view", "view_id": "V1"},
		"actions":   []map[string]any{{"type": "button", "action_id": homeTip, "value": dmChannel, "block_id": "home-actions"}},
	})
	h.serve(h.ad, h.signedRequest("/slack/interactions", "application/x-www-form-urlencoded", url.Values{"payload": {string(payload)}}.Encode()))
	idle(h.ad)
	posts := h.slack.CallsOf("chat.postMessage")
	if len(posts) != 1 || posts[0].Form.Get("channel") != dmChannel || !strings.Contains(allText(t, posts[0]), "**Tip**") {
		t.Fatalf("tip button posts = %+v", posts)
	}
	if !strings.Contains(allText(t, posts[0]), "[ja]") {
		t.Fatalf("tip not in the user's locale language: %s", allText(t, posts[0]))
	}
}

func TestMessageShortcutAsksAboutTheMessage(t *testing.T) {
	h := newHarness(t, "")
	payload, _ := json.Marshal(map[string]any{
		"type": "message_action", "callback_id": askShortcut, "trigger_id": "trig", "response_url": h.slack.ResponseURL("1"),
		"user": map[string]any{"id": testUser}, "team": map[string]any{"id": testTeam}, "channel": map[string]any{"id": publicNotJoined},
		"message": map[string]any{"type": "message", "user": "U2", "ts": "1700001000.000001", "text": "Our API is slow because of N+1 queries &amp; no index"},
	})
	code, _ := h.serve(h.ad, h.signedRequest("/slack/interactions", "application/x-www-form-urlencoded", url.Values{"payload": {string(payload)}}.Encode()))
	if code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	idle(h.ad)
	q := h.ans.asked()
	if len(q) != 1 || !strings.Contains(q[0].Text, "Our API is slow because of N+1 queries & no index") {
		t.Fatalf("asked = %+v", q)
	}
	h.wantCalls("conversations.join", 1, "a public channel is joined before answering")
	starts := h.slack.CallsOf("chat.startStream")
	if len(starts) != 1 || starts[0].Form.Get("channel") != publicNotJoined || starts[0].Form.Get("thread_ts") != "1700001000.000001" {
		t.Fatalf("answer streams = %+v, want one in the message's thread", starts)
	}
}

func TestSSLCheckAnswered(t *testing.T) {
	h := newHarness(t, "")
	code, _ := h.serve(h.ad, h.signedRequest("/slack/commands", "application/x-www-form-urlencoded", url.Values{"ssl_check": {"1"}, "token": {"x"}}.Encode()))
	idle(h.ad)
	if code != http.StatusOK {
		t.Fatalf("ssl_check: status %d, want 200", code)
	}
	if n := len(h.slack.CallsOf("chat.postMessage", "response_url")) + len(h.ans.asked()); n != 0 {
		t.Fatalf("ssl_check did %d things", n)
	}
	// Bolt answers ssl_check before verifying a signature (it may come
	// unsigned); it still runs nothing, even with a command in the body.
	r := h.signedRequest("/slack/commands", "application/x-www-form-urlencoded",
		url.Values{"ssl_check": {"1"}, "command": {"/backend-tip"}, "text": {"ask x"}, "channel_id": {testChannel}, "user_id": {testUser}}.Encode())
	r.Header.Del("X-Slack-Signature")
	if code, _ := h.serve(h.ad, r); code != http.StatusOK {
		t.Fatalf("unsigned ssl_check: status %d, want 200", code)
	}
	idle(h.ad)
	if n := len(h.slack.CallsOf("chat.postMessage", "chat.startStream", "response_url")) + len(h.ans.asked()); n != 0 {
		t.Fatalf("unsigned ssl_check did %d things", n)
	}
	// Anything else unsigned on the same route is refused.
	r = h.signedRequest("/slack/commands", "application/x-www-form-urlencoded",
		url.Values{"command": {"/backend-tip"}, "text": {"help"}, "channel_id": {testChannel}, "user_id": {testUser}}.Encode())
	r.Header.Set("X-Slack-Signature", "v0=00")
	if code, _ := h.serve(h.ad, r); code != http.StatusUnauthorized {
		t.Fatalf("forged command: status %d", code)
	}
}

func TestBareCommandLanguageFromLocale(t *testing.T) {
	tests := []struct {
		user      string
		useLocale bool
		want      string
	}{
		{testUser, true, "[ja]"},
		{localeUser, true, "[en]"},
		{testUser, false, "[en]"}, // BACKEND_TIP_LANG set or locale off: detected from the text
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s locale=%v", tt.user, tt.useLocale), func(t *testing.T) {
			h := newHarness(t, "")
			h.useLocale = tt.useLocale
			h.ad = h.newAdapter("")
			h.slashIn(h.ad, testChannel, tt.user, "tip") // a bare command: no text to detect a language from
			idle(h.ad)
			posts := h.slack.CallsOf("chat.postMessage")
			if len(posts) != 1 || !strings.Contains(allText(t, posts[0]), tt.want) {
				t.Fatalf("reply = %+v, want language %s", posts, tt.want)
			}
			if n := len(h.slack.CallsOf("users.info")); tt.useLocale != (n == 1) {
				t.Fatalf("%d users.info calls", n)
			}
		})
	}
}

func TestPrivateAskIsEphemeral(t *testing.T) {
	for _, text := range []string{"ask -p N+1問題とは？", "ask --private N+1問題とは？"} {
		t.Run(text, func(t *testing.T) {
			h := newHarness(t, "")
			h.ans.visible = nil // nothing shows while a private answer is written
			h.slash(h.ad, text)
			idle(h.ad)
			if q := h.ans.asked(); len(q) != 1 || q[0].Text != "N+1問題とは？" {
				t.Fatalf("asked = %+v", q)
			}
			if n := len(h.slack.CallsOf("chat.postMessage", "chat.update", "chat.startStream")); n != 0 {
				t.Fatalf("%d public calls for a private ask", n)
			}
			got := h.slack.CallsOf("response_url")
			if len(got) != 1 || got[0].Webhook.ResponseType != slack.ResponseTypeEphemeral || !strings.Contains(allText(t, got[0]), "answer to: N+1問題とは？") {
				t.Fatalf("private answer = %+v", got)
			}
		})
	}
}

func TestDMThatMentionsTheBotAnsweredOnce(t *testing.T) {
	h := newHarness(t, "")
	h.event(h.ad, dmEvent("EvBoth1", "1700002000.000001", "", testUser, "<@UBOT> REST とは？", nil), 0)
	m := map[string]any{"type": "app_mention", "user": testUser, "text": "<@UBOT> REST とは？", "ts": "1700002000.000001", "channel": dmChannel, "event_ts": "1700002000.000001"}
	h.event(h.ad, eventBody("EvBoth2", m), 0)
	idle(h.ad)
	if n := len(h.ans.asked()); n != 1 {
		t.Fatalf("answered %d times, want once", n)
	}
}

func TestKeepToYourself(t *testing.T) {
	h := newHarness(t, "")
	h.slash(h.ad, "ask N+1問題とは？")
	idle(h.ad)
	updates := h.slack.CallsOf("chat.update")
	if len(updates) == 0 {
		t.Fatal("no final answer")
	}
	final := updates[len(updates)-1]
	if !strings.Contains(allText(t, final), keepPrivatePrefix+testUser+"=") {
		t.Fatalf("public answer lacks the Keep to yourself button:\n%s", allText(t, final))
	}
	blocks, _ := json.Marshal(final.Blocks(t))
	press := func(user string) {
		payload, _ := json.Marshal(map[string]any{
			"type": "block_actions", "trigger_id": "trig", "response_url": h.slack.ResponseURL("1"),
			"user": map[string]any{"id": user}, "team": map[string]any{"id": testTeam}, "channel": map[string]any{"id": testChannel},
			"container": map[string]any{"type": "message", "message_ts": final.Form.Get("ts"), "channel_id": testChannel},
			"message":   map[string]any{"type": "message", "ts": final.Form.Get("ts"), "text": final.Form.Get("text"), "blocks": json.RawMessage(blocks)},
			"actions":   []map[string]any{{"type": "button", "action_id": keepPrivatePrefix + testUser, "value": keepPrivatePrefix + testUser, "block_id": "buttons-0"}},
		})
		h.serve(h.ad, h.signedRequest("/slack/interactions", "application/x-www-form-urlencoded", url.Values{"payload": {string(payload)}}.Encode()))
		idle(h.ad)
	}
	press("USOMEONE")
	if n := len(h.slack.CallsOf("chat.delete", "chat.postEphemeral")); n != 0 {
		t.Fatalf("someone else made the answer private (%d calls)", n)
	}
	if got := h.slack.CallsOf("response_url"); len(got) != 1 || !strings.Contains(got[0].Webhook.Text, "Only the person who asked") && !strings.Contains(got[0].Webhook.Text, "質問した人だけ") {
		t.Fatalf("refusal = %+v", got)
	}
	press(testUser)
	// Through the click's response_url: an ephemeral copy, then the
	// original deleted (this works where the bot is not in the channel too).
	got := h.slack.CallsOf("response_url")[1:]
	if len(got) != 2 {
		t.Fatalf("response_url calls after the asker's press = %+v, want the private copy and the deletion", got)
	}
	eph, del := got[0], got[1]
	if eph.Webhook.ResponseType != slack.ResponseTypeEphemeral || eph.Webhook.DeleteOriginal || !strings.Contains(allText(t, eph), "answer to: N+1問題とは？") || strings.Contains(allText(t, eph), keepPrivatePrefix) {
		t.Fatalf("private copy = %+v", eph)
	}
	if !del.Webhook.DeleteOriginal {
		t.Fatalf("public answer not deleted: %+v", del)
	}
	if n := len(h.slack.CallsOf("chat.delete", "chat.postEphemeral")); n != 0 {
		t.Fatalf("%d chat.delete/postEphemeral calls beside the response_url", n)
	}
}
