package quiz

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/store"
)

// maxReason bounds the platform's error text kept with a paused schedule.
const maxReason = 200

// pauseGone pauses the schedule of a channel the bot can no longer post in
// (err wraps bot.ErrChannelGone): one failed post, not an hour of retries
// that each count as an invalid request. The schedule stays in the store,
// paused, so the channel's status shows it and `quiz daily` there resumes
// it; Tick skips it meanwhile. The member who set it is told once (the
// store reports which call paused it, across replicas). It reports whether
// err was such a failure.
func (s *Service) pauseGone(ctx context.Context, now time.Time, sub store.Subscription, pl bot.Platform, err error) bool {
	if !errors.Is(err, bot.ErrChannelGone) {
		return false
	}
	reason := err.Error()
	if r := []rune(reason); len(r) > maxReason {
		reason = string(r[:maxReason])
	}
	paused, perr := s.store.PauseSubscription(ctx, sub.Channel, now, reason)
	if perr != nil {
		// Not recorded: the next tick tries the post again, which the
		// grace window and the in-memory done cache keep to a few tries.
		s.log.Error("pause quiz schedule", "channel", sub.Channel, "err", perr)
		return true
	}
	if !paused {
		return true // paused already (another replica) or stopped meanwhile
	}
	s.log.Warn("quiz schedule paused: the bot can no longer post in the channel",
		"channel", sub.Channel, "owner", sub.Owner, "time", fmt.Sprintf("%02d:%02d", sub.Hour, sub.Minute), "zone", sub.Zone,
		"err", err)
	if sub.Owner != "" {
		invite := ""
		if nm := (*bot.NotMemberError)(nil); errors.As(err, &nm) {
			invite = nm.Invite
		}
		if nerr := pl.DirectMessage(ctx, sub.Owner, pausedNotice(sub, invite)); nerr != nil {
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
// invite, when the platform said how to add the bot back (Slack:
// "/invite @backend-tip"), is the way back; otherwise it is Discord's
// channel permissions.
func pausedNotice(sub store.Subscription, invite string) bot.Reply {
	_, channelID := splitChannel(sub.Channel)
	lang := sub.Lang
	if invite != "" {
		return bot.Reply{Lang: lang, Text: lang.Pick(
			"<#"+channelID+"> への毎日のクイズを一時停止しました。ボットがこのチャンネルに投稿できなくなったためです（チャンネルから外されました）。設定は残っています。そのチャンネルで `"+invite+"` と招待し直してから `/backend-tip quiz daily` をもう一度実行すると再開します。",
			"The daily quiz in <#"+channelID+"> is paused: the bot can no longer post there (it was removed from the channel). The schedule is kept. Invite the bot back there with `"+invite+"`, then run `/backend-tip quiz daily` in that channel again to resume it.")}
	}
	return bot.Reply{Lang: lang, Text: lang.Pick(
		"<#"+channelID+"> への毎日のクイズを一時停止しました。ボットがこのチャンネルに投稿できなくなったためです（権限が外されたか、チャンネルが削除されました）。設定は残っています。ボットに「チャンネルを見る」「メッセージを送信」「埋め込みリンク」の権限を戻してから、そのチャンネルで `/backend-tip quiz daily` をもう一度実行すると再開します。",
		"The daily quiz in <#"+channelID+"> is paused: the bot can no longer post there (its permissions were removed or the channel was deleted). The schedule is kept. Give the bot back View Channel, Send Messages and Embed Links there, then run `/backend-tip quiz daily` in that channel again to resume it.")}
}
