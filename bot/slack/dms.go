package slack

import (
	"context"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/platform"
)

// maxDMs bounds each map of the DM cache: past it the earliest entry is
// forgotten and, if needed again, asked for again (conversations.open is
// Tier 3).
const maxDMs = 10000

// dms remembers which D… conversations are the bot's own DMs. A slash
// command can be run in any conversation, a DM between two people
// included: its channel_id starts with D too, but the bot is not in it
// (chat.postMessage and chat.postEphemeral answer channel_not_found there)
// and gets none of its messages. Only the id conversations.open returns for
// a user is the bot's DM with them, and that id never changes.
type dms struct {
	byUser *platform.Bounded[string, string] // user → the bot's DM with them
	own    *platform.Bounded[string, bool]   // D… channel → whether it is one of the bot's DMs
}

func newDMs() dms {
	return dms{byUser: platform.NewBounded[string, string](maxDMs), own: platform.NewBounded[string, bool](maxDMs)}
}

// set records whether channel is the bot's DM; user, when given, is the
// person that DM is with.
func (d dms) set(user, channel string, own bool) {
	d.own.Set(channel, own)
	if own && user != "" {
		d.byUser.Set(user, channel)
	}
}

// seenDM records an event's D… channel as the bot's DM: Slack sends a bot
// events only from conversations it is in, so a message.im (or a mention
// in a D… channel) is in the bot's own DM by construction.
func (a *Adapter) seenDM(user, channel string) {
	if isDM(channel) {
		a.dms.set(user, channel, true)
	}
}

// openConversation calls conversations.open (Tier 3, scope im:write) with
// the adapter's retry policy.
func (a *Adapter) openConversation(ctx context.Context, params *slack.OpenConversationParameters) (*slack.Channel, error) {
	var ch *slack.Channel
	err := a.retry(ctx, "conversations.open", func() (err error) {
		ch, _, _, err = a.api.OpenConversationContext(ctx, params)
		return err
	})
	return ch, err
}

// ownDM returns the bot's DM with user: conversations.open (Tier 3, scope
// im:write) with users=<user> opens it or returns the existing one.
func (a *Adapter) ownDM(ctx context.Context, user string) (string, error) {
	if ch, ok := a.dms.byUser.Get(user); ok {
		return ch, nil
	}
	ch, err := a.openConversation(ctx, &slack.OpenConversationParameters{Users: []string{user}, ReturnIM: true})
	if err != nil {
		return "", fmt.Errorf("open DM with %s: %w", user, err)
	}
	a.dms.set(user, ch.ID, true)
	return ch.ID, nil
}

// inOwnDM reports whether a slash command's channel is the bot's DM with
// the person who ran it. A failure to ask counts as not: a DM the bot is
// not sure it can read must not promise to read the next message.
func (a *Adapter) inOwnDM(ctx context.Context, user, channel string) bool {
	if !isDM(channel) {
		return false
	}
	dm, err := a.ownDM(ctx, user)
	if err != nil {
		a.log.Warn("cannot tell whether a command ran in the bot's DM; assuming not", "channel", channel, "err", err)
		return false
	}
	if dm != channel {
		a.dms.set("", channel, false) // the command ran in a DM between people
		return false
	}
	return true
}

// checkDM tells whether the bot can post in the D… channel: nil in its own
// DMs, bot.ErrPeopleDM in a DM between people. An id never seen is asked
// about with conversations.open channel=<id> (im:write), which resumes the
// bot's own DM and answers channel_not_found for anyone else's.
func (a *Adapter) checkDM(ctx context.Context, channel string) error {
	if own, ok := a.dms.own.Get(channel); ok {
		if own {
			return nil
		}
		return fmt.Errorf("channel %s: %w", channel, bot.ErrPeopleDM)
	}
	ch, err := a.openConversation(ctx, &slack.OpenConversationParameters{ChannelID: channel, ReturnIM: true})
	switch {
	case slackError(err) == "channel_not_found":
		a.dms.set("", channel, false)
		return fmt.Errorf("channel %s: %w", channel, bot.ErrPeopleDM)
	case err != nil:
		return fmt.Errorf("check DM %s: %w", channel, err)
	}
	a.dms.set(ch.User, channel, ch.ID == channel)
	if ch.ID != channel {
		return fmt.Errorf("channel %s: %w", channel, bot.ErrPeopleDM)
	}
	return nil
}

// isDM reports whether a channel id is a direct message (Slack's IM ids
// start with D). It says nothing of whose: only for events (which come
// from the bot's own conversations) does it mean the bot's DM; a slash
// command's channel asks inOwnDM.
func isDM(channelID string) bool { return strings.HasPrefix(channelID, "D") }
