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
	maxMessageRunes  = 38000
	maxButtonsPerRow = 25
	maxContextItems  = 10
	maxStreamRunes   = maxSectionRunes - 10 // a streamed partial is one section
	fallbackRunes    = 300                  // the notification text beside blocks
)

// Feedback buttons: the action ids the adapter itself handles.
const (
	feedbackPrefix = "feedback:"
	feedbackUp     = feedbackPrefix + "up"
	feedbackDown   = feedbackPrefix + "down"
)

// message is one rendered Slack message: blocks plus the notification text.
type message struct {
	Text   string
	Blocks []slack.Block
}

// renderReply turns a reply into one or more messages: lead blocks (the
// question of a slash ask) first, the answer text split into sections, then
// sources, feedback and quiz buttons on the last message. Every message has
// at most maxBlocks blocks and maxMessageRunes characters of section text.
func renderReply(r bot.Reply, lead ...slack.Block) []message {
	sections := splitText(ToMrkdwn(r.Text), maxSectionRunes)
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
		if len(cur) > 0 && (len(cur)+1 > maxBlocks || runes+n > maxMessageRunes) {
			flush()
		}
		cur = append(cur, slack.NewSectionBlock(mrkdwnText(s), nil, nil))
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
		blocks = append(blocks, slack.NewActionBlock("feedback",
			button(feedbackUp, "👍", ""),
			button(feedbackDown, "👎", "")))
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
	return bot.Truncate(ToMrkdwn(partial), maxStreamRunes) + " ▍"
}

// splitText cuts mrkdwn into sections of at most limit runes
// (platform.Split), at most enough for maxMessages messages; a longer
// answer ends with a note that it was cut.
func splitText(text string, limit int) []string {
	parts, _ := platform.Split(text, limit, maxMessages*maxMessageRunes/maxSectionRunes, platform.Runes, cutNote)
	return parts
}

// maxMessages caps how many messages one reply becomes, so a runaway
// answer cannot flood a channel.
const maxMessages = 5

// cutNote ends an answer cut to fit maxMessages.
const cutNote = "_… (truncated / 長すぎるため省略しました)_"
