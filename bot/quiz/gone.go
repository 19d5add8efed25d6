package quiz

import (
	"context"
	"errors"
	"fmt"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/store"
)

// pauseGone stops the schedule of a channel the bot can no longer post in
// (err wraps bot.ErrChannelGone): one failed post, not an hour of retries
// that each count as an invalid request. The schedule is logged in full so
// an operator can restore it; members subscribe again with `quiz daily`
// once the bot is back in the channel. It reports whether it paused.
func (s *Service) pauseGone(ctx context.Context, sub store.Subscription, pl bot.Platform, err error) bool {
	if !errors.Is(err, bot.ErrChannelGone) {
		return false
	}
	if _, derr := s.store.DeleteSubscription(ctx, sub.Channel); derr != nil {
		s.log.Error("pause quiz schedule", "channel", sub.Channel, "err", derr)
		return false
	}
	s.log.Warn("quiz schedule paused: the bot can no longer post in the channel",
		"channel", sub.Channel, "owner", sub.Owner, "time", fmt.Sprintf("%02d:%02d", sub.Hour, sub.Minute), "zone", sub.Zone,
		"days", int(sub.Days), "categories", sub.Categories, "err", err)
	if sub.Owner != "" {
		if nerr := pl.DirectMessage(ctx, sub.Owner, pausedNotice(sub)); nerr != nil {
			s.log.Warn("tell the subscriber the quiz was paused", "channel", sub.Channel, "err", nerr)
		}
	}
	return true
}

// ChannelsGone drops the schedules of channels the platform says the bot
// was removed from (Discord GUILD_DELETE); channelIDs are the platform's
// ids.
func (s *Service) ChannelsGone(ctx context.Context, platform string, channelIDs []string) {
	for _, id := range channelIDs {
		key := platform + ":" + id
		removed, err := s.store.DeleteSubscription(ctx, key)
		switch {
		case err != nil:
			s.log.Error("drop quiz schedule of a removed channel", "channel", key, "err", err)
		case removed:
			s.log.Info("quiz schedule dropped: the bot was removed from the server", "channel", key)
		}
	}
}

// pausedNotice is the private message to the member who set the schedule.
func pausedNotice(sub store.Subscription) bot.Reply {
	_, channelID := splitChannel(sub.Channel)
	lang := sub.Lang
	return bot.Reply{Lang: lang, Text: lang.Pick(
		"<#"+channelID+"> への毎日のクイズを一時停止しました。ボットがこのチャンネルに投稿できなくなったためです（権限が外されたか、チャンネルが削除されました）。権限を戻してから `/backend-tip quiz daily` で再開してください。",
		"The daily quiz in <#"+channelID+"> is paused: the bot can no longer post there (its permissions were removed or the channel was deleted). Give it back View Channel and Send Messages, then run `/backend-tip quiz daily` again.")}
}
