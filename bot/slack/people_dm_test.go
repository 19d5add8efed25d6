package slack

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/store"
	"github.com/backend-tip/backend-tip/internal/fakeslack"
)

// peopleDM is a DM between two people: a slash command can run there
// (its channel_id starts with D) but the bot is not part of it.
const peopleDM = "DPEOPLE"

// TestSlashCommandInADMBetweenPeople: Slack lets `/backend-tip` run in a DM
// between two people, where the bot can post nothing and reads nothing.
// An interview there is refused (an answer could never reach the bot)
// instead of saying "type your answer as your next message"; `quiz daily`
// there or in a group DM is refused without scheduling anything. In the
// bot's own DM (what conversations.open returns for the user, asked once)
// the interview takes plain messages.
func TestSlashCommandInADMBetweenPeople(t *testing.T) {
	e := newQuizE2E(t, time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC))
	ctx := context.Background()

	calls := e.slash(peopleDM, "U1", "alice", "interview behavioral")
	if open := oneCall(t, calls, "conversations.open"); open.Form.Get("users") != "U1" {
		t.Errorf("conversations.open users = %q, want the member who ran the command", open.Form.Get("users"))
	}
	got := ephemeralOrNot(t, calls)
	if strings.Contains(got, "Type your answer as your next message") || !strings.Contains(got, "DM between people") {
		t.Errorf("interview in a DM between people answered %q, want a refusal pointing to the bot's DM", got)
	}
	if posts := only(calls, "chat.postMessage", "chat.startStream"); len(posts) != 0 {
		t.Errorf("posted into the DM between people: %v", methods(calls))
	}
	if row, err := e.db.Interview(ctx, "slack:U1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("interview session = %+v, %v; want none started", row, err)
	}

	for _, ch := range []string{peopleDM, fakeslack.GroupDM} {
		calls := e.slash(ch, "U1", "alice", "quiz daily 09:00")
		if got := ephemeralOrNot(t, calls); !strings.Contains(got, "can't post in a DM between people") {
			t.Errorf("quiz daily in %s answered %q, want the DM refusal", ch, got)
		}
		if subs, err := e.db.Subscriptions(ctx); err != nil || len(subs) != 0 {
			t.Fatalf("subscriptions after quiz daily in %s = %+v, %v; want none", ch, subs, err)
		}
	}

	// What needs no post there still works: the answer comes through the
	// command's response_url.
	calls = e.slash(peopleDM, "U1", "alice", "tip")
	if replies := only(calls, "response_url"); len(replies) != 1 || strings.TrimSpace(allText(t, replies[0])) == "" {
		t.Errorf("tip in a DM between people: calls %v, want the tip through response_url", methods(calls))
	}

	calls = e.slash(dmChannel, "U1", "alice", "interview behavioral")
	if replies := only(calls, "chat.postMessage", "response_url"); len(replies) != 1 || !strings.Contains(allText(t, replies[0]), "Type your answer as your next message") {
		t.Errorf("interview in the bot's own DM: calls %v, want one reply asking for the answer as the next message", methods(calls))
	}
	if n := len(e.slack.CallsOf("conversations.open")); n != 1 {
		t.Errorf("%d conversations.open calls, want 1: the bot's DM with a member never changes", n)
	}
	if row, err := e.db.Interview(ctx, "slack:U1"); err != nil || !strings.Contains(row.State, `"dm":true`) {
		t.Fatalf("session = %+v, %v; want a DM session", row, err)
	}
}

// TestEnsureMemberInDMs: the bot's own DM needs nothing (also an id never
// seen: conversations.open resumes it), a DM between people and a group DM
// are bot.ErrPeopleDM, not an invitation nobody can send.
func TestEnsureMemberInDMs(t *testing.T) {
	h := newHarness(t, "")
	ctx := context.Background()
	if err := h.ad.EnsureMember(ctx, fakeslack.DMWith("U7")); err != nil {
		t.Errorf("the bot's own DM: %v", err)
	}
	for _, ch := range []string{peopleDM, fakeslack.GroupDM} {
		err := h.ad.EnsureMember(ctx, ch)
		var nm *bot.NotMemberError
		if !errors.Is(err, bot.ErrPeopleDM) || errors.As(err, &nm) {
			t.Errorf("EnsureMember(%s) = %v, want bot.ErrPeopleDM", ch, err)
		}
	}
	// Known now: asking again costs no call.
	n := len(h.slack.Calls())
	if err := h.ad.EnsureMember(ctx, peopleDM); !errors.Is(err, bot.ErrPeopleDM) || len(h.slack.Calls()) != n {
		t.Errorf("second EnsureMember(%s) = %v after %d more calls", peopleDM, err, len(h.slack.Calls())-n)
	}
}

// TestDMCacheIsBounded: however many members run commands, the cache of
// DMs holds at most maxDMs of each kind.
func TestDMCacheIsBounded(t *testing.T) {
	d := newDMs()
	for i := range maxDMs + 50 {
		user := fmt.Sprintf("U%d", i)
		d.set(user, "D"+user, true)
		d.set("", fmt.Sprintf("DX%d", i), false)
	}
	if d.own.Len() > maxDMs || d.byUser.Len() > maxDMs {
		t.Fatalf("cache holds %d channels and %d users, want at most %d", d.own.Len(), d.byUser.Len(), maxDMs)
	}
	last := fmt.Sprintf("U%d", maxDMs+49)
	if ch, ok := d.byUser.Get(last); !ok || ch != "D"+last {
		t.Errorf("the latest user's DM = %q, %v", ch, ok)
	}
}
