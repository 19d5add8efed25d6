package slack

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/internal/testkit"
)

// A private channel's quiz after the bot was removed from it: the slot's
// post is channel_not_found, which asking again will not change. The
// schedule is paused after that one post (not retried every tick for the
// grace hour, every day) and its subscriber told in a DM how to invite the
// bot back; `quiz daily` there resumes it.
func TestQuizPausedWhenTheBotWasRemovedSlack(t *testing.T) {
	slotAt := testkit.Tokyo(t, "2026-12-01 09:00")
	e := newQuizE2E(t, slotAt.Add(-time.Hour))
	e.slash(privateMember, "U1", "alice", "quiz daily 09:00")
	if subs, err := e.db.Subscriptions(context.Background()); err != nil || len(subs) != 1 {
		t.Fatalf("subscriptions = %+v, %v", subs, err)
	}
	e.slack.Lock()
	e.slack.Channel(privateMember).Member = false // /kick @backend-tip
	e.slack.Unlock()

	calls, _ := e.tickErr(slotAt) // fails; what matters is what Slack saw
	var failed, dms int
	for _, c := range only(calls, "chat.postMessage") {
		switch c.Form.Get("channel") {
		case privateMember:
			failed++
		case "DU1":
			// Slack's way back, not Discord's permissions.
			if txt := allText(t, c); strings.Contains(txt, "/invite @backend-tip") && !strings.Contains(txt, "View Channel") {
				dms++
			}
		}
	}
	if failed != 1 || dms != 1 || len(only(calls, "conversations.open")) != 1 {
		t.Fatalf("slot calls = %v; want one failed post and a DM to the subscriber", methods(calls))
	}
	if subs, err := e.db.Subscriptions(context.Background()); err != nil || len(subs) != 1 || subs[0].Paused.IsZero() {
		t.Fatalf("subscriptions after the failed post = %+v, %v; want the schedule kept, paused", subs, err)
	}
	if calls, _ := e.tickErr(slotAt.Add(20 * time.Second)); len(calls) != 0 {
		t.Fatalf("next tick called Slack again: %v", methods(calls))
	}

	// Invited back, the subscriber resumes it; the next day's slot posts.
	e.slack.Lock()
	e.slack.Channel(privateMember).Member = true
	e.slack.Unlock()
	e.slash(privateMember, "U1", "alice", "quiz daily 09:00")
	calls, err := e.tickErr(slotAt.Add(24 * time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if posts := only(calls, "chat.postMessage"); len(posts) != 1 || posts[0].Form.Get("channel") != privateMember {
		t.Fatalf("slot after resuming: %v, want one post in the channel", methods(calls))
	}
}
