package discord

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/backend-tip/backend-tip/internal/fakediscord"
)

// A guild the bot is removed from reports all its channels gone; a guild
// Discord says is only unavailable (an outage) drops nothing.
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
