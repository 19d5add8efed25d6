package bot

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// zwsp is a zero-width space: inserted into a broadcast mention it keeps the
// text readable while no platform recognises the mention any more.
const zwsp = "\u200b"

var (
	// @everyone, @here, @channel (Slack's plain-text forms) in any letter case,
	// also written with a full-width at sign.
	atBroadcast = regexp.MustCompile(`(?i)([@＠])(everyone|here|channel)`)
	// Slack special mentions and user-group mentions: <!channel>, <!here|here>,
	// <!everyone>, <!subteam^S123>, and Discord role mentions <@&123>.
	angleMention = regexp.MustCompile(`<(!(?:channel|here|everyone|subteam\^)|@&)`)
)

// DefuseMentions makes broadcast and group mentions in text inert on every
// platform. Adapters call it on any text a user or a model produced, on top of
// their platform's own escaping, so that nothing can ping a whole channel.
func DefuseMentions(text string) string {
	if !strings.ContainsAny(text, "@＠<") {
		return text // nothing to defuse; skips the regexps on plain prose
	}
	text = atBroadcast.ReplaceAllString(text, "${1}"+zwsp+"${2}")
	return angleMention.ReplaceAllString(text, "<"+zwsp+"${1}")
}

// Sanitize turns untrusted input into valid UTF-8 without control characters
// (newlines and tabs stay) and trims it to at most maxRunes runes.
func Sanitize(text string, maxRunes int) string {
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	var b strings.Builder
	b.Grow(min(len(text), maxRunes*3+8))
	n := 0
	for _, r := range text {
		if maxRunes > 0 && n >= maxRunes {
			break
		}
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f {
			r = ' '
		}
		b.WriteRune(r)
		n++
	}
	return strings.TrimSpace(b.String())
}

// Truncate cuts text to at most maxRunes runes, ending with an ellipsis when
// something was cut.
func Truncate(text string, maxRunes int) string {
	if utf8.RuneCountInString(text) <= maxRunes {
		return text
	}
	if maxRunes <= 1 {
		return "…"
	}
	runes := []rune(text)
	return string(runes[:maxRunes-1]) + "…"
}
