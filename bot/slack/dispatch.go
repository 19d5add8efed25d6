package slack

import (
	"context"
	"strings"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/platform"
)

// runRequest hands req to the router and waits until its reply is out.
func (a *Adapter) runRequest(ctx context.Context, req bot.Request, s *platform.Stream) {
	a.rt.Protect("slack request", func() { a.opts.Router.Handle(ctx, req, s) })
	// The router promises exactly one Done; this apology is only a safety
	// net (Done keeps the first reply) so the stream always finishes.
	s.Done(bot.Apology(req.Lang))
	<-s.Wait()
}

// slashCommand answers /backend-tip. `ask` gets a visible placeholder at
// once that the answer streams into; everything else answers when done.
func (a *Adapter) slashCommand(ctx context.Context, cmd slack.SlashCommand) {
	text, private := privateAsk(cmd.Text)
	cmd.Text = text
	if private {
		a.privateAsk(ctx, cmd)
		return
	}
	req := bot.Request{
		Origin: slashOrigin(cmd),
		Text:   cmd.Text,
		Kind:   bot.KindCommand,
		Lang:   a.commandLang(ctx, cmd.UserID, cmd.Text),
		// A D… channel is a DM, but maybe one between two people (where
		// the bot reads nothing): only its own DM with the user counts.
		DM: a.inOwnDM(ctx, cmd.UserID, cmd.ChannelID),
	}
	t := target{channel: cmd.ChannelID, user: cmd.UserID, responseURL: cmd.ResponseURL}
	placeholder := ""
	path, question, ok := a.opts.Router.Parse(cmd.Text)
	if ok && bot.Moderated(path) {
		req.Role = a.role(ctx, cmd.UserID)
	}
	if ok && path.String() == "ask" && question != "" {
		// Shown only when the answer takes a moment: a refused question
		// (rate limit, nothing in the guide) leaves no public trace.
		t.header = question
		placeholder = bot.DetectLang(question).Pick("⏳ ガイドを調べています…", "⏳ Looking it up in the guide…")
	}
	a.runRequest(ctx, req, a.newStream(ctx, t, placeholder))
}

// slashOrigin is who ran a slash command, and where: the same for the
// streamed and the private ask.
func slashOrigin(cmd slack.SlashCommand) bot.Origin {
	return bot.Origin{ID: cmd.TriggerID, Platform: platformName, TeamID: cmd.TeamID, ChannelID: cmd.ChannelID,
		UserID: cmd.UserID, UserName: cmd.UserName}
}

// callbackOrigin is who pressed a button of cb, in channel (the message's
// channel, or the member's DM for a Home tab button).
func callbackOrigin(cb slack.InteractionCallback, channel string) bot.Origin {
	return bot.Origin{ID: cb.TriggerID, Platform: platformName, TeamID: cb.Team.ID, ChannelID: channel,
		UserID: cb.User.ID, UserName: cb.User.Name}
}

// event handles one Events API event once, whatever the retries.
func (a *Adapter) event(ctx context.Context, ev slackevents.EventsAPIEvent) {
	switch ev.InnerEvent.Data.(type) {
	case *slackevents.AppMentionEvent, *slackevents.MessageEvent,
		*slackevents.AssistantThreadStartedEvent, *slackevents.AppHomeOpenedEvent:
	default:
		return
	}
	eventID := ""
	if cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent); ok {
		eventID = cb.EventID
	}
	if eventID != "" {
		first, err := a.opts.Store.MarkEvent(ctx, "slack:event:"+eventID, dedupeTTL)
		switch {
		case err != nil:
			// Better to risk a duplicate answer than to drop the question.
			a.log.Warn("dedupe store failed; answering anyway", "event_id", eventID, "err", err)
		case !first:
			a.log.Info("duplicate event ignored", "event_id", eventID)
			return
		}
	}
	switch inner := ev.InnerEvent.Data.(type) {
	case *slackevents.AppMentionEvent:
		a.mention(ctx, eventID, ev.TeamID, inner)
	case *slackevents.MessageEvent:
		a.directMessage(ctx, eventID, ev.TeamID, inner)
	case *slackevents.AssistantThreadStartedEvent:
		a.assistantThreadStarted(ctx, inner)
	case *slackevents.AppHomeOpenedEvent:
		a.homeOpened(ctx, inner)
	}
}

// mention answers an app_mention in its thread, with the earlier thread
// messages as history. The bot's own and other bots' messages are ignored.
func (a *Adapter) mention(ctx context.Context, eventID, teamID string, ev *slackevents.AppMentionEvent) {
	if _, err := a.identity(ctx); err != nil {
		a.log.Warn("unknown bot identity", "err", err)
	}
	if ev.BotID != "" || ev.User == "" || a.isSelf(ev.User, ev.BotID) || ev.Edited != nil {
		return
	}
	if !a.firstAnswer(ctx, ev.Channel, ev.TimeStamp) {
		return
	}
	a.seenDM(ev.User, ev.Channel)
	a.converse(ctx, conversation{
		eventID: eventID, team: teamID, channel: ev.Channel, user: ev.User,
		ts: ev.TimeStamp, threadTS: ev.ThreadTimeStamp, text: ev.Text,
		// A mention in the DM may win the race with its message.im; an
		// event's D… channel is the bot's own DM (events come only from
		// conversations the bot is in).
		dm: isDM(ev.Channel),
	})
}

// interaction handles button presses: 👍/👎 are recorded here, every other
// action goes to the router; the answer is shown to the clicker only.
func (a *Adapter) interaction(ctx context.Context, cb slack.InteractionCallback) {
	if cb.Type == slack.InteractionTypeMessageAction {
		a.messageShortcut(ctx, cb)
		return
	}
	if cb.Type != slack.InteractionTypeBlockActions {
		return
	}
	messageTS := cb.Container.MessageTs
	if messageTS == "" {
		messageTS = cb.Message.Timestamp
	}
	channel := cb.Channel.ID
	if channel == "" {
		channel = cb.Container.ChannelID
	}
	t := target{channel: channel, user: cb.User.ID, responseURL: cb.ResponseURL}
	for _, act := range cb.ActionCallback.BlockActions {
		var reply bot.Reply
		switch {
		case strings.HasPrefix(act.ActionID, homePrefix):
			a.homeAction(ctx, cb, act)
			continue
		case strings.HasPrefix(act.ActionID, keepPrivatePrefix):
			reply = a.keepPrivate(ctx, cb, act, channel, messageTS)
		case act.ActionID == feedbackAction:
			// Native feedback_buttons: the value says which one.
			reply = a.feedback(ctx, channel, messageTS, cb.User.ID, act.Value == feedbackPositive)
		case strings.HasPrefix(act.ActionID, feedbackPrefix):
			// Buttons of answers posted before the native ones.
			reply = a.feedback(ctx, channel, messageTS, cb.User.ID, act.ActionID == feedbackUp)
		default:
			reply = a.opts.Router.Click(ctx, bot.Click{
				Origin: callbackOrigin(cb, channel), MessageID: messageTS, ActionID: act.ActionID,
			})
		}
		if reply.Text == "" && len(reply.Buttons) == 0 {
			continue
		}
		reply.Ephemeral = true
		s := a.newStream(ctx, t, "")
		s.Done(reply)
		<-s.Wait()
	}
}

func (a *Adapter) feedback(ctx context.Context, channel, messageTS, user string, positive bool) bot.Reply {
	err := a.opts.Store.RecordFeedback(ctx, bot.Feedback{
		Platform: platformName, ChannelID: channel, MessageID: messageTS, UserID: user,
		Positive: positive, At: a.clock(),
	})
	if err != nil {
		a.log.Error("record feedback", "err", err)
		return bot.Reply{Text: "すみません、フィードバックを保存できませんでした。 / Sorry, your feedback could not be saved."}
	}
	return bot.Reply{Text: "フィードバックありがとうございます！ / Thanks for the feedback!"}
}

// role asks users.info (Tier 4, scope users:read) whether the member is a
// workspace admin or owner: Slack tells a bot nothing about channel roles,
// so that is what the moderator policy can use. Any failure counts as an
// ordinary member: a refusal is safer than letting anyone stop a schedule.
func (a *Adapter) role(ctx context.Context, userID string) bot.Role {
	u, err := a.api.GetUserInfoContext(ctx, userID)
	if err != nil {
		a.log.Warn("users.info failed; treating the member as ordinary", "user", userID, "err", err)
		return bot.RoleMember
	}
	if u.IsAdmin || u.IsOwner || u.IsPrimaryOwner {
		return bot.RoleWorkspaceAdmin
	}
	return bot.RoleMember
}
