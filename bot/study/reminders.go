package study

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/store"
)

// reminderGrace is how late a day's reminder may still go out (a restart
// at 08:40 still sends the 08:30 reminder; one at noon does not).
const reminderGrace = 2 * time.Hour

// remind answers `quiz review daily HH:MM [zone]`.
func (s *Service) remind(ctx context.Context, req bot.Request, args []string, st bot.Stream) error {
	lang := req.Lang
	hour, minute, zone, err := parseTimeZone(args)
	if err != nil {
		st.Done(bot.Reply{Ephemeral: true, Lang: lang, Text: lang.Pick(
			fmt.Sprintf("登録できませんでした: %v\n例: `/backend-tip quiz review daily 08:30 Asia/Tokyo`", err),
			fmt.Sprintf("Could not set the reminder: %v\nExample: `/backend-tip quiz review daily 08:30 Europe/Berlin`", err))})
		return nil
	}
	if zone == "" {
		zone = s.opts.Zone
	}
	r := store.Reminder{Learner: learner(req.Platform, req.UserID), Hour: hour, Minute: minute, Zone: zone, Lang: lang, Since: s.opts.Clock()}
	if err := s.store.PutReminder(ctx, r); err != nil {
		return err
	}
	st.Done(bot.Reply{Ephemeral: true, Lang: lang, Text: lang.Pick(
		fmt.Sprintf("毎日 %02d:%02d (%s) に、復習する問題があればDMでお知らせします。止めるには `/backend-tip quiz review stop`。", hour, minute, zone),
		fmt.Sprintf("Every day at %02d:%02d (%s) you get a DM when items are due. Stop with `/backend-tip quiz review stop`.", hour, minute, zone))})
	return nil
}

// parseTimeZone reads `HH:MM [IANA zone]`.
func parseTimeZone(args []string) (hour, minute int, zone string, err error) {
	if len(args) == 0 || len(args) > 2 {
		return 0, 0, "", errors.New("give a time such as 08:30 and optionally a zone")
	}
	hh, mm, ok := strings.Cut(strings.ReplaceAll(args[0], "：", ":"), ":")
	hour, err1 := strconv.Atoi(hh)
	minute, err2 := strconv.Atoi(mm)
	if !ok || err1 != nil || err2 != nil || hour < 0 || hour > 23 || minute < 0 || minute > 59 || len(mm) != 2 {
		return 0, 0, "", fmt.Errorf("%q is not a time such as 08:30", args[0])
	}
	if len(args) == 2 {
		if strings.EqualFold(args[1], "local") {
			return 0, 0, "", fmt.Errorf("%q is not an IANA time zone such as Asia/Tokyo", args[1])
		}
		if _, err := time.LoadLocation(args[1]); err != nil {
			return 0, 0, "", fmt.Errorf("%q is not an IANA time zone such as Asia/Tokyo or Europe/Berlin", args[1])
		}
		zone = args[1]
	}
	return hour, minute, zone, nil
}

// TickReminders sends each member whose reminder time has come today (in
// their zone) and who has items due one DM through their platform. Each
// member's day is claimed in the store first, so restarts and replicas
// send it at most once; a day with nothing due sends nothing.
func (s *Service) TickReminders(ctx context.Context, now time.Time, dm map[string]bot.DirectMessenger) error {
	rems, err := s.store.Reminders(ctx)
	if err != nil {
		return fmt.Errorf("review reminders: %w", err)
	}
	var errs []error
	for _, r := range rems {
		platform, userID, _ := strings.Cut(r.Learner, ":")
		m := dm[platform]
		if m == nil {
			continue
		}
		loc, err := time.LoadLocation(r.Zone)
		if err != nil {
			continue
		}
		local := now.In(loc)
		at := time.Date(local.Year(), local.Month(), local.Day(), r.Hour, r.Minute, 0, 0, loc)
		date := at.Format("2006-01-02")
		if now.Before(at) || now.Sub(at) > reminderGrace || at.Before(r.Since) || r.LastDate == date {
			continue
		}
		due, err := s.store.DueReviews(ctx, r.Learner, now, maxDueListed+1)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		won, err := s.store.ClaimReminder(ctx, r.Learner, date)
		if err != nil || !won || len(due) == 0 {
			errs = append(errs, err)
			continue
		}
		n := strconv.Itoa(len(due))
		if len(due) > maxDueListed {
			n = strconv.Itoa(maxDueListed) + "+"
		}
		msg := bot.Reply{Lang: r.Lang, Text: r.Lang.Pick(
			fmt.Sprintf("📚 復習する問題が %s 件あります。`/backend-tip quiz review` で始めましょう。", n),
			fmt.Sprintf("📚 You have %s items to review. Start with `/backend-tip quiz review`.", n))}
		if err := m.DirectMessage(ctx, userID, msg); err != nil {
			errs = append(errs, fmt.Errorf("review reminder to %s: %w", r.Learner, err))
		}
	}
	return errors.Join(errs...)
}
