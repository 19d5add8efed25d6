package slack

import (
	"strings"

	"github.com/slack-go/slack"

	"github.com/backend-tip/backend-tip/bot"
)

// Answers are sent as `markdown` blocks (and markdown_text when streamed):
// Slack renders standard Markdown there, so **N+1問題**とは keeps its bold
// in Japanese (mrkdwn needs word boundaries around *bold*), and lists,
// headings and code render as the model wrote them. One message holds at
// most 12 000 characters of markdown in all; we keep a margin.
const maxMarkdownRunes = 11500

// ToMarkdown makes model or user Markdown safe to send in a markdown block:
// outside code, & < > are escaped as entities (which Markdown shows as the
// characters, while Slack parses no <!channel> or <@U…> out of them);
// inside code spans and fences, where entities would show literally, only
// broadcast mentions are defused. Plain @here/@everyone are defused everywhere.
func ToMarkdown(md string) string {
	md = strings.ReplaceAll(md, "\r\n", "\n")
	lines := strings.Split(md, "\n")
	inFence := false
	for i, line := range lines {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			inFence = !inFence
			if strings.Count(line, "```") > 1 { // a one-line code block
				inFence = !inFence
			}
			lines[i] = bot.DefuseMentions(line)
			continue
		}
		if inFence {
			lines[i] = bot.DefuseMentions(line)
			continue
		}
		lines[i] = markdownLine(line)
	}
	return bot.DefuseMentions(strings.Join(lines, "\n"))
}

// markdownLine escapes a line outside fences, leaving `code` spans alone.
func markdownLine(line string) string {
	if !strings.ContainsAny(line, "&<>") {
		return line
	}
	parts := strings.Split(line, "`")
	if len(parts)%2 == 0 { // an unmatched backtick is a literal one
		parts[len(parts)-2] += "`" + parts[len(parts)-1]
		parts = parts[:len(parts)-1]
	}
	for i := 0; i < len(parts); i += 2 {
		parts[i] = escaper.Replace(parts[i])
	}
	return strings.Join(parts, "`")
}

// markdownBlock is one markdown block of answer text.
func markdownBlock(text string) *slack.MarkdownBlock {
	return slack.NewMarkdownBlock("", text)
}
