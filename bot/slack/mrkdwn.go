package slack

import (
	"regexp"
	"strings"

	"github.com/backend-tip/backend-tip/bot"
)

// escaper replaces the three characters Slack treats as control characters
// in message text; everything else is sent as-is.
var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// Escape makes text safe for Slack: control characters escaped and broadcast
// mentions defused (escaping alone already disarms <!channel>; defusing also
// covers plain @channel, @here and @everyone).
func Escape(text string) string {
	return bot.DefuseMentions(escaper.Replace(text))
}

var (
	// [text](http://url) after escaping; the URL may not contain spaces, ')' or '|'.
	mdLink    = regexp.MustCompile(`\[([^\]\n]+)\]\((https?://[^\s)|]+)\)`)
	mdBold    = regexp.MustCompile(`\*\*([^*\n]+?)\*\*|__([^_\n]+?)__`)
	mdItalic  = regexp.MustCompile(`\*([^*\s](?:[^*\n]*[^*\s])?)\*`)
	mdStrike  = regexp.MustCompile(`~~([^~\n]+?)~~`)
	mdBareURL = regexp.MustCompile(`(^|[\s(])(https?://[^\s<>|)]+)`)
	mdHeading = regexp.MustCompile(`^(\s{0,3})#{1,6}\s+(.+?)\s*#*\s*$`)
	mdBullet  = regexp.MustCompile(`^(\s*)[-*+]\s+`)
	mdRule    = regexp.MustCompile(`^\s*([-*_])(\s*[-*_]){2,}\s*$`)
)

// boldMark stands in for a converted bold marker while single-star italics
// are converted, so "**a**" does not become "_a_".
const boldMark = "\x00"

// ToMrkdwn converts the markdown the answerer writes into Slack mrkdwn and
// escapes it: headings and **bold** become *bold*, *italic* becomes _italic_,
// bullets become •, [text](url) becomes <url|text>, code spans and fenced
// blocks are kept verbatim (escaped, but not reformatted).
func ToMrkdwn(markdown string) string {
	markdown = strings.NewReplacer("\r\n", "\n", boldMark, "").Replace(markdown)
	return rewriteLines(markdown, func(line string, inFence bool) (string, bool) {
		if t := strings.TrimSpace(line); !inFence && len(t) > 6 && strings.HasSuffix(t, "```") {
			return escaper.Replace(line), false // a one-line code block
		}
		return "```", true // Slack shows a language tag as text, so drop it
	}, escaper.Replace, convertLine)
}

// convertLine converts one line outside code fences.
func convertLine(line string) string {
	if mdRule.MatchString(line) {
		return "―――――"
	}
	if m := mdHeading.FindStringSubmatch(line); m != nil {
		return m[1] + "*" + convertInline(strings.Trim(m[2], "*")) + "*"
	}
	if m := mdBullet.FindStringSubmatch(line); m != nil {
		line = m[1] + "• " + line[len(m[0]):]
	}
	return convertInline(line)
}

// convertInline converts the inline markup of a line, leaving `code` spans alone.
func convertInline(line string) string {
	parts := codeSpans(line)
	for i, p := range parts {
		p = escaper.Replace(p)
		if i%2 == 0 {
			p = convertSpans(p)
		}
		parts[i] = p
	}
	return strings.Join(parts, "`")
}

func convertSpans(s string) string {
	// Each rule runs only when its marker is present: most lines of an
	// answer are plain prose, and the regexps were a large part of the
	// CPU an answer costs under load.
	if strings.Contains(s, "](") {
		s = mdLink.ReplaceAllStringFunc(s, func(m string) string {
			sub := mdLink.FindStringSubmatch(m)
			text := strings.NewReplacer("|", "¦", "*", "").Replace(sub[1])
			return "<" + sub[2] + "|" + text + ">"
		})
	}
	if strings.Contains(s, "://") {
		s = mdBareURL.ReplaceAllString(s, "${1}<${2}>")
	}
	if strings.Contains(s, "**") || strings.Contains(s, "__") {
		s = mdBold.ReplaceAllStringFunc(s, func(m string) string {
			sub := mdBold.FindStringSubmatch(m)
			return boldMark + sub[1] + sub[2] + boldMark
		})
	}
	if strings.Contains(s, "*") {
		s = mdItalic.ReplaceAllString(s, "_${1}_")
	}
	if strings.Contains(s, "~~") {
		s = mdStrike.ReplaceAllString(s, "~${1}~")
	}
	return strings.ReplaceAll(s, boldMark, "*")
}
