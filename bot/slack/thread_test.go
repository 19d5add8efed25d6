package slack

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/backend-tip/backend-tip/bot"
)

// longAnswer is an answer far longer than the notification text Slack
// keeps in a bot message's `text`.
func longAnswer(q bot.Question) string {
	var b strings.Builder
	b.WriteString("**N+1問題**とは、一覧の取得に1回、各行に1回ずつクエリを発行してしまう問題です。\n\n")
	for i := range 40 {
		fmt.Fprintf(&b, "- 段落 %d: JOIN や IN 句でまとめて取得すると往復が減ります。\n", i)
	}
	b.WriteString("\n最後の一文: ORM の eager loading を使いましょう。")
	return b.String()
}

// TestThreadFollowUpSeesWholeAnswer: the bot answers a mention; Slack keeps
// only a short `text` beside the blocks; a follow-up in the thread hands the
// answerer the bot's whole earlier answer.
func TestThreadFollowUpSeesWholeAnswer(t *testing.T) {
	h := newHarness(t, "")
	h.ans.answer = func(q bot.Question) string {
		if strings.Contains(q.Text, "どう直す") {
			return "直し方: eager loading"
		}
		return longAnswer(q)
	}
	const root = "1700000500.000001"
	h.slack.Lock()
	ch := h.slack.Channel(testChannel)
	ch.Msgs = append(ch.Msgs, slack.Message{Msg: slack.Msg{Type: "message", Timestamp: root, User: testUser, Text: "<@UBOT> N+1問題とは？ <@U2> も気になってる"}})
	h.slack.Unlock()
	h.event(h.ad, mentionEvent("EvA", root, "", testUser, "", "<@UBOT> N+1問題とは？ <@U2> も気になってる"), 0)
	idle(h.ad)
	if q := h.ans.asked(); len(q) != 1 || q[0].Text != "N+1問題とは？ @U2 も気になってる" {
		t.Fatalf("first question = %+v (only the bot's own mention is stripped)", q)
	}
	// What Slack stores for the bot's answer: a short text, the answer in blocks.
	var stored slack.Message
	for _, m := range h.slack.Messages(testChannel) {
		if m.BotID == testBotID && m.ThreadTimestamp == root {
			stored = m
		}
	}
	if stored.Timestamp == "" || strings.Contains(stored.Text, "最後の一文") {
		t.Fatalf("stored bot message text = %q; the fake must keep only the short fallback", stored.Text)
	}

	const followTS = "1700000600.000001"
	h.slack.Lock()
	ch.Msgs = append(ch.Msgs, slack.Message{Msg: slack.Msg{Type: "message", Timestamp: followTS, ThreadTimestamp: root, User: testUser, Text: "<@UBOT> どう直す？"}})
	h.slack.Unlock()
	h.event(h.ad, mentionEvent("EvB", followTS, root, testUser, "", "<@UBOT> どう直す？"), 0)
	idle(h.ad)
	q := h.ans.asked()
	if len(q) != 2 {
		t.Fatalf("asked %d times", len(q))
	}
	var fromBot []string
	for _, turn := range q[1].History {
		if turn.FromBot {
			fromBot = append(fromBot, turn.Text)
		}
	}
	if len(fromBot) != 1 || !strings.Contains(fromBot[0], "最後の一文: ORM の eager loading を使いましょう。") || !strings.Contains(fromBot[0], "段落 39") {
		t.Fatalf("the follow-up's history has the bot's answer as %q, want all of it", fromBot)
	}
}

// TestLongThreadKeepsLatestTurns: a thread of 450 replies is paged (200 a
// page) and the history keeps its first message and the latest turns.
func TestLongThreadKeepsLatestTurns(t *testing.T) {
	h := newHarness(t, "")
	const root = "1700000000.000000"
	h.slack.Lock()
	ch := h.slack.Channel(testChannel)
	ch.Msgs = append(ch.Msgs, slack.Message{Msg: slack.Msg{Type: "message", Timestamp: root, User: testUser, Text: "最初の質問"}})
	for i := 1; i <= 450; i++ {
		ch.Msgs = append(ch.Msgs, slack.Message{Msg: slack.Msg{Type: "message", Timestamp: fmt.Sprintf("1700000000.%06d", i), ThreadTimestamp: root, User: "U2", Text: fmt.Sprintf("reply %d", i)}})
	}
	h.slack.Unlock()
	mentionTS := "1700000000.000450"
	h.event(h.ad, mentionEvent("EvLong", mentionTS, root, testUser, "", "<@UBOT> まとめて"), 0)
	idle(h.ad)
	q := h.ans.asked()
	if len(q) != 1 {
		t.Fatalf("asked %d times", len(q))
	}
	hist := q[0].History
	if len(hist) != 20 || hist[0].Text != "最初の質問" || hist[len(hist)-1].Text != "reply 449" || hist[1].Text != "reply 431" {
		t.Fatalf("history = first %+v … last %+v (%d turns), want the first message and replies 431-449", hist[0], hist[len(hist)-1], len(hist))
	}
	h.wantCalls("conversations.replies", 3, "pages read")
}

// TestCleanText: Slack's markup in a message's text comes out as what the
// person saw: links as their label (or URL), channels as #name, user groups
// as @team, people as @U…, the bot's own mention gone, entities unescaped
// after the markup is read; broadcasts never come out as live mentions.
func TestCleanText(t *testing.T) {
	h := newHarness(t, "")
	if _, err := h.ad.identity(context.Background()); err != nil {
		t.Fatal(err)
	}
	const zwsp = "\u200b"
	for _, tc := range []struct{ in, want string }{
		{"<@UBOT> N+1とは？", "N+1とは？"},
		{"<@UBOT> ask <@U2|bob> too", "ask @U2 too"},
		{"see <https://example.com/a?b=1&amp;c=2|the docs> please", "see the docs please"},
		{"see <https://example.com/x>", "see https://example.com/x"},
		{"mail <mailto:a@example.com|a@example.com>", "mail a@example.com"},
		{"asked in <#C123|backend> and <#C456>", "asked in #backend and #C456"},
		{"<!subteam^S123|@platform-team> what is CQRS?", "@platform-team what is CQRS?"},
		{"<!subteam^S123> hi", "@S123 hi"},
		{"on <!date^1392734382^{date}|Feb 18th, 2014> we", "on Feb 18th, 2014 we"},
		{"a &lt;b&gt; &amp;&amp; c", "a <b> && c"},
		{"<!here> what is DNS?", "@" + zwsp + "here what is DNS?"},
		{"<!channel|channel> and <!everyone>", "@" + zwsp + "channel and @" + zwsp + "everyone"},
		{"<!here|@here> x", "@" + zwsp + "here x"},
		{"typed &lt;!here&gt; as text", "typed <" + zwsp + "!here> as text"},
		{"label &lt;<https://x.test|a &amp; b>&gt;", "label <a & b>"},
	} {
		if got := h.ad.cleanText(tc.in); got != tc.want {
			t.Errorf("cleanText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
