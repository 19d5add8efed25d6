package slack

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot"
)

// TestQuizModerators: on Slack any member may subscribe a channel without a
// schedule; then only that member, workspace admins (users.info) and
// BACKEND_TIP_ADMINS may change or stop it. Others get a private refusal
// that says who can, and nothing changes.
func TestQuizModerators(t *testing.T) {
	e := newQuizE2E(t, time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC))
	ctx := context.Background()
	e.slash(testChannel, "U1", "alice", "quiz daily 09:00 Asia/Tokyo")
	before, err := e.db.Subscriptions(ctx)
	if err != nil || len(before) != 1 || before[0].Owner != "U1" {
		t.Fatalf("alice's subscription = %+v, %v", before, err)
	}
	for _, text := range []string{"quiz daily 10:00 Europe/Berlin", "quiz stop"} {
		calls := e.slash(testChannel, "U2", "bob", text)
		reply := ephemeralReply(t, calls)
		if !strings.Contains(reply, "U1") || !strings.Contains(reply, "workspace admins") {
			t.Errorf("bob's %q: refusal %q does not say who can", text, reply)
		}
		if len(only(calls, "users.info")) != 1 {
			t.Errorf("bob's %q: users.info calls %v, want one", text, methods(calls))
		}
	}
	after, _ := e.db.Subscriptions(ctx)
	if !reflect.DeepEqual(before, after) {
		t.Fatalf("a refused member changed the schedule: %+v -> %+v", before, after)
	}
	// Commands that change nothing ask nothing of users.info.
	if calls := e.slash(testChannel, "U2", "bob", "quiz leaderboard"); len(only(calls, "users.info")) != 0 {
		t.Errorf("quiz leaderboard called users.info: %v", methods(calls))
	}
	// A workspace admin may change it (the owner stays alice), the owner may stop it.
	e.slash(testChannel, testAdmin, "admin", "quiz daily 10:00 Europe/Berlin")
	if subs, _ := e.db.Subscriptions(ctx); len(subs) != 1 || subs[0].Hour != 10 || subs[0].Owner != "U1" {
		t.Fatalf("after the admin's change: %+v", subs)
	}
	e.slash(testChannel, "U1", "alice", "quiz stop")
	if subs, _ := e.db.Subscriptions(ctx); len(subs) != 0 {
		t.Fatalf("the owner could not stop: %+v", subs)
	}
}

func TestDirectMessage(t *testing.T) {
	e := newQuizE2E(t, time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC))
	n := e.mark()
	if err := e.ad.DirectMessage(context.Background(), "U2", bot.Reply{Text: "📚 You have 3 items to review. <!channel>"}); err != nil {
		t.Fatal(err)
	}
	calls := e.since(n)
	open := oneCall(t, calls, "conversations.open")
	post := oneCall(t, calls, "chat.postMessage")
	if open.Form.Get("users") != "U2" || post.Form.Get("channel") != "DU2" || !strings.Contains(allText(t, post), "3 items to review") {
		t.Fatalf("DM calls: %s / %v", methods(calls), post.Form)
	}
	checkSafe(t, post)
	if err := e.ad.DirectMessage(context.Background(), "nobody", bot.Reply{Text: "x"}); err == nil || !strings.Contains(err.Error(), "user_not_found") {
		t.Errorf("unknown user: %v", err)
	}
}
