package discord

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/bwmarrin/discordgo"

	"github.com/backend-tip/backend-tip/bot"
)

// Discord JSON error codes that no retry fixes for a channel.
const (
	codeUnknownChannel     = 10003
	codeMissingAccess      = 50001
	codeMissingPermissions = 50013
)

// permanent wraps err with bot.ErrChannelGone when Discord said the bot may
// never post there: 403 (Missing Access, Missing Permissions) or 404
// Unknown Channel. Each such request counts toward Discord's 10 000
// invalid requests per 10 minutes, after which the IP is banned, so a
// permanent failure must stop the caller rather than be retried.
func permanent(err error) error {
	var re *discordgo.RESTError
	if !errors.As(err, &re) || re.Response == nil {
		return err
	}
	code := 0
	if re.Message != nil {
		code = re.Message.Code
	}
	switch {
	case re.Response.StatusCode == http.StatusForbidden,
		code == codeUnknownChannel, code == codeMissingAccess, code == codeMissingPermissions:
		return fmt.Errorf("%w: %w", bot.ErrChannelGone, err)
	}
	return err
}

// onGuildDelete forgets a guild the bot was removed from (kicked, banned,
// or the guild deleted): the channels' quiz schedules go, so nothing posts
// into a guild that refuses the bot. An outage (unavailable: true) keeps
// everything. The guild's channels come from the gateway state as it was
// before the delete.
func (a *Adapter) onGuildDelete(_ *discordgo.Session, ev *discordgo.GuildDelete) {
	if ev == nil || ev.Guild == nil || ev.Unavailable || a.opts.ChannelsGone == nil {
		return
	}
	var channels []string
	if before := ev.BeforeDelete; before != nil {
		for _, ch := range before.Channels {
			channels = append(channels, ch.ID)
		}
		for _, th := range before.Threads {
			channels = append(channels, th.ID)
		}
	}
	a.log.Info("discord guild removed the bot; dropping its channels' schedules", "guild", ev.ID, "channels", len(channels))
	if len(channels) == 0 {
		return
	}
	a.goWork("guild-delete", func(ctx context.Context) { a.opts.ChannelsGone(ctx, channels) })
}
