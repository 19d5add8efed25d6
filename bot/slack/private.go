package slack

import (
	"context"
	"strings"

	"github.com/slack-go/slack"

	"github.com/backend-tip/backend-tip/bot"
)

// privateFlags make `/backend-tip ask -p <question>` answer privately.
var privateFlags = map[string]bool{"-p": true, "--private": true}

// privateAsk strips the private flag of an ask and reports whether it was there.
func privateAsk(text string) (string, bool) {
	fields := strings.Fields(text)
	if len(fields) < 2 || !strings.EqualFold(fields[0], "ask") || !privateFlags[strings.ToLower(fields[1])] {
		return text, false
	}
	rest := strings.TrimSpace(text)
	rest = strings.TrimSpace(rest[len(fields[0]):])
	rest = strings.TrimSpace(rest[len(fields[1]):])
	return "ask " + rest, true
}

// privateAsk answers an ask only the asker sees (through the slash
// command's response_url): no placeholder in the channel, no streaming
// there, the final answer ephemeral.
func (a *Adapter) privateAsk(ctx context.Context, cmd slack.SlashCommand) {
	req := bot.Request{
		Origin: slashOrigin(cmd),
		Text:   cmd.Text,
		Kind:   bot.KindCommand,
	}
	t := target{channel: cmd.ChannelID, user: cmd.UserID, team: cmd.TeamID, responseURL: cmd.ResponseURL}
	a.runRequest(ctx, req, a.newStreamOn(ctx, &privateSurface{surface{a: a, t: t}}, t, ""))
}

// privateSurface shows nothing while the answer is written and delivers
// the final reply to the asker only.
type privateSurface struct{ surface }

// Edit shows nothing: an ephemeral message cannot be edited by a bot.
func (p *privateSurface) Edit(context.Context, string) error { return nil }

// Finish delivers the reply ephemerally.
func (p *privateSurface) Finish(ctx context.Context, final bot.Reply) error {
	final.Ephemeral = true
	return p.surface.Finish(ctx, final)
}

// keepPrivatePrefix starts the action id of the "Keep to yourself" button;
// the asker's user id follows.
const keepPrivatePrefix = "private:"

func keepPrivateButton(asker string, lang bot.Lang) bot.Button {
	return bot.Button{ActionID: keepPrivatePrefix + asker, Label: lang.Pick("🔒 自分だけに表示", "🔒 Keep to yourself")}
}

// keepPrivate turns a public answer into a private one when its asker
// presses "Keep to yourself": the answer is shown to them only (without
// the button and the feedback row) and the public message is deleted.
// Anyone else pressing it is told privately that only the asker can.
// Both go through the click's response_url, which reaches the message
// wherever it was posted, also in a channel the bot is not in (where the
// answer itself came through the command's response_url); chat.postEphemeral
// and chat.delete are the way without one.
func (a *Adapter) keepPrivate(ctx context.Context, cb slack.InteractionCallback, act *slack.BlockAction, channel, messageTS string) bot.Reply {
	asker := strings.TrimPrefix(act.ActionID, keepPrivatePrefix)
	lang := bot.DetectLang(answerFromBlocks(cb.Message.Blocks.BlockSet))
	if cb.User.ID != asker {
		return bot.Reply{Text: lang.Pick("この回答を非公開にできるのは質問した人だけです。", "Only the person who asked can make this answer private.")}
	}
	var keep []slack.Block
	for _, b := range cb.Message.Blocks.BlockSet {
		switch b.(type) {
		case *slack.ActionBlock, *slack.ContextActionsBlock:
			continue // the buttons, this one included, and 👍/👎
		}
		keep = append(keep, b)
	}
	if len(keep) == 0 {
		return bot.Reply{Text: lang.Pick("この回答は非公開にできませんでした。", "This answer could not be made private.")}
	}
	m := message{Text: cb.Message.Text, Blocks: keep}
	var err error
	if cb.ResponseURL != "" {
		err = a.respond(ctx, cb.ResponseURL, true, m)
	} else {
		err = a.postEphemeral(ctx, channel, asker, cb.Message.ThreadTimestamp, m)
	}
	if err != nil {
		a.log.Error("keep private: show the answer", "err", err)
		return bot.Reply{Text: lang.Pick("すみません、非公開にできませんでした。", "Sorry, the answer could not be made private.")}
	}
	if cb.ResponseURL != "" {
		err = a.deleteOriginal(ctx, cb.ResponseURL)
	} else {
		err = a.retry(ctx, "chat.delete", func() error {
			_, _, err := a.api.DeleteMessageContext(ctx, channel, messageTS)
			return err
		})
	}
	if err != nil {
		a.log.Error("keep private: delete the public answer", "err", err)
	}
	return bot.Reply{}
}
