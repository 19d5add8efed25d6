package discord

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/internal/testkit"
)

// TestReviewIsEphemeral: `quiz review` and its buttons answer only the
// member (flags 64), after a missed answer to the channel's quiz.
func TestReviewIsEphemeral(t *testing.T) {
	tokyo := testkit.Zone(t, "Asia/Tokyo")
	s := newQuizStack(t, testkit.Tokyo(t, "2026-12-01 08:00"))
	alice, bob := member{"U1", "alice", "", manageChannels}, member{"U2", "bob", "", ""}
	if code, data := s.command("I1", alice, "daily", map[string]any{"name": "time", "type": 3, "value": "09:00"}); code != http.StatusOK || isEphemeral(data) {
		t.Fatalf("subscribe: %d %v", code, data)
	}
	s.tick(time.Date(2026, 12, 1, 9, 0, 0, 0, tokyo))
	posts := s.channelPosts()
	if len(posts) != 1 {
		t.Fatalf("%d channel posts", len(posts))
	}
	q := s.questions[0]
	ids, _, _ := buttons(t, posts[0].Body)
	wrong := (q.Correct() + 1) % len(q.Choices)
	s.click("K1", bob, "C1", "m1", ids[wrong]) // the click names its post in the custom id

	code, data := s.command("I2", bob, "review")
	if code != http.StatusOK || !isEphemeral(data) || !strings.Contains(contentOf(data), "(1 due)") {
		t.Fatalf("quiz review: %d, ephemeral %v:\n%s", code, isEphemeral(data), contentOf(data))
	}
	review, _, _ := buttons(t, data)
	if len(review) != len(q.Choices) || !strings.HasPrefix(review[0], "review:"+q.ID+":") {
		t.Fatalf("review buttons %v", review)
	}
	_, data = s.click("K2", bob, "C1", "ephemeral-1", review[q.Correct()])
	if !isEphemeral(data) || !strings.Contains(contentOf(data), "Right:") {
		t.Errorf("review answer: ephemeral %v: %s", isEphemeral(data), contentOf(data))
	}
	if due, _ := s.db.DueReviews(context.Background(), "discord:U2", s.clock.Now(), 10); len(due) != 0 {
		t.Errorf("still due after a right review: %+v", due)
	}
}
