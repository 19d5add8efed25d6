package slack

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/internal/testkit"
)

func TestToMrkdwn(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"bold", "this is **important**", "this is *important*"},
		{"underscore bold", "__very__ good", "*very* good"},
		{"italic", "an *aside* here", "an _aside_ here"},
		{"bold and italic", "**b** and *i*", "*b* and _i_"},
		{"multiplication stays", "2 * 3 * 4", "2 * 3 * 4"},
		{"strike", "~~old~~", "~old~"},
		{"heading", "## 学習ロードマップ", "*学習ロードマップ*"},
		{"bullets", "- one\n* two\n  + nested", "• one\n• two\n  • nested"},
		{"numbered list kept", "1. first\n2. second", "1. first\n2. second"},
		{"link", "see [the guide](https://example.com/a?b=1&c=2)", "see <https://example.com/a?b=1&amp;c=2|the guide>"},
		{"bare url", "docs: https://go.dev/doc", "docs: <https://go.dev/doc>"},
		{"javascript link not linked", "[x](javascript:alert(1))", "[x](javascript:alert(1))"},
		{"inline code untouched", "use `a **b** <c>` here", "use `a **b** &lt;c&gt;` here"},
		{"fence", "```go\nif a < b && **c** {}\n```", "```\nif a &lt; b &amp;&amp; **c** {}\n```"},
		{"escapes", "a & b < c > d", "a &amp; b &lt; c &gt; d"},
		{"broadcast", "<!channel> @here", "&lt;!channel&gt; @\u200bhere"},
		{"rule", "---", "―――――"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ToMrkdwn(tt.in); got != tt.want {
				t.Fatalf("ToMrkdwn(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSplitText(t *testing.T) {
	para := strings.Repeat("バックエンド開発の基礎を学ぶ。", 40) // 600 runes
	code := "```\n" + strings.Repeat("SELECT * FROM users WHERE id = 1;\n", 120) + "```"
	tests := []struct {
		name  string
		text  string
		limit int
	}{
		{"short", "hello", 100},
		{"paragraphs", strings.Repeat(para+"\n\n", 10), 2900},
		{"one huge line", strings.Repeat("x", 7000), 2900},
		{"code block across pieces", "intro\n\n" + code + "\n\noutro", 1000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pieces := splitText(tt.text, tt.limit)
			if len(pieces) == 0 {
				t.Fatal("no pieces")
			}
			var joined strings.Builder
			for i, p := range pieces {
				if n := utf8.RuneCountInString(p); n > tt.limit {
					t.Fatalf("piece %d has %d runes > %d", i, n, tt.limit)
				}
				if strings.Count(p, "```")%2 != 0 {
					t.Fatalf("piece %d leaves a code block open:\n%s", i, p)
				}
				joined.WriteString(strings.ReplaceAll(p, "```", ""))
			}
			strip := func(s string) string {
				return strings.Join(strings.Fields(strings.ReplaceAll(s, "```", "")), "")
			}
			if strip(joined.String()) != strip(tt.text) {
				t.Fatalf("pieces lost or changed text")
			}
		})
	}
}

func TestRenderReplyLimits(t *testing.T) {
	word := "設計"
	tests := []struct {
		name     string
		runes    int
		wantMsgs int
	}{
		{"short", 100, 1},
		{"over 3000", 3500, 1},
		{"over 12000", 15000, 2},
		{"huge", 200000, maxMessages},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			for i, n := 0, 0; n < tt.runes; i++ {
				s := fmt.Sprintf("%s%d。", word, i)
				if i%50 == 49 {
					s += "\n\n"
				}
				b.WriteString(s)
				n += utf8.RuneCountInString(s)
			}
			msgs := renderReply(bot.Reply{Text: b.String(), Sources: []bot.Source{{Section: "A"}}, Buttons: []bot.Button{{ActionID: "quiz:1", Label: "1"}}})
			if len(msgs) != tt.wantMsgs {
				t.Fatalf("%d messages, want %d", len(msgs), tt.wantMsgs)
			}
			total := 0
			for i, m := range msgs {
				if len(m.Blocks) > maxBlocks {
					t.Fatalf("message %d has %d blocks", i, len(m.Blocks))
				}
				runes := 0
				for _, bl := range m.Blocks {
					if s, ok := bl.(*slack.MarkdownBlock); ok {
						runes += utf8.RuneCountInString(s.Text)
					}
				}
				if runes > 12000 { // Slack's limit for all markdown blocks of a message
					t.Fatalf("message %d carries %d runes", i, runes)
				}
				total += runes
				if m.Text == "" || utf8.RuneCountInString(m.Text) > 3000 {
					t.Fatalf("message %d notification text of %d runes", i, utf8.RuneCountInString(m.Text))
				}
			}
			if total < min(tt.runes, maxMessages*maxMarkdownRunes)*9/10 {
				t.Fatalf("only %d of %d runes rendered", total, tt.runes)
			}
			last := msgs[len(msgs)-1].Blocks
			var tail []string
			for _, bl := range last[max(0, len(last)-3):] {
				tail = append(tail, blockText(bl))
			}
			if got := strings.Join(tail, "|"); !strings.Contains(got, "quiz:1=1") || !strings.Contains(got, "feedback=up/down") || !strings.Contains(got, "[1] A") {
				t.Fatalf("last message tail = %s", got)
			}
		})
	}
}

func TestLongAnswerContinuesInThread(t *testing.T) {
	h := newHarness(t, "")
	long := strings.Repeat("スケーラビリティとは負荷に応じて伸びる性質です。\n\n", 2000) // ~52 000 runes
	h.ans.answer = func(bot.Question) string { return long }
	h.slash(h.ad, "ask scalability")
	idle(h.ad)
	posts := h.slack.CallsOf("chat.postMessage")
	if len(posts) < 2 {
		t.Fatalf("%d posts, want the placeholder and continuations", len(posts))
	}
	placeholder := posts[0]
	for _, p := range posts[1:] {
		if p.Form.Get("thread_ts") != placeholder.TS {
			t.Fatalf("continuation in thread %q, want %q", p.Form.Get("thread_ts"), placeholder.TS)
		}
	}
	for _, c := range append(posts, h.slack.CallsOf("chat.update")...) {
		for _, b := range c.Blocks(t) {
			if s, ok := b.(*slack.MarkdownBlock); ok && utf8.RuneCountInString(s.Text) > 12000 {
				t.Fatalf("%s has a markdown block of %d runes", c.Method, utf8.RuneCountInString(s.Text))
			}
		}
		if n := len(c.Blocks(t)); n > maxBlocks {
			t.Fatalf("%s has %d blocks", c.Method, n)
		}
	}
}

func TestRateLimitedUpdateStillDelivers(t *testing.T) {
	h := newHarness(t, "")
	h.slack.UpdateLimited = 2 // the first partial and the first try of the next update
	h.slash(h.ad, "ask caching")
	idle(h.ad)
	limited := h.slack.CallsOf("chat.update(429)")
	ok := h.slack.CallsOf("chat.update")
	if len(limited) != 2 || len(ok) == 0 {
		t.Fatalf("429s=%d updates=%d", len(limited), len(ok))
	}
	final := allText(t, ok[len(ok)-1])
	if !strings.Contains(final, "answer to: caching") || strings.Contains(final, "▍") {
		t.Fatalf("final = %s", final)
	}
	h.wantCalls("chat.postMessage", 1, "the placeholder only")
}

func TestDeletedPlaceholderAnswerPostedAnew(t *testing.T) {
	tests := []struct {
		slackErr  string
		wantPosts int
	}{
		{"message_not_found", 2}, // placeholder, then the answer anew
		{"internal_error", 1},    // the update may have landed: never post twice
	}
	for _, tt := range tests {
		t.Run(tt.slackErr, func(t *testing.T) {
			h := newHarness(t, "")
			h.ans.visible = nil
			h.ans.answer = func(q bot.Question) string {
				// Answer once the placeholder is up, so the answer edits it.
				testkit.WaitFor(t, "the placeholder", func() bool { return len(h.slack.CallsOf("chat.postMessage")) == 1 })
				return "answer to: " + q.Text
			}
			h.ad.opts.PlaceholderAfter = time.Millisecond
			h.slack.UpdateError = tt.slackErr
			h.slash(h.ad, "ask deleted")
			idle(h.ad)
			posts := h.slack.CallsOf("chat.postMessage")
			if len(posts) != tt.wantPosts {
				t.Fatalf("%d posts, want %d", len(posts), tt.wantPosts)
			}
			if tt.wantPosts == 2 && !strings.Contains(allText(t, posts[1]), "answer to: deleted") {
				t.Fatalf("reposted answer = %s", allText(t, posts[1]))
			}
		})
	}
}
