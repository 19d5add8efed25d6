package slack

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/backend-tip/backend-tip/internal/testkit"

	"github.com/slack-go/slack"

	"github.com/backend-tip/backend-tip/bot"
)

func TestMentionAnsweredInThreadWithStreaming(t *testing.T) {
	h := newHarness(t, "")
	code, _ := h.event(h.ad, mentionEvent("Ev1", "1700000100.000100", "", testUser, "", "<@UBOT> REST とは？"), 0)
	if code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	idle(h.ad)
	if q := h.ans.asked(); len(q) != 1 || q[0].Text != "REST とは？" || len(q[0].History) != 0 {
		t.Fatalf("answerer got %+v, want the question without the mention and no history", q)
	}
	status := h.slack.CallsOf("assistant.threads.setStatus")
	if len(status) != 1 || status[0].Form.Get("thread_ts") != "1700000100.000100" || status[0].Form.Get("status") == "" {
		t.Fatalf("thinking status = %+v", status)
	}
	if n := len(h.slack.CallsOf("reactions.add", "reactions.remove", "chat.update", "chat.postMessage")); n != 0 {
		t.Fatalf("%d reaction/update/post calls; the answer streams natively", n)
	}
	starts := h.slack.CallsOf("chat.startStream")
	if len(starts) != 1 || starts[0].Form.Get("thread_ts") != "1700000100.000100" ||
		starts[0].Form.Get("recipient_user_id") != testUser || starts[0].Form.Get("recipient_team_id") != "T1" {
		t.Fatalf("startStream = %+v", starts)
	}
	appends := h.slack.CallsOf("chat.appendStream")
	if len(appends) < 1 {
		t.Fatalf("%d appendStream calls, want the answer streamed in pieces", len(appends))
	}
	// The answer travels as standard Markdown (markdown_text), never as mrkdwn text.
	for _, c := range append(starts, appends...) {
		if c.Form.Get("markdown_text") == "" || c.Form.Has("text") || c.Form.Has("blocks") {
			t.Fatalf("%s sent %v, want markdown_text only", c.Method, c.Form)
		}
	}
	stops := h.slack.CallsOf("chat.stopStream")
	if len(stops) != 1 || !strings.Contains(allText(t, stops[0]), "面接 &gt; システム設計") {
		t.Fatalf("stopStream = %+v, want the sources", stops)
	}
	if final := streamedText(h.slack, testChannel, starts[0].TS); !strings.Contains(final, "answer to: REST とは？") || !strings.Contains(final, "That is all.") {
		t.Fatalf("streamed answer = %q", final)
	}
}

func TestThreadFollowUpUsesHistory(t *testing.T) {
	h := newHarness(t, "")
	h.slack.Replies["1700000000.000001"] = []slack.Message{
		{Msg: slack.Msg{Timestamp: "1700000000.000001", User: testUser, Text: "<@UBOT> N+1問題とは？"}},
		{Msg: slack.Msg{Timestamp: "1700000000.000002", User: testBotUser, BotID: testBotID, Text: "N+1問題は &lt;一覧&gt; の…"}},
		{Msg: slack.Msg{Timestamp: "1700000000.000003", User: testUser, Text: "<@UBOT> どう直す？"}},
	}
	h.event(h.ad, mentionEvent("Ev2", "1700000000.000003", "1700000000.000001", testUser, "", "<@UBOT> どう直す？"), 0)
	idle(h.ad)
	q := h.ans.asked()
	if len(q) != 1 {
		t.Fatalf("asked %d times", len(q))
	}
	want := []bot.Turn{{FromBot: false, Author: testUser, Text: "N+1問題とは？"}, {FromBot: true, Author: "UBOT", Text: "N+1問題は <一覧> の…"}}
	if len(q[0].History) != len(want) {
		t.Fatalf("history = %+v, want %+v", q[0].History, want)
	}
	for i := range want {
		if got := q[0].History[i]; got.FromBot != want[i].FromBot || got.Text != want[i].Text {
			t.Fatalf("history[%d] = %+v, want %+v", i, q[0].History[i], want[i])
		}
	}
	if starts := h.slack.CallsOf("chat.startStream"); len(starts) != 1 || starts[0].Form.Get("thread_ts") != "1700000000.000001" {
		t.Fatalf("reply not in the existing thread: %+v", starts)
	}
	if r := h.slack.CallsOf("conversations.replies"); len(r) != 1 || r[0].Form.Get("limit") != "200" || r[0].Form.Get("latest") != "1700000000.000003" {
		t.Fatalf("history read = %+v, want one bounded conversations.replies", r)
	}
}

func TestRetriedEventAnsweredOnce(t *testing.T) {
	h := newHarness(t, "")
	body := mentionEvent("EvRetry", "1700000200.000100", "", testUser, "", "<@UBOT> hello")
	for retry := range 3 {
		if code, _ := h.event(h.ad, body, retry); code != http.StatusOK {
			t.Fatalf("delivery %d: status %d", retry, code)
		}
	}
	idle(h.ad)
	// A restart within Slack's retry window: the store remembers the event.
	restarted := h.newAdapter("")
	if code, _ := h.event(restarted, body, 3); code != http.StatusOK {
		t.Fatalf("after restart: status %d", code)
	}
	idle(restarted)
	if n := len(h.ans.asked()); n != 1 {
		t.Fatalf("answered %d times, want once", n)
	}
	h.wantCalls("chat.startStream", 1, "answers streamed")
}

func TestIgnoresBotsAndItself(t *testing.T) {
	tests := []struct {
		name string
		body string
	}{
		{"another bot", mentionEvent("EvB1", "1.1", "", "UOTHER", "BOTHER", "<@UBOT> hi")},
		{"itself", mentionEvent("EvB2", "1.2", "", testBotUser, "", "<@UBOT> hi")},
		{"itself by bot id", mentionEvent("EvB3", "1.3", "", "", testBotID, "<@UBOT> hi")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, "")
			if code, _ := h.event(h.ad, tt.body, 0); code != http.StatusOK {
				t.Fatalf("status %d", code)
			}
			idle(h.ad)
			if n := len(h.ans.asked()) + len(h.slack.CallsOf("chat.postMessage", "chat.startStream", "assistant.threads.setStatus")); n != 0 {
				t.Fatalf("reacted to a bot message (%d actions)", n)
			}
		})
	}
}

func TestURLVerification(t *testing.T) {
	h := newHarness(t, "")
	code, body := h.event(h.ad, `{"type":"url_verification","token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}`, 0)
	if code != http.StatusOK || body != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Fatalf("url_verification = %d %q", code, body)
	}
}

func TestModelCannotPingChannel(t *testing.T) {
	h := newHarness(t, "")
	h.ans.answer = func(bot.Question) string {
		return "<!channel> 注目! <!here|here> @everyone <@U999> <!subteam^S1> & <script> [x](https://e.com/?a=1&b=2)"
	}
	h.event(h.ad, mentionEvent("EvPing", "1.5", "", testUser, "", "<@UBOT> ping everyone"), 0)
	idle(h.ad)
	out := h.slack.CallsOf("chat.postMessage", "chat.update", "chat.startStream", "chat.appendStream", "chat.stopStream")
	if len(out) == 0 {
		t.Fatal("no reply")
	}
	for _, c := range out {
		txt := allText(t, c)
		for _, bad := range []string{"<!channel", "<!here", "<!subteam", "<@U999>", "@everyone", "<script>"} {
			if strings.Contains(txt, bad) {
				t.Fatalf("%s carries %q:\n%s", c.Method, bad, txt)
			}
		}
		if c.Form.Has("link_names") || c.Form.Get("parse") == "full" {
			t.Fatalf("%s asks Slack to parse names: %v", c.Method, c.Form)
		}
	}
	final := streamedText(h.slack, testChannel, h.slack.CallsOf("chat.startStream")[0].TS)
	testkit.WantContains(t, "final", final, "&lt;!channel&gt;", "&amp; &lt;script&gt;", "[x](https://e.com/?a=1&amp;b=2)")
}

func TestLongThreadHistoryIsBounded(t *testing.T) {
	h := newHarness(t, "")
	var msgs []slack.Message
	for i := range 40 {
		msgs = append(msgs, slack.Message{Msg: slack.Msg{Timestamp: fmt.Sprintf("1700000000.%06d", i+1), User: testUser, Text: fmt.Sprintf("message %d", i+1)}})
	}
	h.slack.Replies["1700000000.000001"] = msgs
	h.event(h.ad, mentionEvent("EvLong", "1700000000.000040", "1700000000.000001", testUser, "", "<@UBOT> まとめて"), 0)
	idle(h.ad)
	q := h.ans.asked()
	if len(q) != 1 {
		t.Fatalf("asked %d times", len(q))
	}
	hist := q[0].History
	if len(hist) != 20 || hist[0].Text != "message 1" || hist[1].Text != "message 21" || hist[19].Text != "message 39" {
		t.Fatalf("history of %d turns: first %q, second %q, last %q", len(hist), hist[0].Text, hist[1].Text, hist[len(hist)-1].Text)
	}
}
