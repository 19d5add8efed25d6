package slack

import (
	"context"
	"html"
	"regexp"
	"strings"

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
		if b := answerFromBlocks(m.Blocks.BlockSet); b != "" {
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

// richText is the plain text of a rich_text block (what people type).
func richText(b *slack.RichTextBlock) string {
	var sb strings.Builder
	for _, el := range b.Elements {
		sec, ok := el.(*slack.RichTextSection)
		if !ok {
			continue
		}
		for _, e := range sec.Elements {
			if t, ok := e.(*slack.RichTextSectionTextElement); ok {
				sb.WriteString(t.Text)
			}
		}
	}
	return sb.String()
}

// userMention matches <@U123> and <@U123|name>.
var userMention = regexp.MustCompile(`<@([A-Z0-9]+)(?:\|[^>]*)?>`)

// cleanText turns Slack message text back into what was typed: the bot's
// own mention removed, other people's mentions shown as @U123 (readable,
// and never a ping if echoed), entities unescaped.
func (a *Adapter) cleanText(text string) string {
	a.idMu.Lock()
	self := a.botUserID
	a.idMu.Unlock()
	text = userMention.ReplaceAllStringFunc(text, func(m string) string {
		id := userMention.FindStringSubmatch(m)[1]
		if id == self {
			return ""
		}
		return "@" + id
	})
	return strings.TrimSpace(html.UnescapeString(text))
}

// questionText is a mention's question: the text without the bot's mention.
func (a *Adapter) questionText(text string) string { return a.cleanText(text) }
