package main

import (
	"context"
	"fmt"
	"net/http"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/discord"
	"github.com/backend-tip/backend-tip/bot/platform"
)

// wireDiscord builds the Discord adapter when configured and mounts its HTTP
// route; it returns nil when Discord is not configured.
func (a *app) wireDiscord(_ context.Context, mux *http.ServeMux) (bot.Platform, error) {
	if !a.cfg.DiscordEnabled() {
		return nil, nil
	}
	d, err := discord.New(discord.Options{
		BotToken:       a.cfg.DiscordBotToken.Value(),
		AppID:          a.cfg.DiscordAppID,
		PublicKey:      a.cfg.DiscordPublicKey,
		Gateway:        a.cfg.DiscordGateway,
		GuildID:        a.cfg.DiscordGuildID,
		APIURL:         a.cfg.DiscordAPIURL,
		ShardID:        a.cfg.DiscordShardID,
		ShardCount:     a.cfg.DiscordShardCount,
		Router:         a.router,
		Logger:         a.log,
		Clock:          a.clock,
		StreamInterval: a.cfg.StreamInterval,
		DefaultZone:    a.cfg.Timezone,
		Feedback:       a.recordFeedback,
		ChannelsGone: func(ctx context.Context, ids []string) {
			if a.quiz != nil {
				a.quiz.ChannelsGone(ctx, "discord", ids)
			}
		},
		Runtime:   a.runtime,
		Commands:  a.router.Commands(),
		Replays:   a.discordReplays(),
		Transport: a.userAgent(nil),
	})
	if err != nil {
		return nil, fmt.Errorf("discord: %w", err)
	}
	if a.cfg.DiscordPublicKey != "" {
		mux.Handle("POST /discord/interactions", d.InteractionsHandler())
	}
	return d, nil
}

// discordReplays is the store that remembers interaction ids, so a replay
// is refused across restarts and replicas; nil (in memory) without state.
func (a *app) discordReplays() platform.Marker {
	if a.store == nil {
		return nil // a typed nil would hide the missing store from New
	}
	return a.store
}
