package slack

import (
	"context"
	"errors"
	"strings"

	"github.com/slack-go/slack"

	"github.com/backend-tip/backend-tip/bot"
)

// askShortcut is the callback id of the message shortcut "Ask backend-tip"
// (manifest: features.shortcuts).
const askShortcut = "ask_about_message"

// maxQuotedRunes bounds the message text a shortcut asks about.
const maxQuotedRunes = 1500

// messageShortcut answers "Ask backend-tip about this message": the
// message's text becomes the question, answered in its thread. In a
// private channel the bot is not in, the user is told (privately) how to
// invite it; a public one is joined first.
func (a *Adapter) messageShortcut(ctx context.Context, cb slack.InteractionCallback) {
	if cb.CallbackID != askShortcut {
		a.log.Info("unknown message shortcut", "callback_id", cb.CallbackID)
		return
	}
	channel, msg := cb.Channel.ID, cb.Message
	text := a.cleanText(msg.Text)
	if b := answerFromBlocks(msg.Blocks.BlockSet); strings.TrimSpace(text) == "" || a.isSelf(msg.User, msg.BotID) && b != "" {
		text = a.cleanText(b)
	}
	lang := bot.DetectLang(text)
	if strings.TrimSpace(text) == "" {
		a.shortcutNote(ctx, cb, lang.Pick("このメッセージには質問できる文章がありません。", "That message has no text to ask about."))
		return
	}
	var nm *bot.NotMemberError
	if err := a.EnsureMember(ctx, channel); errors.As(err, &nm) {
		a.shortcutNote(ctx, cb, lang.Pick("このチャンネルではまだ答えられません。`"+nm.Invite+"` で招待してください。",
			"I can't answer in this channel yet. Invite me with `"+nm.Invite+"`."))
		return
	}
	question := lang.Pick("このメッセージについてガイドに基づいて説明してください:\n", "Explain this message using the guide:\n") +
		"> " + strings.ReplaceAll(bot.Truncate(text, maxQuotedRunes), "\n", "\n> ")
	a.converse(ctx, conversation{
		eventID: cb.TriggerID, team: cb.Team.ID, channel: channel, user: cb.User.ID,
		ts: msg.Timestamp, threadTS: msg.ThreadTimestamp, text: question, lang: lang,
		responseURL: cb.ResponseURL,
	})
}

// shortcutNote tells the user something privately through the shortcut's response_url.
func (a *Adapter) shortcutNote(ctx context.Context, cb slack.InteractionCallback, text string) {
	if cb.ResponseURL == "" {
		return
	}
	m := message{Text: Escape(text), Blocks: []slack.Block{slack.NewSectionBlock(mrkdwnText(Escape(text)), nil, nil)}}
	if err := a.respond(ctx, cb.ResponseURL, true, m); err != nil {
		a.log.Warn("shortcut note", "err", err)
	}
}
