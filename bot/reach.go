package bot

import (
	"context"
	"fmt"
)

// Member is a platform that can only post in channels it belongs to and
// may be able to join some of them itself (Slack: public channels with
// conversations.join). A daily quiz checks it before promising posts.
type Member interface {
	// EnsureMember makes the bot a member of channelID when it can, and
	// returns a *NotMemberError when only a person can add it.
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
