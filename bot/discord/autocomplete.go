package discord

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/backend-tip/backend-tip/bot"
)

// maxChoices is Discord's limit on autocomplete choices (and on choices).
const maxChoices = 25

// autocomplete answers an autocomplete interaction (type 4) with a type 8
// response: for a zone argument, IANA zones matching what the member has
// typed, the guild's usual zone first; for anything else, no suggestions.
func (a *Adapter) autocomplete(ctx context.Context, i *discordgo.Interaction, respond respondFunc) error {
	var choices []*discordgo.ApplicationCommandOptionChoice
	if arg, typed, ok := focusedArg(a.opts.Commands, i.ApplicationCommandData().Options); ok && arg.Kind == bot.ArgZone {
		for _, z := range bot.MatchZones(typed, a.usualZone(i), maxChoices) {
			choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: z, Value: z})
		}
	}
	return respond(ctx, &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices}})
}

// usualZone is the zone offered first: the one the guild's language
// suggests (a Japanese server: Asia/Tokyo), else the bot's default zone
// (BACKEND_TIP_TIMEZONE).
func (a *Adapter) usualZone(i *discordgo.Interaction) string {
	if i.GuildLocale != nil {
		if z, ok := localeZones[*i.GuildLocale]; ok {
			return z
		}
	}
	return a.opts.DefaultZone
}

// localeZones maps a guild's locale to the zone most of its members likely
// live in, where one zone covers the language's main country.
var localeZones = map[discordgo.Locale]string{
	discordgo.Japanese: "Asia/Tokyo", discordgo.Korean: "Asia/Seoul", discordgo.ChineseTW: "Asia/Taipei",
	discordgo.ChineseCN: "Asia/Shanghai", discordgo.EnglishGB: "Europe/London", discordgo.German: "Europe/Berlin",
	discordgo.French: "Europe/Paris", discordgo.Italian: "Europe/Rome", discordgo.Dutch: "Europe/Amsterdam",
	discordgo.Polish: "Europe/Warsaw", discordgo.Thai: "Asia/Bangkok", discordgo.Vietnamese: "Asia/Ho_Chi_Minh",
	discordgo.Hindi: "Asia/Kolkata", discordgo.Turkish: "Europe/Istanbul",
}

// focusedArg finds the option the member is typing in and its argument in
// the command table.
func focusedArg(table []bot.Command, opts []*discordgo.ApplicationCommandInteractionDataOption) (bot.Arg, string, bool) {
	if len(opts) == 0 || opts[0] == nil {
		return bot.Arg{}, "", false
	}
	o := opts[0]
	top, ok := bot.Lookup(table, bot.Path{o.Name})
	if !ok {
		return bot.Arg{}, "", false
	}
	cmd, values := top, o.Options
	if o.Type == discordgo.ApplicationCommandOptionSubCommandGroup {
		if len(o.Options) == 0 || o.Options[0] == nil {
			return bot.Arg{}, "", false
		}
		sub := o.Options[0]
		found := false
		for _, n := range flatten(top) {
			if n.name == sub.Name {
				cmd, values, found = n.cmd, sub.Options, true
				break
			}
		}
		if !found {
			return bot.Arg{}, "", false
		}
	}
	for _, v := range values {
		if v == nil || !v.Focused {
			continue
		}
		for _, arg := range cmd.Args {
			if arg.Name == v.Name {
				s, _ := v.Value.(string)
				return arg, strings.TrimSpace(s), true
			}
		}
	}
	return bot.Arg{}, "", false
}
