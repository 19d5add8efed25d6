package quiz

import (
	"strings"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/internal/testkit"
)

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
