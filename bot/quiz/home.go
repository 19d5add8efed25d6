package quiz

import (
	"context"
	"fmt"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/store"
)

// maxHomeScores bounds the leaderboard rows read per channel for one
// user's Home summary.
const maxHomeScores = 1000

// Home summarises a user's study state from what the store keeps: their
// answers, correct answers and streaks in the platform's subscribed
// channels, the channels' daily quiz times, and the roadmap step to read.
// Per-user roadmap progress is not stored yet, so the next step is the
// first one, the guide's starting point.
func (s *Service) Home(ctx context.Context, platform, userID string, lang bot.Lang) (bot.Home, error) {
	var h bot.Home
	if steps := s.facts.Steps; len(steps) > 0 {
		code := langCode(lang)
		h.NextStep, h.NextStepGoal = stepTitle(steps[0], code), steps[0].Goal.In(code)
		h.NextStepCommand = fmt.Sprintf("roadmap %d", steps[0].N)
	}
	subs, err := s.store.Subscriptions(ctx)
	if err != nil {
		return h, fmt.Errorf("home of %s: %w", userID, err)
	}
	for _, sub := range subs {
		plat, channelID := splitChannel(sub.Channel)
		if plat != platform {
			continue
		}
		h.Schedules = append(h.Schedules, bot.HomeSchedule{ChannelID: channelID, When: scheduleText(sub, lang)})
		scores, err := s.store.Leaderboard(ctx, sub.Channel, maxHomeScores)
		if err != nil {
			return h, fmt.Errorf("home of %s: %w", userID, err)
		}
		for _, sc := range scores {
			if sc.UserID != userID {
				continue
			}
			h.Answered += sc.Answered
			h.Correct += sc.Correct
			h.Streak = max(h.Streak, sc.Streak)
			h.BestStreak = max(h.BestStreak, sc.BestStreak)
		}
	}
	return h, nil
}

// scheduleText is "09:00 Asia/Tokyo, weekdays", marked when paused.
func scheduleText(sub store.Subscription, lang bot.Lang) string {
	text := scheduleWhen(sub, lang)
	if !sub.Paused.IsZero() {
		text += lang.Pick("（一時停止中: ボットが投稿できません。`quiz daily` で再開）", " (paused: the bot cannot post there; `quiz daily` resumes it)")
	}
	return text
}

func scheduleWhen(sub store.Subscription, lang bot.Lang) string {
	when := fmt.Sprintf("%02d:%02d %s", sub.Hour, sub.Minute, sub.Zone)
	switch sub.Days {
	case store.AllDays:
		return when + lang.Pick("（毎日）", ", every day")
	case store.Weekdays:
		return when + lang.Pick("（平日）", ", weekdays")
	}
	var days []string
	for d := time.Sunday; d <= time.Saturday; d++ {
		if sub.Days.Has(d) {
			days = append(days, d.String()[:3])
		}
	}
	return fmt.Sprintf("%s, %v", when, days)
}
