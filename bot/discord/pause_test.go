package discord

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/internal/fakediscord"
	"github.com/backend-tip/backend-tip/internal/testkit"
)

// A scheduled post Discord refuses for good pauses the schedule (kept in
// the store, skipped by the scheduler, shown as paused on the member's
// Home, the subscriber told once in a DM) after at most 3 attempts, and
// `quiz daily` in the channel resumes it. A failure a retry may fix (500)
// pauses nothing.
func TestRefusedScheduledPostPausesUntilQuizDailyAgain(t *testing.T) {
	tests := []struct {
		name   string
		refuse fakediscord.Refusal
		pause  bool
	}{
		{"403 Missing Access", fakediscord.Refusal{Status: 403, Code: 50001, Message: "Missing Access"}, true},
		{"403 Missing Permissions", fakediscord.Refusal{Status: 403, Code: 50013, Message: "Missing Permissions"}, true},
		{"404 Unknown Channel", fakediscord.Refusal{Status: 404, Code: 10003, Message: "Unknown Channel"}, true},
		{"500 Internal Server Error", fakediscord.Refusal{Status: 500, Code: 0, Message: "500: Internal Server Error"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			day1 := testkit.Tokyo(t, "2026-12-01 09:00")
			s := newQuizStack(t, day1.Add(-time.Hour))
			alice := member{"U1", "alice", "", manageChannels}
			daily := func(id string) string {
				t.Helper()
				code, data := s.command(id, alice, "daily",
					map[string]any{"name": "time", "type": 3, "value": "09:00"},
					map[string]any{"name": "timezone", "type": 3, "value": "Asia/Tokyo"})
				if code != http.StatusOK || isEphemeral(data) {
					t.Fatalf("quiz daily: %d %q", code, contentOf(data))
				}
				return contentOf(data)
			}
			daily("I1")
			s.fake.Lock()
			s.fake.Refuse = map[string]fakediscord.Refusal{"C1": tc.refuse}
			s.fake.Unlock()

			// Every 20 s through day 1's grace window, then hourly for four
			// more days: a paused schedule must not try again each day.
			for at := day1; at.Before(day1.Add(5 * 24 * time.Hour)); {
				s.clock.Set(at)
				// A 500 is an error worth logging, not a test failure; a
				// refusal for good is handled (paused), not an error.
				if err := s.svc.Tick(ctx, at, s.platforms()); err != nil && tc.pause {
					t.Fatalf("tick at %s: %v", at, err)
				}
				if at.Before(day1.Add(2 * time.Hour)) {
					at = at.Add(20 * time.Second)
				} else {
					at = at.Add(time.Hour)
				}
			}
			attempts := len(s.fake.CallsMatching("POST", "/channels/C1/messages"))
			sub, err := s.db.Subscription(ctx, "discord:C1")
			if err != nil {
				t.Fatalf("the schedule is gone: %v (a refusal pauses it, never deletes it)", err)
			}
			dms := s.fake.CallsMatching("POST", "/channels/DM-U1/messages")
			home, err := s.svc.Home(ctx, "discord", "U1", bot.English)
			if err != nil || len(home.Schedules) != 1 {
				t.Fatalf("home = %+v, %v", home, err)
			}
			if !tc.pause {
				if !sub.Paused.IsZero() || len(dms) != 0 || strings.Contains(home.Schedules[0].When, "paused") {
					t.Errorf("a 500 paused the schedule (%+v) or sent %d DMs: a retry may fix it", sub, len(dms))
				}
				if attempts < 2 {
					t.Errorf("a 500 was tried %d times: a failure a retry may fix is retried within the grace window", attempts)
				}
				return
			}
			if attempts < 1 || attempts > 3 {
				t.Errorf("refused channel got %d post attempts, want 1 to 3 (no retry loop on a permanent error)", attempts)
			}
			if sub.Paused.IsZero() || sub.Hour != 9 || sub.Zone != "Asia/Tokyo" || sub.Owner != "U1" {
				t.Errorf("schedule after the refusal = %+v, want 09:00 Asia/Tokyo kept and paused", sub)
			}
			if len(dms) != 1 || !strings.Contains(contentOf(dms[0].Body), "paused") ||
				!strings.Contains(contentOf(dms[0].Body), "<#C1>") || !strings.Contains(contentOf(dms[0].Body), "quiz daily") {
				t.Errorf("subscriber DMs = %d %v, want one notice naming <#C1>, saying paused and how to resume", len(dms), dms)
			}
			if w := home.Schedules[0].When; !strings.Contains(w, "paused") || !strings.Contains(w, "09:00") {
				t.Errorf("home shows the schedule as %q, want it marked paused", w)
			}

			// The bot is let back in; a moderator runs quiz daily again.
			s.fake.Lock()
			s.fake.Refuse = nil
			s.fake.Unlock()
			day6 := day1.Add(5 * 24 * time.Hour)
			s.clock.Set(day6.Add(-time.Hour))
			if text := daily("I2"); !strings.Contains(text, "resumed") {
				t.Errorf("quiz daily on a paused channel = %q, want it to say the quiz is resumed", text)
			}
			if sub, err := s.db.Subscription(ctx, "discord:C1"); err != nil || !sub.Paused.IsZero() {
				t.Fatalf("after quiz daily = %+v, %v; want active", sub, err)
			}
			s.tick(day6)
			if n := len(s.fake.CallsMatching("POST", "/channels/C1/messages")); n != attempts+1 {
				t.Errorf("posts after resuming = %d, want the day-6 question (%d before)", n, attempts)
			}
			if dms := s.fake.CallsMatching("POST", "/channels/DM-U1/messages"); len(dms) != 1 {
				t.Errorf("%d DMs, want still the one notice", len(dms))
			}
			checkSafe(t, s.fake.Calls())
		})
	}
}
