package slack

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/internal/testkit"

	"github.com/slack-go/slack"
)

// TestReviewIsPrivate: after a missed quiz answer, `quiz review` and the
// review's buttons answer only the member (response_url, ephemeral), never
// in the channel.
func TestReviewIsPrivate(t *testing.T) {
	tokyo := testkit.Zone(t, "Asia/Tokyo")
	e := newQuizE2E(t, testkit.Tokyo(t, "2026-12-01 08:00"))
	e.slash(testChannel, "U1", "alice", "quiz daily 09:00 Asia/Tokyo")
	post := oneCall(t, e.tick(time.Date(2026, 12, 1, 9, 0, 0, 0, tokyo)), "chat.postMessage")
	actions := buttonIDs(t, post)
	q := e.hostile
	wrong := (q.Correct() + 1) % len(q.Choices)
	if len(actions) != len(q.Choices) {
		t.Fatalf("buttons %v", actions)
	}
	e.click(testChannel, post.TS, "U2", "bob", actions[wrong])

	calls := e.slash(testChannel, "U2", "bob", "quiz review")
	reply := ephemeralReply(t, calls)
	if !strings.Contains(reply, "(1 due)") || !strings.Contains(reply, "Review question") {
		t.Fatalf("review reply:\n%s", reply)
	}
	review := buttonIDs(t, oneCall(t, calls, "response_url"))
	if len(review) != len(q.Choices) || !strings.HasPrefix(review[0], "review:"+q.ID+":") {
		t.Fatalf("review buttons %v", review)
	}
	if other := ephemeralReply(t, e.slash(testChannel, "U1", "alice", "quiz review")); !strings.Contains(other, "Nothing to review") {
		t.Errorf("alice sees bob's review:\n%s", other)
	}
	// Bob answers the review right, privately.
	calls = e.click(testChannel, "", "U2", "bob", review[q.Correct()])
	if !strings.Contains(ephemeralReply(t, calls), "Right:") {
		t.Errorf("review answer reply: %s", methods(calls))
	}
	if public := only(calls, "chat.postMessage", "chat.update"); len(public) != 0 {
		t.Fatalf("review answer went public: %v", methods(calls))
	}
	if due, _ := e.db.DueReviews(context.Background(), "slack:U2", e.clock.Now(), 10); len(due) != 0 {
		t.Errorf("still due after a right review: %+v", due)
	}
}

// buttonIDs are the action ids of a message's buttons, in order.
func buttonIDs(t *testing.T, c call) []string {
	t.Helper()
	var ids []string
	for _, b := range c.Blocks(t) {
		if a, ok := b.(*slack.ActionBlock); ok {
			for _, el := range a.Elements.ElementSet {
				if btn, ok := el.(*slack.ButtonBlockElement); ok {
					ids = append(ids, btn.ActionID)
				}
			}
		}
	}
	return ids
}
