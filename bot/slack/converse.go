package slack

import (
	"context"

	"github.com/backend-tip/backend-tip/bot"
)

// conversation is one message the bot answers in its thread: a mention in
// a channel, a DM, a message in an assistant thread.
type conversation struct {
	eventID  string
	team     string
	channel  string
	user     string
	ts       string // the message
	threadTS string // its thread, "" for a top-level message
	text     string
	lang     bot.Lang // the user's language when known (DMs: their locale)
	dm       bool     // the bot's DM or an assistant thread: every message is for the bot
	// responseURL (message shortcuts) takes the answer where the bot
	// cannot post: a DM between two people, a private channel.
	responseURL string
	// history, when historyRead, is the thread already read by the caller.
	history     []bot.Turn
	historyRead bool
}

// converse answers c in its thread like a mention: the earlier thread as
// history, a thinking status while the guide is searched, the answer
// streamed natively.
func (a *Adapter) converse(ctx context.Context, c conversation) {
	thread := c.threadTS
	if thread == "" {
		thread = c.ts
	}
	req := bot.Request{
		Origin:   bot.Origin{ID: c.eventID, Platform: platformName, TeamID: c.team, ChannelID: c.channel, UserID: c.user},
		ThreadID: thread, Text: a.questionText(c.text), Kind: bot.KindMention, Lang: c.lang, DM: c.dm,
	}
	lang := c.lang
	if lang == "" {
		lang = bot.DetectLang(req.Text)
	}
	a.thinking(ctx, c.channel, thread, lang)
	switch {
	case c.historyRead:
		req.History = c.history
	case c.threadTS != "" && c.threadTS != c.ts:
		req.History = a.history(ctx, c.channel, c.threadTS, c.ts)
	}
	t := target{channel: c.channel, threadTS: thread, user: c.user, team: c.team, responseURL: c.responseURL}
	a.runRequest(ctx, req, a.newNativeStream(ctx, t))
}

// firstAnswer records that the message at channel/ts is being answered and
// reports whether it is the first time: a DM that mentions the bot may
// arrive both as message.im and as app_mention, with different event ids.
func (a *Adapter) firstAnswer(ctx context.Context, channel, ts string) bool {
	if ts == "" {
		return true
	}
	first, err := a.opts.Store.MarkEvent(ctx, "slack:message:"+channel+":"+ts, dedupeTTL)
	if err != nil {
		a.log.Warn("message dedupe failed; answering anyway", "err", err)
		return true
	}
	return first
}
