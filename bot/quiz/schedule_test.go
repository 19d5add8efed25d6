package quiz

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/store"
	"github.com/backend-tip/backend-tip/internal/testkit"
)

func TestParseDaily(t *testing.T) {
	tests := []struct {
		args    string
		hour    int
		minute  int
		zone    string
		days    store.Days
		cats    string
		wantErr bool
	}{
		{args: "09:00", hour: 9, days: store.AllDays},
		{args: "7:05 Europe/Berlin", hour: 7, minute: 5, zone: "Europe/Berlin", days: store.AllDays},
		{args: "18:30 weekdays America/New_York", hour: 18, minute: 30, zone: "America/New_York", days: store.Weekdays},
		{args: "08：15 平日", hour: 8, minute: 15, days: store.Weekdays},
		{args: "06:00 mon,wed,fri", hour: 6, days: 1<<time.Monday | 1<<time.Wednesday | 1<<time.Friday},
		{args: "", wantErr: true},
		{args: "24:00", wantErr: true},
		{args: "9:7", wantErr: true},
		{args: "noon", wantErr: true},
		{args: "09:00 Mars/Olympus", wantErr: true},
		{args: "09:00 Local", wantErr: true},
		{args: "09:00 Asia/Tokyo Europe/Berlin", wantErr: true},
		{args: "09:00 Asia/Tokyo weekdays team,database", hour: 9, zone: "Asia/Tokyo", days: store.Weekdays, cats: "team,databases"},
		{args: "10:00 security", hour: 10, days: store.AllDays, cats: "security"},
		{args: "10:00 security team", wantErr: true},
		{args: "10:00 team,nosuch", wantErr: true},
	}
	category := func(w string) (string, bool) {
		c, ok := map[string]string{"team": "team", "database": "databases", "databases": "databases", "security": "security"}[w]
		return c, ok
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			d, err := parseDaily(strings.Fields(tt.args), category)
			h, m, zone, days := d.hour, d.minute, d.zone, d.days
			if tt.wantErr {
				if err == nil {
					t.Fatalf("want an error, got %d:%d %s", h, m, zone)
				}
				return
			}
			if err != nil || h != tt.hour || m != tt.minute || zone != tt.zone || days != tt.days || strings.Join(d.categories, ",") != tt.cats {
				t.Fatalf("got %d:%d %q %b %v %v; want %d:%d %q %b %s", h, m, zone, days, d.categories, err, tt.hour, tt.minute, tt.zone, tt.days, tt.cats)
			}
		})
	}
}

// TestScheduleAcrossDST ticks every 5 minutes through DST changes and checks
// exactly one post per local date, at the slot instant the zone library
// gives (a time in the spring-forward gap moves on by the gap).
func TestScheduleAcrossDST(t *testing.T) {
	tests := []struct {
		name, zone, hhmm string
		from             string // local date the run starts (00:00)
		days             int
		gapDay           string // local date whose slot falls in a DST gap
		gapUTC           time.Time
	}{
		{name: "New York spring forward", zone: "America/New_York", hhmm: "02:30", from: "2026-03-07", days: 3,
			gapDay: "2026-03-08", gapUTC: time.Date(2026, 3, 8, 7, 30, 0, 0, time.UTC)},
		{name: "New York fall back", zone: "America/New_York", hhmm: "01:30", from: "2026-10-31", days: 3},
		{name: "Berlin spring forward", zone: "Europe/Berlin", hhmm: "02:30", from: "2026-03-28", days: 3,
			gapDay: "2026-03-29", gapUTC: time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC)},
		{name: "Berlin fall back", zone: "Europe/Berlin", hhmm: "02:30", from: "2026-10-24", days: 3},
		{name: "Tokyo (no DST)", zone: "Asia/Tokyo", hhmm: "00:00", from: "2026-12-30", days: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc := testkit.Zone(t, tt.zone)
			from, _ := time.ParseInLocation("2006-01-02", tt.from, loc)
			h := newHarness(t, from.Add(-time.Minute))
			if r := h.command("C1", "quiz daily "+tt.hhmm+" "+tt.zone, bot.English); !strings.Contains(r.Text, tt.zone) {
				t.Fatalf("subscribe reply: %s", r.Text)
			}
			postedAt := map[string]time.Time{} // local date → tick instant
			seen := 0
			end := from.AddDate(0, 0, tt.days)
			for now := from; now.Before(end); now = now.Add(5 * time.Minute) {
				if err := h.tick(now); err != nil {
					t.Fatal(err)
				}
				posts := questionPosts(h.pl.Messages())
				for range posts[seen:] {
					date := now.In(loc).Format("2006-01-02")
					if _, dup := postedAt[date]; dup {
						t.Fatalf("second post on %s at %s", date, now)
					}
					postedAt[date] = now
				}
				seen = len(posts)
			}
			if len(postedAt) != tt.days {
				t.Fatalf("posted on %d local dates (%v), want %d", len(postedAt), postedAt, tt.days)
			}
			sub := store.Subscription{}
			fmt.Sscanf(tt.hhmm, "%d:%d", &sub.Hour, &sub.Minute)
			for date, at := range postedAt {
				d, _ := time.ParseInLocation("2006-01-02", date, loc)
				want := slotOn(sub, loc, d.Year(), d.Month(), d.Day()).at
				if !at.Equal(want) {
					t.Errorf("%s: posted at %s, want the slot instant %s", date, at.UTC(), want.UTC())
				}
				if date == tt.gapDay && !at.Equal(tt.gapUTC) {
					t.Errorf("gap day %s: posted at %s, want %s", date, at.UTC(), tt.gapUTC)
				}
			}
		})
	}
}

func TestTwoChannelsDifferentZones(t *testing.T) {
	start := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	h := newHarness(t, start)
	h.command("CTOKYO", "quiz daily 09:00", bot.Japanese) // default zone Asia/Tokyo
	h.command("CBERLIN", "quiz daily 09:00 Europe/Berlin", bot.English)
	for now := start; now.Before(start.Add(24 * time.Hour)); now = now.Add(10 * time.Minute) {
		if err := h.tick(now); err != nil {
			t.Fatal(err)
		}
	}
	posts := questionPosts(h.pl.Messages())
	if len(posts) != 2 {
		t.Fatalf("posts = %d, want 2", len(posts))
	}
	want := map[string]bot.Lang{"CTOKYO": bot.Japanese, "CBERLIN": bot.English}
	for _, m := range posts {
		lang, ok := want[m.ChannelID]
		if !ok || m.Reply.Lang != lang {
			t.Errorf("post in %s lang %s", m.ChannelID, m.Reply.Lang)
		}
		delete(want, m.ChannelID)
	}
	// Order: Tokyo 09:00 JST is 00:00 UTC, Berlin 09:00 CET is 08:00 UTC.
	if posts[0].ChannelID != "CTOKYO" {
		t.Errorf("first post in %s, want CTOKYO", posts[0].ChannelID)
	}
}

func TestMissedSlotGrace(t *testing.T) {
	slot := testkit.Tokyo(t, "2026-12-02 09:00")
	tests := []struct {
		name     string
		downFor  time.Duration // bot comes back this long after the slot
		wantPost bool
	}{
		{"on time", 0, true},
		{"late within grace", 40 * time.Minute, true},
		{"exactly at grace", time.Hour, true},
		{"beyond grace", 61 * time.Minute, false},
		{"next day", 20 * time.Hour, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, slot.Add(-24*time.Hour))
			h.command("C1", "quiz daily 09:00", bot.Japanese)
			h.restart()
			if err := h.tick(slot.Add(tt.downFor)); err != nil {
				t.Fatal(err)
			}
			got := len(questionPosts(h.pl.Messages())) == 1
			if got != tt.wantPost {
				t.Fatalf("posted = %v, want %v", got, tt.wantPost)
			}
			if !tt.wantPost && !strings.Contains(h.logs.String(), "skipped") {
				t.Errorf("skip not logged: %s", h.logs.String())
			}
			// the following day's slot is posted normally, once
			next := slot.AddDate(0, 0, 1)
			for _, at := range []time.Time{next, next.Add(time.Minute)} {
				if err := h.tick(at); err != nil {
					t.Fatal(err)
				}
			}
			want := 1
			if tt.wantPost {
				want = 2
			}
			if n := len(questionPosts(h.pl.Messages())); n != want {
				t.Fatalf("after next day: %d posts, want %d", n, want)
			}
		})
	}
}

func TestSubscribeStartsAfterNow(t *testing.T) {
	now := testkit.Tokyo(t, "2026-12-02 09:10")
	h := newHarness(t, now)
	r := h.command("C1", "quiz daily 09:00", bot.English)
	if !strings.Contains(r.Text, "2026-12-03 09:00") {
		t.Errorf("next slot not tomorrow: %s", r.Text)
	}
	if err := h.tick(now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if n := len(h.pl.Messages()); n != 0 {
		t.Fatalf("a slot before the subscription was posted (%d)", n)
	}
	if r := h.command("C1", "quiz stop", bot.English); !strings.Contains(r.Text, "stopped") {
		t.Errorf("stop: %s", r.Text)
	}
	if err := h.tick(now.Add(24 * time.Hour)); err != nil {
		t.Fatal(err)
	}
	if n := len(h.pl.Messages()); n != 0 {
		t.Fatalf("posted after stop (%d)", n)
	}
	if r := h.command("C1", "quiz stop", bot.English); !strings.Contains(r.Text, "no daily quiz") {
		t.Errorf("second stop: %s", r.Text)
	}
	if r := h.command("C1", "quiz daily 25:00", bot.English); !r.Ephemeral || !strings.Contains(r.Text, "Could not subscribe") {
		t.Errorf("bad time: %+v", r)
	}
}

// crashState makes one named step fail, once, across restarts.
type crashState struct {
	step  string // "ClaimSlot", "Reveal", "MarkRevealPosted", "MarkPosted"
	after bool   // fail after the step took effect (a crash before its result is used)
	armed bool
	fired bool
}

var errCrash = errors.New("simulated crash")

func (c *crashState) hit(step string, after bool) bool {
	if !c.armed || c.fired || c.step != step || c.after != after {
		return false
	}
	c.fired = true
	return true
}

type crashStore struct {
	Store
	c *crashState
}

func (s crashStore) ClaimSlot(ctx context.Context, channel, date string, p store.Post) (store.Post, store.SlotState, error) {
	if s.c.hit("ClaimSlot", false) {
		return store.Post{}, 0, errCrash
	}
	p, st, err := s.Store.ClaimSlot(ctx, channel, date, p)
	if err == nil && s.c.hit("ClaimSlot", true) {
		return store.Post{}, 0, errCrash
	}
	return p, st, err
}

func (s crashStore) Reveal(ctx context.Context, id string, correct int, at time.Time) (store.Reveal, error) {
	if s.c.hit("Reveal", false) {
		return store.Reveal{}, errCrash
	}
	r, err := s.Store.Reveal(ctx, id, correct, at)
	if err == nil && s.c.hit("Reveal", true) {
		return store.Reveal{}, errCrash
	}
	return r, err
}

func (s crashStore) MarkRevealPosted(ctx context.Context, id string) error {
	if s.c.hit("MarkRevealPosted", false) {
		return errCrash
	}
	err := s.Store.MarkRevealPosted(ctx, id)
	if err == nil && s.c.hit("MarkRevealPosted", true) {
		return errCrash
	}
	return err
}

func (s crashStore) MarkPosted(ctx context.Context, id, msg string, at time.Time) error {
	if s.c.hit("MarkPosted", false) {
		return errCrash
	}
	err := s.Store.MarkPosted(ctx, id, msg, at)
	if err == nil && s.c.hit("MarkPosted", true) {
		return errCrash
	}
	return err
}

// TestExactlyOnceWithCrashAtEachStep crashes the second day's tick at every
// step (store calls and platform posts, before and after they take effect),
// restarts the process, and checks that each slot was posted exactly once
// and the first day's question revealed exactly once, with its answer
// scored once.
func TestExactlyOnceWithCrashAtEachStep(t *testing.T) {
	type step struct {
		name  string
		store *crashState
		// platform failure: before or after delivering the matching reply
		platformBefore, platformAfter string // "question" or "reveal"
	}
	var steps []step
	for _, s := range []string{"ClaimSlot", "Reveal", "MarkRevealPosted", "MarkPosted"} {
		steps = append(steps, step{name: s + " before", store: &crashState{step: s}})
		steps = append(steps, step{name: s + " after", store: &crashState{step: s, after: true}})
	}
	for _, kind := range []string{"question", "reveal"} {
		steps = append(steps, step{name: "post " + kind + " fails", platformBefore: kind})
		steps = append(steps, step{name: "post " + kind + " then crash", platformAfter: kind})
	}
	day1 := testkit.Tokyo(t, "2026-12-01 09:00")
	day2 := day1.AddDate(0, 0, 1)
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			cs := st.store
			if cs == nil {
				cs = &crashState{}
			}
			h := newHarness(t, day1.Add(-time.Hour))
			h.wrap = func(s Store) Store { return crashStore{Store: s, c: cs} }
			h.restart()
			h.command("C1", "quiz daily 09:00", bot.English)
			if err := h.tick(day1); err != nil {
				t.Fatal(err)
			}
			first := questionPosts(h.pl.Messages())
			if len(first) != 1 {
				t.Fatalf("day 1 posts = %d", len(first))
			}
			// ann answers day 1 (right or wrong, it is one answer)
			if r := h.click("C1", "ann", first[0].Reply.Buttons[0].ActionID); !strings.Contains(r.Text, "recorded") {
				t.Fatalf("click: %s", r.Text)
			}
			matcher := func(kind string) func(bot.Reply) bool {
				return func(r bot.Reply) bool {
					return strings.HasPrefix(r.IdempotencyKey, map[string]string{"question": "btq-", "reveal": "btr-"}[kind])
				}
			}
			if st.platformBefore != "" {
				h.pl.FailBefore(matcher(st.platformBefore))
			}
			if st.platformAfter != "" {
				h.pl.FailAfter(matcher(st.platformAfter))
			}
			cs.armed = true
			if err := h.tick(day2); err == nil {
				t.Fatal("the crashing tick reported no error")
			}
			if cs.step != "" && !cs.fired {
				t.Fatal("crash not triggered")
			}
			h.restart()
			for _, at := range []time.Time{day2.Add(20 * time.Second), day2.Add(40 * time.Second), day2.Add(time.Hour)} {
				if err := h.tick(at); err != nil {
					t.Fatalf("tick after restart: %v", err)
				}
			}
			msgs := h.pl.Messages()
			questions, reveals := questionPosts(msgs), revealPosts(msgs)
			if len(questions) != 2 || len(reveals) != 1 || len(msgs) != 3 {
				t.Fatalf("questions = %d, reveals = %d, messages = %d; want 2, 1, 3", len(questions), len(reveals), len(msgs))
			}
			if questions[0].Reply.IdempotencyKey == questions[1].Reply.IdempotencyKey {
				t.Fatal("two slots share a key")
			}
			if !strings.Contains(reveals[0].Reply.Text, "of 1") {
				t.Errorf("reveal does not count ann's answer: %s", reveals[0].Reply.Text)
			}
			board, err := h.db.Leaderboard(context.Background(), "slack:C1", 10)
			if err != nil || len(board) != 1 || board[0].Answered != 1 {
				t.Fatalf("leaderboard = %+v, %v; want ann with one answer", board, err)
			}
			pending, _ := h.db.PendingReveals(context.Background(), "slack:C1")
			if len(pending) != 1 || pending[0].MessageID != questions[1].ID {
				t.Fatalf("open post = %+v, want day 2's with message %s", pending, questions[1].ID)
			}
		})
	}
}

// TestMonthOfDailyPosts50Channels simulates 30 days of 50 subscribed
// channels in several zones with a fake clock ticking every 30 minutes (all
// slots and zone offsets sit on that grid, so each tick is at a slot):
// exactly 50×30 posts, each channel once per local date, the bank cycled
// evenly (no repeat before it is used up).
// TestTenDaysOfDailyPosts20Channels simulates 20 channels in 5 zones ticking
// every 30 minutes for 10 days: every slot is posted exactly once and the
// bank is used evenly. (A month of 50 channels took 53 s under -race for no
// more coverage: the work is the store's, per post.)
func TestTenDaysOfDailyPosts20Channels(t *testing.T) {
	const channels, days = 20, 10
	start := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	h := newHarness(t, start)
	zones := []string{"Asia/Tokyo", "Europe/Berlin", "America/New_York", "UTC", "Asia/Kolkata"}
	for i := range channels {
		text := fmt.Sprintf("quiz daily %02d:%02d %s", (6+i)%24, (i%2)*30, zones[i%len(zones)])
		if r := h.command(fmt.Sprintf("C%02d", i), text, bot.English); r.Ephemeral {
			t.Fatalf("%s: %s", text, r.Text)
		}
	}
	began := time.Now()
	end := start.AddDate(0, 0, days)
	ticks := 0
	for now := start; now.Before(end); now = now.Add(30 * time.Minute) {
		if err := h.tick(now); err != nil {
			t.Fatal(err)
		}
		ticks++
	}
	elapsed := time.Since(began)
	posts := questionPosts(h.pl.Messages())
	if len(posts) != channels*days {
		t.Fatalf("posts = %d, want %d", len(posts), channels*days)
	}
	perChannel := map[string]int{}
	for _, m := range posts {
		perChannel[m.ChannelID]++
	}
	for ch, n := range perChannel {
		if n != days {
			t.Errorf("%s: %d posts", ch, n)
		}
	}
	// 5 questions, 10 posts: each exactly twice per channel.
	for i := range channels {
		counts, err := h.db.QuestionCounts(context.Background(), fmt.Sprintf("slack:C%02d", i))
		if err != nil {
			t.Fatal(err)
		}
		for id, n := range counts {
			if n != days/5 {
				t.Errorf("C%02d: question %s posted %d times, want %d", i, id, n, days/5)
			}
		}
	}
	t.Logf("simulated %d days × %d channels (%d ticks) in %s", days, channels, ticks, elapsed)
}

// busyStore answers ErrSlotBusy to the first n claims, like PostgreSQL when
// another replica holds the slot's claim.
type busyStore struct {
	Store
	n *int
}

func (b busyStore) ClaimSlot(ctx context.Context, channel, localDate string, p store.Post) (store.Post, store.SlotState, error) {
	if *b.n > 0 {
		*b.n--
		return store.Post{}, 0, fmt.Errorf("claim: %w", store.ErrSlotBusy)
	}
	return b.Store.ClaimSlot(ctx, channel, localDate, p)
}

func TestSlotClaimedByAnotherReplicaIsRetriedQuietly(t *testing.T) {
	day1 := testkit.Tokyo(t, "2026-12-01 09:00")
	busy := 1
	h := newHarness(t, day1.Add(-time.Hour))
	h.wrap = func(s Store) Store { return busyStore{Store: s, n: &busy} }
	h.restart()
	h.command("C1", "quiz daily 09:00", bot.English)
	if err := h.tick(day1); err != nil {
		t.Fatalf("a busy slot is not an error: %v", err)
	}
	if n := len(questionPosts(h.pl.Messages())); n != 0 {
		t.Fatalf("posted %d while another replica held the claim", n)
	}
	// The claim was released (or its lease ran out): the next tick posts.
	if err := h.tick(day1.Add(20 * time.Second)); err != nil {
		t.Fatal(err)
	}
	if n := len(questionPosts(h.pl.Messages())); n != 1 {
		t.Fatalf("posts after the claim was free = %d, want 1", n)
	}
}
