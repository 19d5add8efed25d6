package quiz

// Scheduling is plain time math with time.LoadLocation rather than a cron
// library: the ledger needs "the slot of local date D" (its key) and "how
// late is that slot now" (the grace window), which time.Date in the
// channel's zone gives directly, including DST (a 02:30 slot on a
// spring-forward day lands at 03:30, a fall-back day's repeated hour still
// yields one slot because the key is the date). A cron entry per channel
// would only say "next run", and catch-up after a restart would still need
// this math.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/store"
)

// dayNames maps day words of `quiz daily` to weekdays.
var dayNames = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

// daily is a parsed `quiz daily`.
type daily struct {
	hour, minute int
	zone         string // empty: the default
	days         store.Days
	categories   []string // empty: every category
}

// parseDaily reads `HH:MM [zone] [weekdays|mon,wed,fri] [category,...]`
// (zone, days and categories in any order). category resolves a word to a
// bank category (nil: no categories accepted).
func parseDaily(args []string, category func(string) (string, bool)) (daily, error) {
	if len(args) == 0 {
		return daily{}, errors.New("missing time")
	}
	var d daily
	var rest []string
	for _, a := range args[1:] {
		cats, ok := categoryList(a, category)
		if !ok {
			rest = append(rest, a)
			continue
		}
		if d.categories != nil {
			return daily{}, fmt.Errorf("unexpected %q: give the categories as one comma-separated list", a)
		}
		d.categories = cats
	}
	hour, minute, zone, days, err := parseDailyWhen(append([]string{args[0]}, rest...))
	if err != nil {
		return daily{}, err
	}
	d.hour, d.minute, d.zone, d.days = hour, minute, zone, days
	return d, nil
}

// categoryList reads "team,databases" when every word is a category.
func categoryList(a string, category func(string) (string, bool)) ([]string, bool) {
	if category == nil {
		return nil, false
	}
	var out []string
	for _, w := range strings.Split(a, ",") {
		c, ok := category(strings.TrimSpace(w))
		if !ok {
			return nil, false
		}
		out = append(out, c)
	}
	return out, len(out) > 0
}

// parseDailyWhen reads `HH:MM [zone] [weekdays|mon,wed,fri]` (zone and days
// in any order). An empty zone means the default.
func parseDailyWhen(args []string) (hour, minute int, zone string, days store.Days, err error) {
	if len(args) == 0 {
		return 0, 0, "", 0, errors.New("missing time")
	}
	hh, mm, ok := strings.Cut(strings.ReplaceAll(args[0], "：", ":"), ":")
	hour, err1 := strconv.Atoi(hh)
	minute, err2 := strconv.Atoi(mm)
	if !ok || err1 != nil || err2 != nil || hour < 0 || hour > 23 || minute < 0 || minute > 59 || len(mm) != 2 {
		return 0, 0, "", 0, fmt.Errorf("%q is not a time such as 09:00", args[0])
	}
	days = store.AllDays
	for _, a := range args[1:] {
		switch low := strings.ToLower(a); {
		case low == "weekdays" || a == "平日":
			days = store.Weekdays
		case low == "everyday" || low == "daily" || a == "毎日":
			days = store.AllDays
		case isDayList(low):
			days = 0
			for _, d := range strings.Split(low, ",") {
				days |= 1 << uint(dayNames[d[:3]])
			}
		default:
			if zone != "" {
				return 0, 0, "", 0, fmt.Errorf("unexpected %q", a)
			}
			if strings.EqualFold(a, "local") {
				return 0, 0, "", 0, fmt.Errorf("%q is not an IANA time zone such as Asia/Tokyo", a)
			}
			if _, err := time.LoadLocation(a); err != nil {
				return 0, 0, "", 0, fmt.Errorf("%q is not an IANA time zone such as Asia/Tokyo or Europe/Berlin", a)
			}
			zone = a
		}
	}
	return hour, minute, zone, days, nil
}

func isDayList(s string) bool {
	for _, d := range strings.Split(s, ",") {
		if len(d) < 3 {
			return false
		}
		if _, ok := dayNames[d[:3]]; !ok {
			return false
		}
	}
	return true
}

func (s *Service) subscribe(ctx context.Context, req bot.Request, args []string, st bot.Stream) error {
	lang := req.Lang
	current, ok, err := s.mayChange(ctx, req, st)
	if !ok {
		return err
	}
	d, err := parseDaily(args, s.category)
	hour, minute, zone, days := d.hour, d.minute, d.zone, d.days
	if err != nil {
		weekdaysJA, weekdaysEN := "末尾に `weekdays`", "add `weekdays`"
		if req.Platform == "discord" { // options there, not words
			weekdaysJA, weekdaysEN = "`days` で「平日」を選択", "pick *weekdays* in the `days` option"
		}
		st.Done(bot.Reply{Ephemeral: true, Lang: lang, Text: lang.Pick(
			fmt.Sprintf("登録できませんでした: %v\n例: `/backend-tip quiz daily 09:00 Asia/Tokyo` (平日のみ: %s)", err, weekdaysJA),
			fmt.Sprintf("Could not subscribe: %v\nExample: `/backend-tip quiz daily 09:00 Europe/Berlin` (%s for Monday to Friday)", err, weekdaysEN))})
		return nil
	}
	if zone == "" {
		zone = s.opts.Zone
	}
	if refused, err := s.checkMember(ctx, req, st); refused || err != nil {
		return err
	}
	// The owner stays the member who first subscribed the channel when a
	// moderator changes the time.
	owner := req.UserID
	if current != nil && current.Owner != "" {
		owner = current.Owner
	}
	sub := store.Subscription{Channel: req.ChannelKey(), Hour: hour, Minute: minute, Zone: zone, Days: days, Lang: lang, Since: s.opts.Clock(),
		Categories: d.categories, Owner: owner}
	if err := s.store.PutSubscription(ctx, sub); err != nil { // clears a pause
		return err
	}
	loc, _ := time.LoadLocation(zone) // validated above
	next := nextSlot(sub, loc, s.opts.Clock())
	when := lang.Pick("毎日", "every day")
	if days == store.Weekdays {
		when = lang.Pick("平日", "every weekday")
	} else if days != store.AllDays {
		when = lang.Pick("指定の曜日", "on the chosen days")
	}
	text := lang.Pick(
		fmt.Sprintf("このチャンネルに%s %02d:%02d (%s) にクイズを投稿します。次回: %s", when, hour, minute, zone, bot.ShowTime(req.Platform, next, lang)),
		fmt.Sprintf("This channel gets a quiz %s at %02d:%02d (%s). Next: %s", when, hour, minute, zone, bot.ShowTime(req.Platform, next, lang)))
	if len(d.categories) > 0 {
		text += lang.Pick("\nカテゴリ: ", "\nCategories: ") + strings.Join(d.categories, ", ")
	}
	if current != nil && !current.Paused.IsZero() {
		text += lang.Pick("\n一時停止していた毎日のクイズを再開しました。", "\nThe paused daily quiz is resumed.")
	}
	st.Done(bot.Reply{Lang: lang, Text: text})
	return nil
}

// slot is one scheduled post of a channel: its local date (the ledger key)
// and the instant it is due.
type slot struct {
	date string
	at   time.Time
}

// slotOn returns the slot of sub on the local date y-m-d in loc. A time
// that does not exist that day (in a spring-forward gap) moves on by the
// gap: 02:30 becomes 03:30. A time that exists twice (fall back) is its
// first occurrence; the date key keeps it to one post either way.
func slotOn(sub store.Subscription, loc *time.Location, y int, m time.Month, d int) slot {
	at := time.Date(y, m, d, sub.Hour, sub.Minute, 0, 0, loc)
	want := time.Duration(sub.Hour)*time.Hour + time.Duration(sub.Minute)*time.Minute
	shown := time.Duration(at.Hour())*time.Hour + time.Duration(at.Minute())*time.Minute
	if at.Day() == d && shown < want {
		at = at.Add(want - shown)
	}
	return slot{date: fmt.Sprintf("%04d-%02d-%02d", y, m, d), at: at}
}

// recentSlots returns the slots of yesterday and today (local dates of now
// in loc) that are due by now and not before the schedule was set, oldest
// first. Older misses are not looked at: a bot down for days simply resumes.
func recentSlots(sub store.Subscription, loc *time.Location, now time.Time) []slot {
	local := now.In(loc)
	var out []slot
	for _, back := range []int{-1, 0} {
		day := time.Date(local.Year(), local.Month(), local.Day()+back, 12, 0, 0, 0, loc)
		if !sub.Days.Has(day.Weekday()) {
			continue
		}
		sl := slotOn(sub, loc, day.Year(), day.Month(), day.Day())
		if sl.at.After(now) || sl.at.Before(sub.Since) {
			continue
		}
		out = append(out, sl)
	}
	return out
}

// nextSlot is when sub posts next after now.
func nextSlot(sub store.Subscription, loc *time.Location, now time.Time) time.Time {
	local := now.In(loc)
	for ahead := 0; ahead <= 8; ahead++ {
		day := time.Date(local.Year(), local.Month(), local.Day()+ahead, 12, 0, 0, 0, loc)
		if !sub.Days.Has(day.Weekday()) {
			continue
		}
		sl := slotOn(sub, loc, day.Year(), day.Month(), day.Day())
		if sl.at.After(now) && !sl.at.Before(sub.Since) {
			return sl.at
		}
	}
	return time.Time{}
}

// slotKey is the idempotency key of a slot's post: the same for every retry
// of the slot, and at most 25 bytes (Discord's nonce limit).
func slotKey(channel, date string) string {
	sum := sha256.Sum256([]byte(channel + "|" + date))
	return "btq-" + hex.EncodeToString(sum[:8])
}

// doneTTL is how long a finished slot stays in the in-memory cache: past
// the two local dates Tick ever looks at.
const doneTTL = 72 * time.Hour

// Tick posts every slot due at now through platforms (keyed by platform
// name). Each channel's slot is claimed in the ledger before posting and
// recorded after, so that ticks from restarts, overlapping runs or a crash
// in between produce exactly one post per (channel, local date).
func (s *Service) Tick(ctx context.Context, now time.Time, platforms map[string]bot.Platform) error {
	subs, err := s.store.Subscriptions(ctx)
	if err != nil {
		return fmt.Errorf("quiz tick: %w", err)
	}
	var errs []error
	for _, sub := range subs {
		if !sub.Paused.IsZero() {
			continue // refused for good; `quiz daily` there resumes it
		}
		if err := s.tickChannel(ctx, now, sub, platforms); err != nil {
			errs = append(errs, fmt.Errorf("quiz tick %s: %w", sub.Channel, err))
		}
	}
	s.pruneDone(now)
	return errors.Join(errs...)
}

func (s *Service) tickChannel(ctx context.Context, now time.Time, sub store.Subscription, platforms map[string]bot.Platform) error {
	loc, err := s.location(sub.Zone)
	if err != nil {
		return fmt.Errorf("zone %q: %w", sub.Zone, err)
	}
	platformName, _ := splitChannel(sub.Channel)
	pl := platforms[platformName]
	if pl == nil {
		return nil // that platform is not running in this process
	}
	for _, sl := range recentSlots(sub, loc, now) {
		cacheKey := sub.Channel + "|" + sl.date
		if s.isDone(cacheKey) {
			continue
		}
		if late := now.Sub(sl.at); late > s.opts.Grace {
			changed, err := s.store.SkipSlot(ctx, sub.Channel, sl.date)
			if err != nil {
				return err
			}
			if changed {
				s.log.Warn("quiz slot missed beyond the grace window, skipped",
					"channel", sub.Channel, "date", sl.date, "due", sl.at, "late", late.Round(time.Second).String(), "grace", s.opts.Grace.String())
			}
			s.markDone(cacheKey, now)
			continue
		}
		err := s.postSlot(ctx, now, sub, sl, pl)
		if errors.Is(err, store.ErrSlotBusy) {
			// Another replica holds the claim: it posts, or after its lease
			// a later tick here takes over. Not an error, and not done yet.
			s.log.Debug("quiz slot claimed by another replica", "channel", sub.Channel, "date", sl.date)
			continue
		}
		if s.pauseGone(ctx, now, sub, pl, err) {
			// No further slots and no retries, even if the pause could not
			// be recorded: this process is done with the slot.
			s.markDone(cacheKey, now)
			return nil
		}
		if err != nil {
			return err
		}
		s.markDone(cacheKey, now)
	}
	return nil
}

// postSlot claims, posts and records one slot. Every step can be retried:
// the claim returns the earlier post, and the platform drops a repeated
// post with the same idempotency key.
func (s *Service) postSlot(ctx context.Context, now time.Time, sub store.Subscription, sl slot, pl bot.Platform) error {
	q, err := s.pickQuestion(ctx, sub.Channel, sub.Categories)
	if err != nil {
		return err
	}
	p := store.Post{ID: s.opts.NewID(), QuestionID: q.ID, Lang: sub.Lang, CreatedAt: now}
	p, state, err := s.store.ClaimSlot(ctx, sub.Channel, sl.date, p)
	if err != nil || state == store.SlotDone {
		return err
	}
	if state == store.SlotPending {
		s.log.Info("retrying a quiz slot claimed before", "channel", sub.Channel, "date", sl.date, "post", p.ID)
	}
	q, ok := s.byID[p.QuestionID]
	if !ok { // the bank changed since the claim
		if q, err = s.pickQuestion(ctx, sub.Channel, sub.Categories); err != nil {
			return err
		}
	}
	if err := s.revealPending(ctx, sub.Channel, pl); err != nil {
		return err
	}
	_, channelID := splitChannel(sub.Channel)
	reply := questionReply(q, p, p.Lang, pl.CanStartThread(ctx, channelID))
	reply.IdempotencyKey = slotKey(sub.Channel, sl.date)
	msgID, err := pl.Post(ctx, channelID, reply)
	if err != nil {
		return fmt.Errorf("post slot %s: %w", sl.date, err)
	}
	if err := s.store.MarkPosted(ctx, p.ID, msgID, now); err != nil {
		return err
	}
	s.log.Info("quiz posted", "channel", sub.Channel, "date", sl.date, "question", q.ID, "late", now.Sub(sl.at).Round(time.Second).String())
	return nil
}

// location caches loaded zones: time.LoadLocation reads the zone database
// on every call, and ticks run every few seconds for every channel.
func (s *Service) location(name string) (*time.Location, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if loc, ok := s.zones[name]; ok {
		return loc, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	s.zones[name] = loc
	return loc, nil
}

func (s *Service) isDone(key string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.done[key]
	return ok
}

func (s *Service) markDone(key string, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.done[key] = now
}

func (s *Service) pruneDone(now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, at := range s.done {
		if now.Sub(at) > doneTTL {
			delete(s.done, k)
		}
	}
}

// Run ticks every interval until ctx ends, logging failures (a failed slot
// is retried on the next tick while within the grace window).
func (s *Service) Run(ctx context.Context, every time.Duration, platforms map[string]bot.Platform) error {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if err := s.Tick(ctx, s.opts.Clock(), platforms); err != nil {
			s.log.Error("quiz schedule", "err", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// checkMember makes sure the platform can post in the channel before the
// schedule promises daily posts: it joins where it may, and refuses at once
// (with how to invite the bot) where only a person can add it.
func (s *Service) checkMember(ctx context.Context, req bot.Request, st bot.Stream) (refused bool, err error) {
	pl := s.Platform(req.Platform)
	if pl == nil {
		return false, nil
	}
	err = pl.EnsureMember(ctx, req.ChannelID)
	var nm *bot.NotMemberError
	switch {
	case errors.As(err, &nm):
		lang := req.Lang
		st.Done(bot.Reply{Ephemeral: true, Lang: lang, Text: lang.Pick(
			fmt.Sprintf("このチャンネルにはまだ投稿できません（ボットが参加していないプライベートチャンネルです）。先に `%s` で招待してから、もう一度 `quiz daily` を実行してください。", nm.Invite),
			fmt.Sprintf("I can't post in this channel yet: it is private and I'm not in it. Invite me with `%s`, then run `quiz daily` again.", nm.Invite))})
		return true, nil
	case errors.Is(err, bot.ErrPeopleDM):
		lang := req.Lang
		st.Done(bot.Reply{Ephemeral: true, Lang: lang, Text: lang.Pick(
			"人どうしの DM には投稿できません。ボットとの DM（アプリの「メッセージ」タブ）かチャンネルで `quiz daily` を実行してください。",
			"I can't post in a DM between people. Run `quiz daily` in my Messages tab (a DM with me) or in a channel.")})
		return true, nil
	case err != nil:
		// Joining failed for another reason (a scope, Slack down): the post
		// itself may still work, so subscribe and let the logs tell.
		s.log.Warn("could not make sure the bot is in the channel", "channel", req.ChannelKey(), "err", err)
	}
	return false, nil
}
