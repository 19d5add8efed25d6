package slack

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/slack-go/slack"

	"github.com/backend-tip/backend-tip/bot"
)

// invite is what a person types in a private channel to add the bot.
const invite = "/invite @backend-tip"

// members remembers the channels the bot is known to be in, so that a
// daily post does not ask Slack again every day. A channel the bot was
// removed from shows up as not_in_channel later and is forgotten then.
type members struct {
	mu     sync.Mutex
	joined map[string]bool
}

func (m *members) has(channel string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.joined[channel]
}

func (m *members) set(channel string, in bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.joined == nil {
		m.joined = map[string]bool{}
	}
	if in {
		m.joined[channel] = true
	} else {
		delete(m.joined, channel)
	}
}

// EnsureMember joins a public channel the bot is not in (channels:join),
// so that it can read the channel (threads of its quiz posts, lookups by
// metadata) as well as post there. A private channel cannot be joined by
// a bot: it gets a *bot.NotMemberError saying how to invite it. The bot's
// own DMs need nothing; a DM between people (where slash commands can run
// too) or a group DM it is not in gets bot.ErrPeopleDM: nobody can add it.
func (a *Adapter) EnsureMember(ctx context.Context, channelID string) error {
	if a.joined.has(channelID) {
		return nil
	}
	if isDM(channelID) {
		return a.checkDM(ctx, channelID)
	}
	err := a.retry(ctx, "conversations.join", func() error {
		_, _, _, err := a.api.JoinConversationContext(ctx, channelID)
		return err
	})
	switch code := slackError(err); {
	case err == nil:
		a.joined.set(channelID, true)
		return nil
	case code == "method_not_supported_for_channel_type":
		// A private channel or group DM: fine if the bot is already in it.
		return a.checkPrivate(ctx, channelID)
	case code == "channel_not_found":
		// Private channels the bot is not in are invisible to it.
		return &bot.NotMemberError{ChannelID: channelID, Invite: invite}
	default:
		return fmt.Errorf("join %s: %w", channelID, err)
	}
}

// checkPrivate asks conversations.info whether the bot is in a channel it
// cannot join by itself. The bot reads private channels (groups:read) but
// not group DMs: that needs mpim:read, which the manifest does not ask for,
// so missing_scope here means a group DM, one between people (the bot
// opens none of its own).
func (a *Adapter) checkPrivate(ctx context.Context, channelID string) error {
	var ch *slack.Channel
	err := a.retry(ctx, "conversations.info", func() (err error) {
		ch, err = a.api.GetConversationInfoContext(ctx, &slack.GetConversationInfoInput{ChannelID: channelID})
		return err
	})
	switch {
	case slackError(err) == "channel_not_found" || err == nil && !ch.IsMember && !ch.IsMpIM:
		return &bot.NotMemberError{ChannelID: channelID, Invite: invite}
	case slackError(err) == "missing_scope" || err == nil && ch.IsMpIM && !ch.IsMember:
		return fmt.Errorf("channel %s: %w", channelID, bot.ErrPeopleDM)
	case err != nil:
		return fmt.Errorf("conversations.info %s: %w", channelID, err)
	}
	a.joined.set(channelID, true)
	return nil
}

// slackError is the error code of a Slack API error ("not_in_channel"), or "".
func slackError(err error) string {
	var resp slack.SlackErrorResponse
	if errors.As(err, &resp) {
		return resp.Err
	}
	return ""
}
