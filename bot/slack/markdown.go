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
	return rewriteLines(md, func(line string, _ bool) (string, bool) {
		return bot.DefuseMentions(line), strings.Count(line, "```") == 1 // more is a one-line code block
	}, bot.DefuseMentions, markdownLine)
}

// markdownLine escapes a line outside fences, leaving `code` spans alone.
func markdownLine(line string) string {
	if !strings.ContainsAny(line, "&<>") {
		return line
	}
	parts := codeSpans(line)
	for i := 0; i < len(parts); i += 2 {
		parts[i] = escaper.Replace(parts[i])
	}
	return strings.Join(parts, "`")
}

// rewriteLines rewrites text line by line by where each line stands: a
// fence line (one starting with ```) by fence, which also says whether the
// line opens or closes a fenced block; a line inside a block by code; any
// other line by prose. Broadcast mentions are defused in the result.
func rewriteLines(text string, fence func(line string, inFence bool) (string, bool), code, prose func(string) string) string {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	inFence := false
	for i, line := range lines {
		switch {
		case strings.HasPrefix(strings.TrimSpace(line), "```"):
			var toggles bool
			lines[i], toggles = fence(line, inFence)
			if toggles {
				inFence = !inFence
			}
		case inFence:
			lines[i] = code(line)
		default:
			lines[i] = prose(line)
		}
	}
	return bot.DefuseMentions(strings.Join(lines, "\n"))
}

// codeSpans splits a line at its backticks: even parts are prose, odd
// parts code spans. An unmatched last backtick is a literal character.
func codeSpans(line string) []string {
	parts := strings.Split(line, "`")
	if len(parts)%2 == 0 {
		parts[len(parts)-2] += "`" + parts[len(parts)-1]
		parts = parts[:len(parts)-1]
	}
	return parts
}

// markdownBlock is one markdown block of answer text.
func markdownBlock(text string) *slack.MarkdownBlock {
	return slack.NewMarkdownBlock("", text)
}
