package quiz

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/quiz/quiztest"
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

// A daily quiz where the platform cannot post is refused at once, in the
// member's language, and nothing is scheduled there: in a private Slack
// channel the bot was not invited to, with how to invite it; in a DM
// between people (Slack runs the slash command there, but the bot can post
// nothing and nobody can invite it), with where to run it instead and no
// invitation that cannot be sent. The platform is asked through
// bot.Platform, not found by type assertion.
func TestQuizDailyRefusedWhereTheBotCannotPost(t *testing.T) {
	tests := []struct {
		name, channel string
		refuse        func(p *quiztest.Platform, channel string)
		want          map[bot.Lang]string
		noInvite      bool
	}{
		{"private channel", "GPRIVATE", (*quiztest.Platform).NotMemberOf,
			map[bot.Lang]string{bot.English: "/invite @backend-tip"}, false},
		{"DM between people", "DPEOPLE", (*quiztest.Platform).PeopleDM,
			map[bot.Lang]string{bot.English: "DM between people", bot.Japanese: "人どうしの DM"}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			now := testkit.Tokyo(t, "2026-12-02 08:00")
			h := newHarness(t, now)
			tc.refuse(h.pl, tc.channel)
			h.svc.SetPlatforms(h.platforms())
			for lang, want := range tc.want {
				r := h.command(tc.channel, "quiz daily 09:00", lang)
				if !r.Ephemeral || !strings.Contains(r.Text, want) || tc.noInvite && strings.Contains(r.Text, "/invite") {
					t.Fatalf("%s: want a private refusal saying %q, got %+v", lang, want, r)
				}
			}
			if r := h.command("C1", "quiz daily 09:00", bot.English); !strings.Contains(r.Text, "09:00") || r.Ephemeral && strings.Contains(r.Text, "invite") {
				t.Fatalf("public channel: want a subscription, got %+v", r)
			}
			if err := h.tick(now.Add(time.Hour + time.Minute)); err != nil {
				t.Fatal(err)
			}
			if posts := questionPosts(h.pl.Messages()); len(posts) != 1 || posts[0].ChannelID != "C1" {
				t.Fatalf("want one post, in C1; got %+v", posts)
			}
		})
	}
}
