package slack

import (
	"context"
	"fmt"
	"time"

	"github.com/slack-go/slack"

	"github.com/backend-tip/backend-tip/bot"
)

// postEventType marks scheduled posts in message metadata.
const postEventType = "backend_tip_post"

// postKeyTTL is how long an idempotency key is remembered as attempted;
// far longer than any retry of a scheduled post.
const postKeyTTL = 7 * 24 * time.Hour

// Search bounds for an attempted key: pages of conversations.history (200
// messages each, the most Slack recommends) read newest first. A post is
// retried within the quiz's grace window, so a busy channel would need
// more than a thousand messages in that time to hide it.
const (
	searchPageSize = 200
	searchPages    = 5
)

// CanStartThread is always true: every Slack message can have a thread.
func (a *Adapter) CanStartThread(context.Context, string) bool { return true }

// Post sends r to a channel outside any request and returns the message ts.
//
// Public channels the bot is not in are joined first (a failure to join
// is logged; chat:write.public may still let the post through). With an
// IdempotencyKey the key is recorded in the store before posting; only a
// key recorded before (a crash or error between posting and recording)
// makes it look for a message carrying the key in its metadata, page by
// page through the channel's history, before posting again. A first post
// reads no history at all.
func (a *Adapter) Post(ctx context.Context, channelID string, r bot.Reply) (string, error) {
	if err := a.EnsureMember(ctx, channelID); err != nil {
		a.log.Warn("posting without being in the channel", "channel", channelID, "err", err)
	}
	var extra []slack.MsgOption
	if key := r.IdempotencyKey; key != "" {
		ts, err := a.attempted(ctx, channelID, key)
		if err != nil {
			return "", fmt.Errorf("post to %s: %w", channelID, err)
		}
		if ts != "" {
			return ts, nil
		}
		extra = append(extra, slack.MsgOptionMetadata(slack.SlackMetadata{
			EventType:    postEventType,
			EventPayload: map[string]any{"key": key},
		}))
	}
	msgs := renderReply(r)
	ts, err := a.postMessage(ctx, channelID, "", msgs[0], extra...)
	if err != nil {
		if code := slackError(err); gone[code] {
			a.joined.set(channelID, false)
			if code == "channel_not_found" || code == "not_in_channel" {
				// Removed from the channel: inviting the bot back is the way.
				err = fmt.Errorf("%w (%w)", err, &bot.NotMemberError{ChannelID: channelID, Invite: invite})
			}
			return "", fmt.Errorf("post to %s: %w: %w", channelID, bot.ErrChannelGone, err)
		}
		return "", fmt.Errorf("post to %s: %w", channelID, err)
	}
	a.postRest(ctx, channelID, ts, msgs[1:])
	return ts, nil
}

// gone are chat.postMessage's errors that asking again will not change:
// the bot was removed from a private channel (which then is
// channel_not_found to it), cannot post in the channel (not_in_channel,
// a channel where only some members may post), or the channel was
// archived. The quiz pauses the channel's schedule on them instead of
// retrying the slot for an hour every day.
var gone = map[string]bool{
	"channel_not_found": true, "not_in_channel": true, "is_archived": true,
	"restricted_action": true, "restricted_action_read_only_channel": true,
}

// attempted records key as attempted and, when it was attempted before,
// returns the ts of the message posted with it ("" when there is none).
func (a *Adapter) attempted(ctx context.Context, channelID, key string) (string, error) {
	first, err := a.opts.Store.MarkEvent(ctx, "slack:post:"+key, postKeyTTL)
	if err != nil {
		// Without the record, look: a duplicate post is worse than a read.
		a.log.Warn("post key not recorded; looking for an earlier post", "key", key, "err", err)
	} else if first {
		return "", nil
	}
	return a.findPosted(ctx, channelID, key)
}

// findPosted returns the ts of a message posted with key, or "", reading at
// most searchPages pages of the channel's history, newest first.
func (a *Adapter) findPosted(ctx context.Context, channelID, key string) (string, error) {
	cursor := ""
	for range searchPages {
		var resp *slack.GetConversationHistoryResponse
		err := a.retry(ctx, "conversations.history", func() (err error) {
			resp, err = a.api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{
				ChannelID: channelID, Limit: searchPageSize, Cursor: cursor, IncludeAllMetadata: true,
			})
			return err
		})
		if err != nil {
			return "", err
		}
		for _, m := range resp.Messages {
			if m.Metadata.EventType == postEventType && fmt.Sprint(m.Metadata.EventPayload["key"]) == key {
				return m.Timestamp, nil
			}
		}
		cursor = resp.ResponseMetaData.NextCursor
		if !resp.HasMore || cursor == "" {
			break
		}
	}
	return "", nil
}

// DirectMessage sends r to the member privately: conversations.open (Tier
// 3, scope im:write) opens or returns the DM with them, then the message
// goes there like any post.
func (a *Adapter) DirectMessage(ctx context.Context, userID string, r bot.Reply) error {
	dm, err := a.ownDM(ctx, userID)
	if err != nil {
		return err
	}
	if _, err := a.Post(ctx, dm, r); err != nil {
		return fmt.Errorf("DM %s: %w", userID, err)
	}
	return nil
}
