package slack

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/backend-tip/backend-tip/internal/testkit"
)

// TestQuizDailyInChannelsTheBotIsNotIn: in a public channel the bot was
// never invited to, `quiz daily` joins it and the scheduled slot is posted
// (one chat.postMessage, no history read); in a private channel it is not
// in, `quiz daily` refuses at once with the /invite hint and stores nothing.
func TestQuizDailyInChannelsTheBotIsNotIn(t *testing.T) {
	slotAt := testkit.Tokyo(t, "2026-12-01 09:00")

	t.Run("public channel: joined, then one scheduled post", func(t *testing.T) {
		e := newQuizE2E(t, slotAt.Add(-time.Hour))
		calls := e.slash(publicNotJoined, "U1", "alice", "quiz daily 09:00")
		if m := strings.Join(methods(calls), " "); !strings.Contains(m, "conversations.join chat.postMessage") {
			t.Fatalf("subscribe calls = %v, want the join before the confirmation", m)
		}
		calls = e.tick(slotAt)
		post := oneCall(t, calls, "chat.postMessage")
		if post.Form.Get("channel") != publicNotJoined {
			t.Fatalf("posted to %q", post.Form.Get("channel"))
		}
		if len(calls) != 1 {
			t.Fatalf("slot calls = %v, want exactly the post", methods(calls))
		}
		subs, err := e.db.Subscriptions(context.Background())
		if err != nil || len(subs) != 1 {
			t.Fatalf("subscriptions = %+v, %v", subs, err)
		}
	})

	t.Run("private channel: refused with the invite hint", func(t *testing.T) {
		e := newQuizE2E(t, slotAt.Add(-time.Hour))
		calls := e.slash(privateChannel, "U1", "alice", "quiz daily 09:00")
		if got := ephemeralReply(t, calls); !strings.Contains(got, "/invite @backend-tip") {
			t.Fatalf("refusal = %q, want the /invite hint", got)
		}
		if n := len(only(calls, "chat.postMessage")); n != 0 {
			t.Fatalf("%d public posts", n)
		}
		subs, err := e.db.Subscriptions(context.Background())
		if err != nil || len(subs) != 0 {
			t.Fatalf("subscriptions = %+v, %v; want none", subs, err)
		}
		if calls := e.tick(slotAt); len(only(calls, "chat.postMessage")) != 0 {
			t.Fatalf("the refused channel got a post: %v", methods(calls))
		}
	})
}

// TestHomeTabShowsQuizRecord: after a daily quiz is answered and revealed,
// the member's Home tab (app_home_opened → views.publish) shows their
// record, the channel's schedule and the roadmap's next step, read from
// the real store through the quiz service.
func TestHomeTabShowsQuizRecord(t *testing.T) {
	slotAt := testkit.Tokyo(t, "2026-12-01 09:00")
	e := newQuizE2E(t, slotAt.Add(-time.Hour))
	e.slash(testChannel, "U1", "alice", "quiz daily 09:00 Asia/Tokyo weekdays")
	post := oneCall(t, e.tick(slotAt), "chat.postMessage")
	buttons := quizButtons(t, post)
	e.click(testChannel, post.TS, localeUser, "bob", buttons[e.hostile.Correct()].ActionID)
	e.slash(testChannel, "U1", "alice", "quiz answer")

	n := e.mark()
	body := eventBody("EvHomeQ", map[string]any{"type": "app_home_opened", "user": localeUser, "channel": dmChannel, "tab": "home", "event_ts": "2.2"})
	e.send("/slack/events", body)
	pub := oneCall(t, e.since(n), "views.publish")
	var view struct {
		Blocks slack.Blocks `json:"blocks"`
	}
	if err := json.Unmarshal([]byte(pub.Form.Get("view")), &view); err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, b := range view.Blocks.BlockSet {
		texts = append(texts, blockText(b))
	}
	all := strings.Join(texts, "\n")
	testkit.WantContains(t, "home", all, "Streak: *1*", "Correct: 1 of 1", "<#C1> 09:00 Asia/Tokyo, weekdays", "Step 1", "roadmap 1")
}

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
