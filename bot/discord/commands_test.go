package discord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/platform"
	"github.com/backend-tip/backend-tip/internal/fakediscord"
)

func TestRegistrationSkippedWhenUnchanged(t *testing.T) {
	for _, tc := range []struct {
		name, guild, path string
	}{
		{"global", "", "/applications/111/commands"},
		{"guild", testGuild, "/applications/111/guilds/G1/commands"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := fakediscord.New(t)
			a := testAdapter(t, f, &fakeRouter{}, func(o *Options) { o.GuildID = tc.guild })
			ctx := context.Background()
			for i, want := range []bool{true, false, false} {
				wrote, err := a.registerCommands(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if wrote != want {
					t.Fatalf("round %d: wrote = %v, want %v", i, wrote, want)
				}
			}
			puts := f.CallsMatching("PUT", tc.path)
			if len(puts) != 1 {
				t.Fatalf("%d bulk overwrites at %s, want 1", len(puts), tc.path)
			}
			// What the comparison met: Discord's stored form, with the
			// defaults of what the bot left out (a guild command's
			// integration_types come back [0]).
			f.Lock()
			stored := f.Commands[0].(map[string]any)
			if want := map[bool]string{true: "[0]", false: "[0 1]"}[tc.guild != ""]; fmt.Sprint(stored["integration_types"]) != want {
				t.Errorf("stored integration_types %v, want %s", stored["integration_types"], want)
			}
			f.Unlock()
			// Someone edited the command elsewhere: the next start fixes it.
			f.Lock()
			f.Commands[0].(map[string]any)["description"] = "changed"
			f.Unlock()
			if wrote, err := a.registerCommands(ctx); err != nil || !wrote {
				t.Errorf("after a change: wrote = %v, err = %v; want a rewrite", wrote, err)
			}
		})
	}
}

func TestRegistrationReportsABadToken(t *testing.T) {
	srv := fakediscord.New(t)
	a := testAdapter(t, srv, &fakeRouter{}, func(o *Options) { o.APIURL = srv.URL + "/unauthorized/" })
	srv.Handle("/unauthorized/", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(401)
		w.Write([]byte(`{"message": "401: Unauthorized", "code": 0}`))
	})
	_, err := a.registerCommands(context.Background())
	if !errors.Is(err, ErrBadToken) {
		t.Fatalf("err = %v, want ErrBadToken", err)
	}
}

func TestCommandDefinitionFitsDiscordRules(t *testing.T) {
	cmd := Command(bot.Grammar())
	var walk func(path string, opts []*discordgo.ApplicationCommandOption)
	walk = func(path string, opts []*discordgo.ApplicationCommandOption) {
		if len(opts) > 25 {
			t.Errorf("%s: %d options", path, len(opts))
		}
		for _, o := range opts {
			if len(o.Name) > 32 || o.Name == "" || platform.Len(o.Description, platform.UTF16) > 100 || platform.Len(localized(o.DescriptionLocalizations), platform.UTF16) > 100 {
				t.Errorf("%s %s: name or description too long", path, o.Name)
			}
			walk(path+" "+o.Name, o.Options)
		}
	}
	if platform.Len(cmd.Description, platform.UTF16) > 100 {
		t.Errorf("description too long")
	}
	walk(cmd.Name, cmd.Options)
	b, _ := json.Marshal(cmd)
	var back discordgo.ApplicationCommand
	if err := json.Unmarshal(b, &back); err != nil || !sameCommands([]*discordgo.ApplicationCommand{&back}, []*discordgo.ApplicationCommand{cmd}) {
		t.Errorf("definition does not survive a JSON round trip (err %v)", err)
	}
}

func TestCommandTextFollowsTheGrammar(t *testing.T) {
	opt := func(name string, typ discordgo.ApplicationCommandOptionType, value any, sub ...*discordgo.ApplicationCommandInteractionDataOption) *discordgo.ApplicationCommandInteractionDataOption {
		return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: typ, Value: value, Options: sub}
	}
	sub := discordgo.ApplicationCommandOptionSubCommand
	group := discordgo.ApplicationCommandOptionSubCommandGroup
	str := discordgo.ApplicationCommandOptionString
	for _, tc := range []struct {
		name string
		opts []*discordgo.ApplicationCommandInteractionDataOption
		want string
	}{
		{"ask", []*discordgo.ApplicationCommandInteractionDataOption{opt("ask", sub, nil, opt("question", str, " N+1問題とは？ "))}, "ask N+1問題とは？"},
		{"ask without question", []*discordgo.ApplicationCommandInteractionDataOption{opt("ask", sub, nil)}, "ask"},
		{"roadmap step", []*discordgo.ApplicationCommandInteractionDataOption{opt("roadmap", sub, nil, opt("step", str, "2"))}, "roadmap 2"},
		{"roadmap", []*discordgo.ApplicationCommandInteractionDataOption{opt("roadmap", sub, nil)}, "roadmap"},
		{"tip", []*discordgo.ApplicationCommandInteractionDataOption{opt("tip", sub, nil)}, "tip"},
		{"help", []*discordgo.ApplicationCommandInteractionDataOption{opt("help", sub, nil)}, "help"},
		{"quiz now", []*discordgo.ApplicationCommandInteractionDataOption{opt("quiz", group, nil, opt("now", sub, nil))}, "quiz"},
		{"quiz daily", []*discordgo.ApplicationCommandInteractionDataOption{opt("quiz", group, nil,
			opt("daily", sub, nil, opt("time", str, "09:00"), opt("timezone", str, "Asia/Tokyo")))}, "quiz daily 09:00 Asia/Tokyo"},
		{"quiz daily without zone", []*discordgo.ApplicationCommandInteractionDataOption{opt("quiz", group, nil,
			opt("daily", sub, nil, opt("time", str, " 9:30 ")))}, "quiz daily 9:30"},
		{"quiz daily keeps every option apart", []*discordgo.ApplicationCommandInteractionDataOption{opt("quiz", group, nil,
			opt("daily", sub, nil, opt("days", str, "weekdays"), opt("timezone", str, "Asia/Tokyo"), opt("time", str, "09:00")))}, "quiz daily 09:00 Asia/Tokyo weekdays"},
		{"quiz now with category", []*discordgo.ApplicationCommandInteractionDataOption{opt("quiz", group, nil, opt("now", sub, nil, opt("category", str, "db")))}, "quiz db"},
		{"quiz review daily", []*discordgo.ApplicationCommandInteractionDataOption{opt("quiz", group, nil,
			opt("review-daily", sub, nil, opt("time", str, "21:00")))}, "quiz review daily 21:00"},
		{"quiz review stop", []*discordgo.ApplicationCommandInteractionDataOption{opt("quiz", group, nil,
			opt("review-stop", sub, nil))}, "quiz review stop"},
		{"interview start", []*discordgo.ApplicationCommandInteractionDataOption{opt("interview", group, nil, opt("start", sub, nil, opt("type", str, "design")))}, "interview design"},
		{"leaderboard week", []*discordgo.ApplicationCommandInteractionDataOption{opt("quiz", group, nil, opt("leaderboard", sub, nil, opt("period", str, "week")))}, "quiz leaderboard week"},
		{"quiz stop", []*discordgo.ApplicationCommandInteractionDataOption{opt("quiz", group, nil, opt("stop", sub, nil))}, "quiz stop"},
		{"quiz answer", []*discordgo.ApplicationCommandInteractionDataOption{opt("quiz", group, nil, opt("answer", sub, nil))}, "quiz answer"},
		{"quiz leaderboard", []*discordgo.ApplicationCommandInteractionDataOption{opt("quiz", group, nil, opt("leaderboard", sub, nil))}, "quiz leaderboard"},
		{"no options", nil, "help"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := commandText(bot.Grammar(), tc.opts); got != tc.want {
				t.Errorf("commandText = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestLocaleLang(t *testing.T) {
	for _, tc := range []struct {
		locale discordgo.Locale
		ask    bool
		want   bot.Lang
	}{
		{discordgo.Japanese, false, bot.Japanese},
		{discordgo.EnglishUS, false, bot.English},
		{discordgo.German, false, bot.English},
		{"", false, ""},
		{discordgo.Japanese, true, ""}, // a question is answered in its own language
	} {
		if got := localeLang(tc.locale, tc.ask); got != tc.want {
			t.Errorf("localeLang(%q, ask=%v) = %q, want %q", tc.locale, tc.ask, got, tc.want)
		}
	}
}
