package bot

import "errors"

// ErrChannelGone marks a post that failed for good: the bot was removed
// from the channel, lost its permissions, or the channel no longer exists
// (Discord 403, 10003 Unknown Channel, 50001 Missing Access; Slack
// channel_not_found, not_in_channel). Retrying only burns the platform's
// invalid-request budget, so callers stop instead (the quiz pauses the
// channel's schedule).
var ErrChannelGone = errors.New("the bot can no longer post in this channel")
