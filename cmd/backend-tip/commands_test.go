package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/console"
	"github.com/backend-tip/backend-tip/bot/discord"
)

// One row added to the command table shows up on every platform: in the
// help, as Discord options (and parsed back from them), typed in the
// console, and as Slack's slash command text (which the router parses).
func TestOneTableRowReachesEveryPlatform(t *testing.T) {
	table := append(bot.Grammar(), bot.Command{
		Name: "standup", Description: "a stand-up prompt", DescriptionJA: "朝会のお題",
		Subcommands: []bot.Command{{Name: "weekly", Description: "a weekly prompt",
			Args: []bot.Arg{{Name: "team", Kind: bot.ArgWord, Required: true, Description: "team"}}}},
	})
	var got []string
	handler := func(_ context.Context, req bot.Request, args string, s bot.Stream) error {
		got = append(got, req.Platform+"|"+args)
		s.Done(bot.Reply{Text: "standup for " + args})
		return nil
	}
	r := bot.NewRouter(bot.RouterOptions{Table: table, Handlers: map[string]bot.Handler{"standup weekly": handler}})

	if help := bot.HelpText(r.Commands(), bot.English); !strings.Contains(help, "/backend-tip standup weekly <team>`: a weekly prompt") {
		t.Errorf("help lacks the new subcommand:\n%s", help)
	}

	cmd := discord.Command(r.Commands())
	var group *discordgo.ApplicationCommandOption
	for _, o := range cmd.Options {
		if o.Name == "standup" {
			group = o
		}
	}
	if group == nil || len(group.Options) != 1 || group.Options[0].Name != "weekly" || group.Options[0].Options[0].Name != "team" {
		t.Fatalf("Discord command lacks standup weekly <team>: %+v", group)
	}
	text := discord.CommandText(r.Commands(), []*discordgo.ApplicationCommandInteractionDataOption{{
		Name: "standup", Type: discordgo.ApplicationCommandOptionSubCommandGroup,
		Options: []*discordgo.ApplicationCommandInteractionDataOption{{
			Name: "weekly", Type: discordgo.ApplicationCommandOptionSubCommand,
			Options: []*discordgo.ApplicationCommandInteractionDataOption{{Name: "team", Type: discordgo.ApplicationCommandOptionString, Value: "infra"}},
		}},
	}})
	r.Handle(context.Background(), bot.Request{Origin: bot.Origin{Platform: "discord"}, Text: text, Lang: bot.English}, bot.NewCollector())

	var out bytes.Buffer
	c := console.New(console.Options{In: strings.NewReader("/backend-tip standup weekly infra\n"), Out: &out, Handler: r})
	if err := c.Run(context.Background()); err != nil {
		t.Fatal(err)
	}

	// Slack hands the slash command's text to the router as it is.
	r.Handle(context.Background(), bot.Request{Origin: bot.Origin{Platform: "slack"}, Text: "standup weekly infra", Lang: bot.English}, bot.NewCollector())

	want := []string{"discord|infra", "console|infra", "slack|infra"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("handler calls %q, want %q", got, want)
	}
}
