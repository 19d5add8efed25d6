package discord

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/backend-tip/backend-tip/internal/fakediscord"
	"github.com/backend-tip/backend-tip/internal/testkit"
)

// A channel that refuses the bot (403 Missing Access) is tried once per
// slot, not every tick of the grace window: the schedule is paused at the
// first permanent failure and its subscriber is told in a DM.
func TestScheduledPostForbiddenPausesTheSchedule(t *testing.T) {
	day1 := testkit.Tokyo(t, "2026-12-01 09:00")
	s := newQuizStack(t, day1.Add(-time.Hour))
	alice := member{"U1", "alice", "", manageChannels}
	code, data := s.command("I1", alice, "daily",
		map[string]any{"name": "time", "type": 3, "value": "09:00"},
		map[string]any{"name": "timezone", "type": 3, "value": "Asia/Tokyo"})
	if code != http.StatusOK || isEphemeral(data) {
		t.Fatalf("quiz daily: %d %q", code, contentOf(data))
	}
	s.fake.Lock()
	s.fake.Forbidden = map[string]bool{"C1": true}
	s.fake.Unlock()

	// Tick every 20 s through the whole grace window and the next day.
	for at := day1; at.Before(day1.Add(26 * time.Hour)); at = at.Add(20 * time.Second) {
		s.clock.Set(at)
		if err := s.svc.Tick(context.Background(), at, s.platforms()); err != nil {
			t.Fatalf("tick at %s: %v", at, err)
		}
	}
	attempts := len(s.fake.CallsMatching("POST", "/channels/C1/messages"))
	if attempts < 1 || attempts > 3 {
		t.Errorf("forbidden channel got %d post attempts, want 1 to 3 (no retry loop on 403)", attempts)
	}
	subs, err := s.db.Subscriptions(context.Background())
	if err != nil || len(subs) != 1 || subs[0].Paused.IsZero() || subs[0].Hour != 9 {
		t.Errorf("subscriptions after 403 = %+v, %v; want the 09:00 schedule kept, paused", subs, err)
	}
	dms := s.fake.CallsMatching("POST", "/channels/DM-U1/messages")
	if len(dms) != 1 || !strings.Contains(contentOf(dms[0].Body), "paused") || !strings.Contains(contentOf(dms[0].Body), "<#C1>") {
		t.Errorf("subscriber DMs = %d %v, want one notice naming <#C1> and saying paused", len(dms), dms)
	}
	checkSafe(t, s.fake.Calls())
}

func TestGuildDeleteDropsTheGuildsChannelsButAnOutageDoesNot(t *testing.T) {
	f := fakediscord.New(t)
	gone := make(chan []string, 4)
	a := testAdapter(t, f, &fakeRouter{}, func(o *Options) {
		o.ChannelsGone = func(_ context.Context, ids []string) { gone <- ids }
	})
	runAdapter(t, a)
	waitReady(t, f)
	guild := func(id string, channels ...string) map[string]any {
		var chs []any
		for _, c := range channels {
			chs = append(chs, map[string]any{"id": c, "type": 0, "guild_id": id, "name": c})
		}
		return map[string]any{"id": id, "name": id, "channels": chs, "threads": []any{}, "members": []any{}, "roles": []any{}}
	}
	f.Dispatch("GUILD_CREATE", guild("G1", "C1", "C2"))
	f.Dispatch("GUILD_CREATE", guild("G2", "C3"))
	// Removed: kicked, banned or the guild deleted.
	f.Dispatch("GUILD_DELETE", map[string]any{"id": "G1"})
	select {
	case ids := <-gone:
		if strings.Join(ids, ",") != "C1,C2" {
			t.Errorf("channels gone = %v, want C1,C2", ids)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("GUILD_DELETE dropped nothing")
	}
	// An outage: Discord says the guild is unavailable; nothing changes.
	// Handled directly and every piece of work waited for, so a drop
	// cannot come after the check.
	a.onGuildDelete(nil, &discordgo.GuildDelete{Guild: &discordgo.Guild{ID: "G2", Unavailable: true},
		BeforeDelete: &discordgo.Guild{ID: "G2", Channels: []*discordgo.Channel{{ID: "C3"}}}})
	a.rt.Wait()
	select {
	case ids := <-gone:
		t.Errorf("an unavailable guild dropped %v", ids)
	default:
	}
}
