package slack

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/internal/testkit"
)

// Behaviours checked against Slack's method and event reference
// (docs.slack.dev, slack-ruby/slack-api-ref): rate tiers of the streaming
// methods, stopped_by_user, streaming_state_conflict, message subtypes and
// app_home_opened's tab.

// chat.startStream is Tier 2 (about 20 a minute per workspace). When Slack
// rate-limits it, the answer is posted with chat.postMessage at once
// instead of waiting out a Retry-After of up to a minute.
func TestStartStreamRateLimitedPostsTheAnswer(t *testing.T) {
	h := newHarness(t, "")
	h.slack.StartLimited = 1 // Retry-After: 60
	h.ans.visible = nil      // partials show nothing once streaming is off
	if code, _ := h.event(h.ad, mentionEvent("EvRL", "1700002000.000001", "", testUser, "", "<@UBOT> REST とは？"), 0); code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	idle(h.ad)
	if n := len(h.slack.CallsOf("chat.startStream(429)")); n != 1 {
		t.Fatalf("%d rate-limited startStream calls, want 1", n)
	}
	if n := len(h.slack.CallsOf("chat.startStream", "chat.appendStream", "chat.stopStream")); n != 0 {
		t.Fatalf("%d streaming calls after the rate limit, want none (no waiting, no retry)", n)
	}
	posts := h.slack.CallsOf("chat.postMessage")
	if len(posts) != 1 || posts[0].Form.Get("thread_ts") != "1700002000.000001" {
		t.Fatalf("posts = %+v, want the answer once in the thread", posts)
	}
	text := allText(t, posts[0])
	testkit.WantContains(t, "posted answer", text, "answer to: REST とは？", "That is all.", "面接 &gt; システム設計", "feedback=up/down")
}

// chat.appendStream answers stopped_by_user once the asker stops the
// answer: the bot sends nothing more, neither appends nor a new message.
func TestStoppedByUserEndsTheAnswer(t *testing.T) {
	h := newHarness(t, "")
	h.slack.StopByUser = true
	h.ans.answer = func(q bot.Question) string {
		return "line one\nline two\nline three\nline four\nline five\nlast"
	}
	h.event(h.ad, mentionEvent("EvStop", "1700002100.000001", "", testUser, "", "<@UBOT> question"), 0)
	idle(h.ad)
	h.wantCalls("chat.startStream", 1, "one stream")
	h.wantCalls("chat.appendStream", 1, "the one refused with stopped_by_user")
	if n := len(h.slack.CallsOf("chat.stopStream", "chat.postMessage", "chat.update", "response_url")); n != 0 {
		t.Fatalf("%d calls after the asker stopped the answer, want none", n)
	}
}

// rewritingAnswerer streams one line, then ends with a different text.
type rewritingAnswerer struct {
	tb      testing.TB
	started func() bool
}

func (r rewritingAnswerer) Answer(_ context.Context, q bot.Question, s bot.Stream) error {
	s.Update("A first draft line.\n")
	if !testkit.Eventually(r.started) { // the draft is on screen before the final text
		r.tb.Error("the draft never showed")
	}
	s.Done(bot.Reply{Text: "The final answer, rewritten.\n\nWith a second paragraph.", Lang: q.Lang,
		Sources: []bot.Source{{Section: "面接", Document: "guide.md"}}})
	return nil
}

// A final text that is not what was streamed replaces the message, but only
// after chat.stopStream: Slack refuses chat.update on a message that is
// still streaming (streaming_state_conflict).
func TestRewrittenAnswerStopsStreamBeforeUpdate(t *testing.T) {
	h := newHarness(t, "")
	h.custom = rewritingAnswerer{tb: t, started: func() bool { return len(h.slack.CallsOf("chat.startStream")) > 0 }}
	h.ad = h.newAdapter("")
	h.event(h.ad, mentionEvent("EvRW", "1700002200.000001", "", testUser, "", "<@UBOT> question"), 0)
	idle(h.ad)
	var order []string
	for _, c := range h.slack.CallsOf("chat.startStream", "chat.stopStream", "chat.update") {
		order = append(order, c.Method)
	}
	if strings.Join(order, ",") != "chat.startStream,chat.stopStream,chat.update" {
		t.Fatalf("calls = %v, want start, stop, then update", order)
	}
	starts := h.slack.CallsOf("chat.startStream")
	if got := streamedText(h.slack, testChannel, starts[0].TS); !strings.Contains(got, "The final answer, rewritten.") || strings.Contains(got, "first draft") {
		t.Fatalf("message after the rewrite = %q", got)
	}
}

// message.im subtypes: a question with a file attached (file_share) or
// broadcast from a thread is a person's question; edits, deletions and bot
// messages are not.
func TestDirectMessageSubtypes(t *testing.T) {
	h := newHarness(t, "")
	h.event(h.ad, dmEvent("EvS1", "1700002300.000001", "", testUser, "この画面のエラーは？", map[string]any{"subtype": "file_share"}), 0)
	h.event(h.ad, dmEvent("EvS2", "1700002300.000002", "", testUser, "deleted", map[string]any{"subtype": "message_deleted"}), 0)
	h.event(h.ad, dmEvent("EvS3", "1700002300.000003", "", testUser, "from a bot", map[string]any{"subtype": "bot_message", "bot_id": "BOTHER"}), 0)
	h.event(h.ad, dmEvent("EvS4", "1700002300.000004", "1700002300.000001", testUser, "スレッドから共有", map[string]any{"subtype": "thread_broadcast"}), 0)
	idle(h.ad)
	var asked []string
	for _, q := range h.ans.asked() {
		asked = append(asked, q.Text)
	}
	if strings.Join(asked, "|") != "この画面のエラーは？|スレッドから共有" && strings.Join(asked, "|") != "スレッドから共有|この画面のエラーは？" {
		t.Fatalf("asked = %q, want the file_share and thread_broadcast questions only", asked)
	}
}

// app_home_opened arrives for the Messages tab too (tab "messages"); only
// the Home tab is published.
func TestAppHomeMessagesTabPublishesNothing(t *testing.T) {
	h := newHarness(t, "")
	body := eventBody("EvMsgTab", map[string]any{"type": "app_home_opened", "user": testUser, "channel": dmChannel, "tab": "messages", "event_ts": "1.3"})
	if code, _ := h.event(h.ad, body, 0); code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	idle(h.ad)
	if n := len(h.slack.CallsOf("views.publish", "chat.postMessage")); n != 0 {
		t.Fatalf("%d calls for the Messages tab, want none", n)
	}
}

// A bot answer Slack hands back as rich_text (lists, code, links: what a
// message written in markdown may be stored as) is rebuilt whole for the
// follow-up's history, not just its first section.
func TestHistoryRebuildsRichTextAnswers(t *testing.T) {
	h := newHarness(t, "")
	const root, follow = "1700002400.000001", "1700002400.000003"
	var answer slack.Blocks
	if err := json.Unmarshal([]byte(`[{"type":"rich_text","elements":[
		{"type":"rich_text_section","elements":[{"type":"text","text":"N+1問題の直し方:"}]},
		{"type":"rich_text_list","style":"ordered","indent":0,"elements":[
			{"type":"rich_text_section","elements":[{"type":"text","text":"JOIN でまとめる"}]},
			{"type":"rich_text_section","elements":[{"type":"text","text":"eager loading "},{"type":"link","url":"https://example.com/orm","text":"ORM の説明"}]}]},
		{"type":"rich_text_preformatted","elements":[{"type":"text","text":"SELECT * FROM users WHERE id IN (1,2);"}]},
		{"type":"rich_text_quote","elements":[{"type":"text","text":"往復を減らす"}]}]}]`), &answer); err != nil {
		t.Fatal(err)
	}
	h.slack.Lock()
	ch := h.slack.Channel(testChannel)
	ch.Msgs = append(ch.Msgs,
		slack.Message{Msg: slack.Msg{Type: "message", Timestamp: root, User: testUser, Text: "<@UBOT> N+1問題は？"}},
		slack.Message{Msg: slack.Msg{Type: "message", Timestamp: "1700002400.000002", ThreadTimestamp: root, User: testBotUser, BotID: testBotID,
			Text: "N+1問題の直し方:", Blocks: answer}},
		slack.Message{Msg: slack.Msg{Type: "message", Timestamp: follow, ThreadTimestamp: root, User: testUser, Text: "<@UBOT> 2 の詳細は？"}})
	h.slack.Unlock()
	h.event(h.ad, mentionEvent("EvRT", follow, root, testUser, "", "<@UBOT> 2 の詳細は？"), 0)
	idle(h.ad)
	q := h.ans.asked()
	if len(q) != 1 || len(q[0].History) != 2 || !q[0].History[1].FromBot {
		t.Fatalf("asked = %+v, want the question and the bot's answer as history", q)
	}
	got := q[0].History[1].Text
	testkit.WantContains(t, "bot turn", got, "1. JOIN でまとめる", "2. eager loading ORM の説明", "```\nSELECT * FROM users WHERE id IN (1,2);\n```", "> 往復を減らす")
}

// "Ask backend-tip" on a message in a DM between two people, where the bot
// can neither stream nor post (channel_not_found): the answer comes through
// the shortcut's response_url instead of being lost.
func TestMessageShortcutWhereTheBotCannotPost(t *testing.T) {
	h := newHarness(t, "")
	const dmOfOthers = "DOTHERS"
	h.slack.Lock()
	h.slack.Channel(dmOfOthers).Member = false
	h.slack.Unlock()
	payload, _ := json.Marshal(map[string]any{
		"type": "message_action", "callback_id": askShortcut, "trigger_id": "trig2", "response_url": h.slack.ResponseURL("1"),
		"user": map[string]any{"id": testUser}, "team": map[string]any{"id": testTeam}, "channel": map[string]any{"id": dmOfOthers},
		"message": map[string]any{"type": "message", "user": "U2", "ts": "1700002500.000001", "text": "What is an N+1 query?"},
	})
	if code, _ := h.serve(h.ad, h.signedRequest("/slack/interactions", "application/x-www-form-urlencoded", url.Values{"payload": {string(payload)}}.Encode())); code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	idle(h.ad)
	h.wantCalls("chat.stopStream", 0, "in a DM the bot is not in")
	got := h.slack.CallsOf("response_url")
	if len(got) != 1 || !strings.Contains(allText(t, got[0]), "What is an N+1 query?") || !strings.Contains(allText(t, got[0]), "面接 &gt; システム設計") {
		t.Fatalf("response_url = %+v, want the answer with its sources", got)
	}
}

// A slash ask in a private channel the bot is not in is answered through
// the command's response_url; its asker can still keep it to themselves,
// through the click's response_url (chat.postEphemeral and chat.delete
// would be channel_not_found there).
func TestKeepToYourselfWhereTheBotIsNotIn(t *testing.T) {
	h := newHarness(t, "")
	h.ans.visible = nil // partials show nothing where the bot cannot post
	h.slashIn(h.ad, privateChannel, testUser, "ask N+1問題とは？")
	idle(h.ad)
	answers := h.slack.CallsOf("response_url")
	if len(answers) != 1 || answers[0].Webhook.ResponseType != slack.ResponseTypeInChannel || !strings.Contains(allText(t, answers[0]), keepPrivatePrefix+testUser+"=") {
		t.Fatalf("answer via response_url = %+v, want it public with the Keep to yourself button", answers)
	}
	blocks, _ := json.Marshal(answers[0].Webhook.Blocks.BlockSet)
	payload, _ := json.Marshal(map[string]any{
		"type": "block_actions", "trigger_id": "trig3", "response_url": h.slack.ResponseURL("1"),
		"user": map[string]any{"id": testUser}, "team": map[string]any{"id": testTeam}, "channel": map[string]any{"id": privateChannel},
		"container": map[string]any{"type": "message", "message_ts": "1700002600.000001", "channel_id": privateChannel, "is_ephemeral": false},
		"message":   map[string]any{"type": "message", "ts": "1700002600.000001", "text": answers[0].Webhook.Text, "blocks": json.RawMessage(blocks)},
		"actions":   []map[string]any{{"type": "button", "action_id": keepPrivatePrefix + testUser, "value": keepPrivatePrefix + testUser, "block_id": "buttons-0"}},
	})
	h.serve(h.ad, h.signedRequest("/slack/interactions", "application/x-www-form-urlencoded", url.Values{"payload": {string(payload)}}.Encode()))
	idle(h.ad)
	got := h.slack.CallsOf("response_url")[1:]
	if len(got) != 2 || got[0].Webhook.ResponseType != slack.ResponseTypeEphemeral || !strings.Contains(allText(t, got[0]), "answer to: N+1問題とは？") || !got[1].Webhook.DeleteOriginal {
		t.Fatalf("after the press: %+v, want a private copy and the public answer deleted", got)
	}
	for _, c := range got {
		if strings.Contains(allText(t, c), "could not be made private") || strings.Contains(allText(t, c), "非公開にできませんでした") {
			t.Fatalf("the asker was told it failed: %s", allText(t, c))
		}
	}
}

// A question in an assistant thread reads the thread once
// (conversations.replies is Tier 3, shared by every thread in the
// workspace): the same read tells whether to title the thread and is the
// answer's history.
func TestAssistantThreadQuestionReadsTheThreadOnce(t *testing.T) {
	h := newHarness(t, "")
	const thread = "1700002700.000001"
	h.slack.Lock()
	ch := h.slack.Channel(dmChannel)
	ch.Msgs = append(ch.Msgs,
		slack.Message{Msg: slack.Msg{Type: "message", SubType: "assistant_app_thread", Timestamp: thread, User: testBotUser, BotID: testBotID, Text: "Hi! Ask me about the guide."}},
		slack.Message{Msg: slack.Msg{Type: "message", Timestamp: "1700002700.000002", ThreadTimestamp: thread, User: testUser, Text: "REST とは？"}})
	h.slack.Unlock()
	h.event(h.ad, dmEvent("EvAT1", "1700002700.000002", thread, testUser, "REST とは？", nil), 0)
	idle(h.ad)
	h.wantCalls("conversations.replies", 1, "for one question")
	h.wantCalls("assistant.threads.setTitle", 1, "titles for the thread's first question")
	if q := h.ans.asked(); len(q) != 1 || len(q[0].History) != 1 || !q[0].History[0].FromBot {
		t.Fatalf("asked = %+v, want the bot's greeting as history", q)
	}
}
