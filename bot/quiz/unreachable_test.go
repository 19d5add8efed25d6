package quiz

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/internal/testkit"
)

// A paused schedule is shown as paused (Home, a hand-posted quiz's reply),
// posts nothing, and `quiz daily` in the channel resumes it.
func TestPausedScheduleIsShownSkippedAndResumed(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, t0)
	h.svc.SetPlatforms(h.platforms())
	h.command("C1", "quiz daily 09:00 Asia/Tokyo", bot.English)
	if ok, err := h.db.PauseSubscription(ctx, "slack:C1", t0, "403 Missing Access"); !ok || err != nil {
		t.Fatalf("pause = %v, %v", ok, err)
	}
	home, err := h.svc.Home(ctx, "slack", "U0", bot.English)
	if err != nil || len(home.Schedules) != 1 || !strings.Contains(home.Schedules[0].When, "paused") {
		t.Fatalf("home = %+v, %v; want the schedule marked paused", home.Schedules, err)
	}
	tokyo := testkit.Zone(t, "Asia/Tokyo")
	for day := 1; day <= 3; day++ {
		if err := h.tick(time.Date(2026, 12, day+1, 9, 0, 0, 0, tokyo)); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(questionPosts(h.pl.Messages())); n != 0 {
		t.Fatalf("a paused schedule posted %d questions", n)
	}
	if r := h.command("C1", "quiz", bot.English); !strings.Contains(r.Text, "paused") || !strings.Contains(r.Text, "quiz daily") {
		t.Errorf("quiz posted by hand in a paused channel = %q, want a note on how to resume", r.Text)
	}
	if r := h.command("C1", "quiz daily 09:00 Asia/Tokyo", bot.English); !strings.Contains(r.Text, "resumed") {
		t.Errorf("quiz daily on a paused channel = %q, want it resumed", r.Text)
	}
	if r := h.command("C1", "quiz daily 10:00 Asia/Tokyo", bot.English); strings.Contains(r.Text, "resumed") {
		t.Errorf("quiz daily on an active channel = %q, says resumed", r.Text)
	}
	home, _ = h.svc.Home(ctx, "slack", "U0", bot.English)
	if len(home.Schedules) != 1 || strings.Contains(home.Schedules[0].When, "paused") {
		t.Errorf("home after resuming = %+v", home.Schedules)
	}
	if err := h.tick(time.Date(2026, 12, 5, 10, 0, 0, 0, tokyo)); err != nil {
		t.Fatal(err)
	}
	if n := len(questionPosts(h.pl.Messages())); n != 1 {
		t.Errorf("after resuming, %d scheduled questions, want 1", n)
	}
}

// A daily quiz in a channel the platform cannot post in (a private Slack
// channel the bot was not invited to) is refused at once with how to
// invite the bot, and nothing is scheduled; the platform is asked through
// bot.Platform, not found by type assertion.
func TestQuizDailyRefusedWhereTheBotIsNotAMember(t *testing.T) {
	now := testkit.Tokyo(t, "2026-12-02 08:00")
	h := newHarness(t, now)
	h.pl.NotMemberOf("GPRIVATE")
	h.svc.SetPlatforms(h.platforms())

	r := h.command("GPRIVATE", "quiz daily 09:00", bot.English)
	if !r.Ephemeral || !strings.Contains(r.Text, "/invite @backend-tip") {
		t.Fatalf("private channel: want a private refusal naming /invite, got %+v", r)
	}
	if r := h.command("C1", "quiz daily 09:00", bot.English); !strings.Contains(r.Text, "09:00") || r.Ephemeral && strings.Contains(r.Text, "invite") {
		t.Fatalf("public channel: want a subscription, got %+v", r)
	}
	if err := h.tick(now.Add(time.Hour + time.Minute)); err != nil {
		t.Fatal(err)
	}
	posts := questionPosts(h.pl.Messages())
	if len(posts) != 1 || posts[0].ChannelID != "C1" {
		t.Fatalf("want one post, in C1; got %+v", posts)
	}
}

// A daily quiz in a DM between people (Slack runs the slash command there,
// but the bot can post nothing and nobody can invite it) is refused with
// where to run it instead, in the member's language, and nothing is
// scheduled: no invitation that cannot be sent.
func TestQuizDailyRefusedInADMBetweenPeople(t *testing.T) {
	now := testkit.Tokyo(t, "2026-12-02 08:00")
	h := newHarness(t, now)
	h.pl.PeopleDM("DPEOPLE")
	h.svc.SetPlatforms(h.platforms())

	for lang, want := range map[bot.Lang]string{bot.English: "DM between people", bot.Japanese: "人どうしの DM"} {
		r := h.command("DPEOPLE", "quiz daily 09:00", lang)
		if !r.Ephemeral || !strings.Contains(r.Text, want) || strings.Contains(r.Text, "/invite") {
			t.Fatalf("%s: want a private refusal saying %q without /invite, got %+v", lang, want, r)
		}
	}
	if err := h.tick(now.Add(time.Hour + time.Minute)); err != nil {
		t.Fatal(err)
	}
	if posts := questionPosts(h.pl.Messages()); len(posts) != 0 {
		t.Fatalf("want no post, got %+v", posts)
	}
}
