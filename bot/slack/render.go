package slack

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/platform"
)

// Slack's limits for one message. A section's text must stay under 3000
// characters; we keep a margin because Slack counts some characters (emoji
// outside the BMP) twice. A message holds at most 50 blocks and 40 000
// characters of text, so longer answers continue in the thread.
const (
	maxSectionRunes  = 2900
	maxBlocks        = 50
	maxButtonsPerRow = 25
	maxContextItems  = 10
	fallbackRunes    = 300 // the notification text beside blocks
)

// Feedback: Slack's native feedback_buttons (👍/👎 under an answer, in a
// context_actions block) carry feedbackAction and a value; feedbackUp and
// feedbackDown are the buttons of answers posted before them, still
// clickable in old threads.
const (
	feedbackAction   = "feedback"
	feedbackPositive = "up"
	feedbackNegative = "down"
	feedbackPrefix   = "feedback:"
	feedbackUp       = feedbackPrefix + "up"
	feedbackDown     = feedbackPrefix + "down"
)

// feedbackBlock is the native 👍/👎 under an answer.
func feedbackBlock(lang bot.Lang) slack.Block {
	up := slack.NewFeedbackButton(slack.NewTextBlockObject(slack.PlainTextType, "👍", true, false), feedbackPositive)
	up.AccessibilityLabel = lang.Pick("役に立った", "Helpful")
	down := slack.NewFeedbackButton(slack.NewTextBlockObject(slack.PlainTextType, "👎", true, false), feedbackNegative)
	down.AccessibilityLabel = lang.Pick("役に立たなかった", "Not helpful")
	return slack.NewContextActionsBlock("feedback", slack.NewFeedbackButtonsBlockElement(feedbackAction, up, down))
}

// message is one rendered Slack message: blocks plus the notification text.
type message struct {
	Text   string
	Blocks []slack.Block
}

// renderReply turns a reply into one or more messages: lead blocks (the
// question of a slash ask) first, the answer text in markdown blocks, then
// sources, feedback and quiz buttons on the last message. Every message has
// at most maxBlocks blocks and maxMarkdownRunes characters of markdown.
func renderReply(r bot.Reply, lead ...slack.Block) []message {
	sections := splitText(ToMarkdown(r.Text), maxMarkdownRunes)
	tail := tailBlocks(r)
	if len(sections) == 0 && len(tail) == 0 {
		sections = []string{"…"} // Slack rejects a message without content
	}
	var msgs []message
	cur := append([]slack.Block(nil), lead...)
	runes := 0
	flush := func() {
		msgs = append(msgs, message{Blocks: cur})
		cur, runes = nil, 0
	}
	for _, s := range sections {
		n := utf8.RuneCountInString(s)
		if len(cur) > 0 && (len(cur)+1 > maxBlocks || runes+n > maxMarkdownRunes) {
			flush()
		}
		cur = append(cur, markdownBlock(s))
		runes += n
	}
	if len(cur)+len(tail) > maxBlocks {
		flush()
	}
	cur = append(cur, tail...)
	if len(cur) > 0 || len(msgs) == 0 {
		flush()
	}
	fallback := bot.Truncate(Escape(plainSummary(r.Text)), fallbackRunes)
	for i := range msgs {
		msgs[i].Text = fallback
		if i > 0 {
			msgs[i].Text = fmt.Sprintf("(%d/%d) %s", i+1, len(msgs), fallback)
		}
	}
	return msgs
}

// tailBlocks are the blocks after the answer text: sources in a context
// block, quiz or other buttons, and 👍/👎 for answers that cite the guide.
func tailBlocks(r bot.Reply) []slack.Block {
	var blocks []slack.Block
	if len(r.Sources) > 0 {
		label := r.Lang.Pick("📖 出典", "📖 Sources")
		var items []slack.MixedElement
		items = append(items, mrkdwnText("*"+label+"*"))
		for i, s := range r.Sources {
			if len(items) == maxContextItems {
				break
			}
			name := s.Section
			if name == "" {
				name = s.Document
			}
			items = append(items, mrkdwnText(fmt.Sprintf("[%d] %s", i+1, Escape(bot.Truncate(name, 200)))))
		}
		blocks = append(blocks, slack.NewContextBlock("sources", items...))
	}
	for i := 0; i < len(r.Buttons); i += maxButtonsPerRow {
		row := r.Buttons[i:min(i+maxButtonsPerRow, len(r.Buttons))]
		var els []slack.BlockElement
		for _, b := range row {
			els = append(els, button(b.ActionID, b.Label, b.Style))
		}
		blocks = append(blocks, slack.NewActionBlock(fmt.Sprintf("buttons-%d", i/maxButtonsPerRow), els...))
	}
	if len(r.Sources) > 0 && !r.Ephemeral {
		blocks = append(blocks, feedbackBlock(r.Lang))
	}
	return blocks
}

func button(actionID, label, style string) *slack.ButtonBlockElement {
	// Button labels are plain text (no mrkdwn, no mentions parsed) of at most 75 characters.
	b := slack.NewButtonBlockElement(actionID, actionID, slack.NewTextBlockObject(slack.PlainTextType, bot.Truncate(bot.DefuseMentions(label), 75), true, false))
	switch style {
	case "primary":
		b = b.WithStyle(slack.StylePrimary)
	case "danger":
		b = b.WithStyle(slack.StyleDanger)
	}
	return b
}

// mrkdwnText is a verbatim mrkdwn text object: Slack does not auto-link
// channel names or parse mentions in it, on top of our escaping.
func mrkdwnText(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, true)
}

// plainSummary is the first line or so of an answer, for notifications.
func plainSummary(text string) string {
	text = strings.TrimSpace(text)
	if i := strings.Index(text, "\n\n"); i > 0 {
		text = text[:i]
	}
	return strings.NewReplacer("**", "", "`", "", "#", "").Replace(text)
}

// streamText is what a message shows while an answer is still coming in.
func streamText(partial string) string {
	return bot.Truncate(ToMarkdown(partial), maxMarkdownRunes-10) + " ▍"
}

// splitText cuts markdown into pieces of at most limit runes
// (platform.Split), one markdown block per message, at most maxMessages; a longer
// answer ends with a note that it was cut.
func splitText(text string, limit int) []string {
	parts, _ := platform.Split(text, limit, maxMessages, platform.Runes, cutNote)
	return parts
}

// maxMessages caps how many messages one reply becomes, so a runaway
// answer cannot flood a channel.
const maxMessages = 5

// cutNote ends an answer cut to fit maxMessages.
const cutNote = "_… (truncated / 長すぎるため省略しました)_"
