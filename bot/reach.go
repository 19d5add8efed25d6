package bot

import (
	"context"
	"errors"
	"fmt"
)

// Member is the part of a Platform that makes sure the bot can post in a
// channel. On Slack the bot can only post in channels it belongs to and
// may join public ones itself (conversations.join); a private one needs a
// person to invite it. Platforms without that notion (the console; Discord,
// where channel access is a matter of permissions that show up when the
// bot posts) return nil. A daily quiz asks before promising posts.
type Member interface {
	// EnsureMember makes the bot a member of channelID when it can, and
	// returns a *NotMemberError when only a person can add it, and
	// ErrPeopleDM when nobody can (a DM between people).
	EnsureMember(ctx context.Context, channelID string) error
}

// NotMemberError says the bot cannot post in a channel until someone
// invites it; Invite is what to type there ("/invite @backend-tip").
type NotMemberError struct {
	ChannelID string
	Invite    string
}

func (e *NotMemberError) Error() string {
	return fmt.Sprintf("not a member of %s (invite with %s)", e.ChannelID, e.Invite)
}

// ErrPeopleDM says the channel is a direct message between people (a
// one-to-one DM or a group DM) that the bot is not part of. Slack lets a
// slash command run there, but the bot can post nothing in it and sees none
// of its messages, and nobody can invite it: the bot's own DM or a channel
// is the place for what must be posted or answered there.
var ErrPeopleDM = errors.New("a direct message between people: the bot is not part of it")
