package slack

import (
	"cmp"
	"context"
	"fmt"
	"html"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/backend-tip/backend-tip/bot"
)

// Thread reading bounds. conversations.replies returns at most 200 messages
// a page (oldest first, the parent included); a longer thread is paged with
// has_more and the cursor, at most threadPages pages, and only its first
// message and latest turns are kept.
const (
	threadPage  = 200
	threadPages = 10
	// maxTurnRunes bounds one history message handed to the answerer: the
	// markdown limit of one answer, so the bot's own answers stay whole.
	maxTurnRunes = 12000
)

var _ interface {
	ThreadReplies(ctx context.Context, channelID, messageID string, limit int) ([]bot.Turn, error)
} = (*Adapter)(nil)

// ThreadReplies returns up to limit replies in the thread of messageID,
// the latest ones, oldest first, without the parent message.
func (a *Adapter) ThreadReplies(ctx context.Context, channelID, messageID string, limit int) ([]bot.Turn, error) {
	if _, err := a.identity(ctx); err != nil {
		a.log.Warn("unknown bot identity; own replies not marked", "err", err)
	}
	var turns []bot.Turn
	err := a.readThread(ctx, channelID, messageID, "", func(m slack.Message) {
		if m.Timestamp == messageID {
			return
		}
		turns = append(turns, a.turn(m))
		if len(turns) > limit {
			turns = turns[1:]
		}
	})
	return turns, err
}

// history is the thread before the message at mentionTS, oldest first: the
// thread's first message (usually the original question) and the latest
// turns, at most HistoryLimit in all. Without it the bot answers without context.
func (a *Adapter) history(ctx context.Context, channel, threadTS, mentionTS string) []bot.Turn {
	n := a.opts.HistoryLimit
	var first *bot.Turn
	var tail []bot.Turn
	err := a.readThread(ctx, channel, threadTS, mentionTS, func(m slack.Message) {
		if m.Timestamp == mentionTS {
			return
		}
		t := a.turn(m)
		if t.Text == "" {
			return
		}
		if first == nil {
			first = &t
			return
		}
		tail = append(tail, t)
		if len(tail) > n-1 {
			tail = tail[1:]
		}
	})
	if err != nil {
		a.log.Warn("thread history unavailable; answering without it", "err", err)
	}
	if first == nil {
		return nil
	}
	return append([]bot.Turn{*first}, tail...)
}

// readThread calls fn for each message of the thread, oldest first, up to
// latest (inclusive) when set, paging through long threads.
func (a *Adapter) readThread(ctx context.Context, channel, ts, latest string, fn func(slack.Message)) error {
	cursor := ""
	for range threadPages {
		var (
			msgs    []slack.Message
			hasMore bool
			next    string
		)
		err := a.retry(ctx, "conversations.replies", func() (err error) {
			msgs, hasMore, next, err = a.api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{
				ChannelID: channel, Timestamp: ts, Latest: latest, Inclusive: latest != "", Limit: threadPage, Cursor: cursor,
			})
			return err
		})
		if err != nil {
			return err
		}
		for _, m := range msgs {
			fn(m)
		}
		if !hasMore || next == "" {
			return nil
		}
		cursor = next
	}
	a.log.Info("thread longer than the pages read; kept its first pages", "channel", channel, "thread", ts)
	return nil
}

// turn is one thread message as conversation history. The bot's own
// messages carry only a short notification text in `text`; the answer
// itself lives in their blocks, so it is rebuilt from them.
func (a *Adapter) turn(m slack.Message) bot.Turn {
	self := a.isSelf(m.User, m.BotID)
	text := m.Text
	if self {
		// The blocks hold the answer; should Slack ever keep more in
		// `text` (a streamed message's markdown), the longer one wins.
		if b := answerFromBlocks(m.Blocks.BlockSet); utf8.RuneCountInString(b) > utf8.RuneCountInString(text) {
			text = b
		}
	}
	return bot.Turn{FromBot: self, Author: m.User, Text: bot.Truncate(a.cleanText(text), maxTurnRunes)}
}

// answerFromBlocks joins the text of the blocks that carry an answer
// (markdown and section blocks), leaving out the question header,
// sources, buttons and feedback.
func answerFromBlocks(blocks []slack.Block) string {
	var parts []string
	for _, b := range blocks {
		switch b := b.(type) {
		case *slack.MarkdownBlock:
			parts = append(parts, b.Text)
		case *slack.SectionBlock:
			if b.Text != nil {
				parts = append(parts, b.Text.Text)
			}
		case *slack.RichTextBlock:
			parts = append(parts, richText(b))
		}
	}
	return strings.TrimSpace(strings.Join(parts, "\n\n"))
}

// richText is the text of a rich_text block (what people type, and what
// Slack may store for a message written as markdown): sections, list items,
// quotes and code blocks, with links, mentions and emoji as text.
func richText(b *slack.RichTextBlock) string {
	var lines []string
	for _, el := range b.Elements {
		switch el := el.(type) {
		case *slack.RichTextSection:
			lines = append(lines, inlineText(el.Elements))
		case *slack.RichTextList:
			for i, item := range el.Elements {
				sec, ok := item.(*slack.RichTextSection)
				if !ok {
					continue
				}
				mark := "- "
				if el.Style == slack.RTEListOrdered {
					mark = fmt.Sprintf("%d. ", el.Offset+i+1)
				}
				lines = append(lines, strings.Repeat("  ", el.Indent)+mark+inlineText(sec.Elements))
			}
		case *slack.RichTextQuote:
			lines = append(lines, "> "+strings.ReplaceAll(inlineText(el.Elements), "\n", "\n> "))
		case *slack.RichTextPreformatted:
			lines = append(lines, "```\n"+strings.TrimSuffix(inlineText(el.Elements), "\n")+"\n```")
		}
	}
	return strings.Join(lines, "\n")
}

// inlineText is the text of rich text elements: links as their text (or
// URL), user mentions as <@U…> (cleanText rewrites them), emoji as :name:.
func inlineText(els []slack.RichTextSectionElement) string {
	var sb strings.Builder
	for _, e := range els {
		switch e := e.(type) {
		case *slack.RichTextSectionTextElement:
			sb.WriteString(e.Text)
		case *slack.RichTextSectionLinkElement:
			if e.Text != "" {
				sb.WriteString(e.Text)
			} else {
				sb.WriteString(e.URL)
			}
		case *slack.RichTextSectionUserElement:
			sb.WriteString("<@" + e.UserID + ">")
		case *slack.RichTextSectionEmojiElement:
			sb.WriteString(":" + e.Name + ":")
		}
	}
	return sb.String()
}

// slackToken matches the markup Slack puts in message text: user
// mentions <@U123|name>, channel references <#C123|name>, special mentions
// <!here>, <!subteam^S123|@team>, <!date^…|fallback>, and links
// <https://x|label> or <mailto:…>. A literal < typed by a person arrives
// as &lt;, so it is never taken for one.
var slackToken = regexp.MustCompile(`<([@#!]|[a-zA-Z][a-zA-Z0-9+.-]*:)([^<>|]*)(?:\|([^<>]*))?>`)

// cleanText turns Slack message text back into what was typed: the bot's
// own mention removed, other people's mentions shown as @U123, channel
// references as #name, user groups as @team, links as their label (or
// URL), then entities unescaped. Broadcasts (<!here>, <!channel>,
// <!everyone>) come out as inert text, so an echoed question pings nobody.
func (a *Adapter) cleanText(text string) string {
	a.idMu.Lock()
	self := a.botUserID
	a.idMu.Unlock()
	text = slackToken.ReplaceAllStringFunc(text, func(m string) string {
		sub := slackToken.FindStringSubmatch(m)
		kind, id, label := sub[1], sub[2], sub[3]
		switch kind {
		case "@":
			if id == self {
				return ""
			}
			return "@" + id
		case "#":
			return "#" + cmp.Or(label, id)
		case "!":
			switch name, rest, _ := strings.Cut(id, "^"); name {
			case "subteam": // <!subteam^S123|@team>
				return "@" + strings.TrimPrefix(cmp.Or(label, rest), "@")
			case "date": // <!date^1392734382^{date}|Feb 18th, 2014>
				return label
			}
			// here, channel, everyone: defused below.
			return "@" + strings.TrimPrefix(cmp.Or(label, id), "@")
		}
		return cmp.Or(label, kind+id) // a link: its label, else the URL
	})
	return bot.DefuseMentions(strings.TrimSpace(html.UnescapeString(text)))
}

// questionText is a mention's question: the text without the bot's mention.
func (a *Adapter) questionText(text string) string { return a.cleanText(text) }
