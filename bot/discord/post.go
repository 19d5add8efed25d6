package discord

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/bwmarrin/discordgo"

	"github.com/backend-tip/backend-tip/bot"
)

// messageCreate is discordgo's MessageSend plus the nonce fields it lacks.
type messageCreate struct {
	*discordgo.MessageSend
	Nonce        string `json:"nonce,omitempty"`
	EnforceNonce bool   `json:"enforce_nonce,omitempty"`
}

// Post sends r to a channel outside any request and returns the id of the
// first message. With r.IdempotencyKey every part carries a nonce with
// enforce_nonce, so Discord returns the earlier message instead of posting
// twice when Post is repeated.
func (a *Adapter) Post(ctx context.Context, channelID string, r bot.Reply) (string, error) {
	ren := render(r)
	first := ""
	for k, chunk := range ren.chunks {
		send := &discordgo.MessageSend{Content: chunk, AllowedMentions: noMentions()}
		if ren.last(k) {
			send.Embeds, send.Components = ren.embeds, ren.components
		}
		body := messageCreate{MessageSend: send}
		if r.IdempotencyKey != "" {
			body.Nonce, body.EnforceNonce = nonce(r.IdempotencyKey, k), true
		}
		endpoint := discordgo.EndpointChannelMessages(channelID)
		raw, err := a.session.RequestWithBucketID("POST", endpoint, body, endpoint, discordgo.WithContext(ctx))
		if err != nil {
			return first, fmt.Errorf("post to %s (part %d of %d): %w", channelID, k+1, len(ren.chunks), permanent(err))
		}
		var msg discordgo.Message
		if err := json.Unmarshal(raw, &msg); err != nil {
			return first, fmt.Errorf("post to %s: decode message: %w", channelID, err)
		}
		if k == 0 {
			first = msg.ID
		}
	}
	if r.ThreadName != "" && first != "" && a.CanStartThread(ctx, channelID) {
		a.startThread(ctx, channelID, first, r.ThreadName)
	}
	return first, nil
}

// CanStartThread reports whether a thread can be started from a message in
// channelID. Discord's Start Thread from Message works in text (0) and
// announcement (5) channels only: not inside a thread (10, 11, 12; a forum
// or media post is one), nor in a DM or a forum itself (400, code 50024).
// The answer is cached per channel; a failed lookup is not (and says no:
// a post there promises no thread it may not get). It is also no where the
// bot is known to lack Create Public Threads or Send Messages in Threads
// (from an interaction's app_permissions or a refused start, 50013).
func (a *Adapter) CanStartThread(ctx context.Context, channelID string) bool {
	if a.threadsDenied(channelID) {
		return false
	}
	if ok, hit := a.threadable.Load(channelID); hit {
		return ok.(bool)
	}
	ch, err := a.channel(ctx, channelID)
	if err != nil {
		a.log.Warn("discord channel lookup failed; posting without a thread", "channel", channelID, "err", err)
		return false
	}
	ok := ch.Type == discordgo.ChannelTypeGuildText || ch.Type == discordgo.ChannelTypeGuildNews
	a.threadable.Store(channelID, ok)
	return ok
}

// nonce derives part k's nonce from the key: the key itself when it fits
// Discord's 25 characters, else a hash of it.
func nonce(key string, k int) string {
	if k == 0 && len(key) <= maxNonce {
		return key
	}
	sum := sha256.Sum256([]byte(key + "#" + strconv.Itoa(k)))
	return hex.EncodeToString(sum[:])[:maxNonce]
}

// DirectMessage sends r to the member privately: POST /users/@me/channels
// opens (or returns) the DM channel, then the message goes there like any
// post. Discord refuses members who share no guild with the bot or block
// DMs from server members (50007); the error says so.
func (a *Adapter) DirectMessage(ctx context.Context, userID string, r bot.Reply) error {
	ch, err := a.session.UserChannelCreate(userID, discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("open DM with %s: %w", userID, err)
	}
	if _, err := a.Post(ctx, ch.ID, r); err != nil {
		return fmt.Errorf("DM %s: %w", userID, err)
	}
	return nil
}

// EnsureMember has nothing to do on Discord: a bot in a guild needs no
// joining to post in its text channels, only permissions (View Channel,
// Send Messages), which the channel's overwrites may deny. Those surface
// when the post is made (50001 Missing Access, 50013 Missing Permissions)
// and the quiz logs them then, as Discord gives no cheaper way to ask.
func (a *Adapter) EnsureMember(context.Context, string) error { return nil }
