package discord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/backend-tip/backend-tip/bot"
)

// commandName is the one slash command the bot registers.
const commandName = "backend-tip"

// Command returns the /backend-tip definition generated from the command
// table: a top-level command becomes a subcommand with typed options; one
// with subcommands becomes a subcommand group, its own form named by Bare
// ("quiz now") and a nested subcommand flattened with a hyphen
// ("quiz review-daily"), since Discord nests only two levels. Names and
// descriptions carry their Japanese localizations; zone arguments
// autocomplete; choices carry readable names in both languages.
//
// The command is installable by a guild and by a user for themselves
// (integration_types 0 and 1) and usable in guilds, DMs with the bot and
// private channels (contexts 0, 1, 2): Discord sets these per top-level
// command only, so commands that need the bot in the channel (quiz,
// interview, progress) are refused at run time outside it (see
// outsideInstall), while ask, tip, roadmap and help work anywhere.
func Command(table []bot.Command) *discordgo.ApplicationCommand {
	var opts []*discordgo.ApplicationCommandOption
	for _, c := range table {
		if len(c.Subcommands) == 0 {
			opts = append(opts, subcommand(c.Name, c.NameJA, c))
			continue
		}
		group := &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionSubCommandGroup,
			Name: c.Name, NameLocalizations: inJapanese(c.NameJA),
			Description: describe(c.Description), DescriptionLocalizations: inJapanese(c.DescriptionJA)}
		for _, n := range flatten(c) {
			group.Options = append(group.Options, subcommand(n.name, n.nameJA, n.cmd))
		}
		opts = append(opts, group)
	}
	return &discordgo.ApplicationCommand{
		Type:                     discordgo.ChatApplicationCommand,
		Name:                     commandName,
		Description:              "Answers, quizzes and a roadmap from the backend developer guide",
		DescriptionLocalizations: new(inJapanese("バックエンド開発ガイドに基づく回答・クイズ・ロードマップ")),
		Options:                  opts,
		IntegrationTypes:         new(everyInstall()),
		Contexts:                 new(everyContext()),
	}
}

// askMessageName is the message context menu command (type 3): right-click
// a message > Apps. Context menu names may have spaces and capitals, up to
// 32 characters ("Ask backend-tip about this message" is 34).
const askMessageName = "Ask backend-tip about this"

// askMessageNameJA is its Japanese name.
const askMessageNameJA = "backend-tipにこの内容を質問"

// AskAboutMessage is the message context menu command: it asks about the
// target message's text, which Discord sends with the interaction without
// the MESSAGE_CONTENT intent (also the answer to "reply + @bot explain
// this", whose referenced message arrives empty without the intent).
func AskAboutMessage() *discordgo.ApplicationCommand {
	return &discordgo.ApplicationCommand{
		Type:              discordgo.MessageApplicationCommand,
		Name:              askMessageName,
		NameLocalizations: new(inJapanese(askMessageNameJA)),
		IntegrationTypes:  new(everyInstall()),
		Contexts:          new(everyContext()),
	}
}

// Commands is the whole set the bot registers. Installation and
// interaction contexts apply only to global commands, so commands
// registered in one guild (DISCORD_GUILD_ID, for testing) go without them.
func Commands(table []bot.Command, global bool) []*discordgo.ApplicationCommand {
	cmds := []*discordgo.ApplicationCommand{Command(table), AskAboutMessage()}
	if !global {
		for _, c := range cmds {
			c.IntegrationTypes, c.Contexts = nil, nil
		}
	}
	return cmds
}

func everyInstall() []discordgo.ApplicationIntegrationType {
	return []discordgo.ApplicationIntegrationType{discordgo.ApplicationIntegrationGuildInstall, discordgo.ApplicationIntegrationUserInstall}
}

func everyContext() []discordgo.InteractionContextType {
	return []discordgo.InteractionContextType{discordgo.InteractionContextGuild, discordgo.InteractionContextBotDM, discordgo.InteractionContextPrivateChannel}
}

// named is a command under a group with its Discord subcommand name and
// its path below the group.
type named struct {
	name, nameJA string
	path         bot.Path
	cmd          bot.Command
}

// flatten lists the Discord subcommands of group c: its bare form (when
// named), its subcommands, and theirs joined with a hyphen.
func flatten(c bot.Command) []named {
	var out []named
	if c.Bare != "" {
		out = append(out, named{name: c.Bare, nameJA: c.BareJA, cmd: c})
	}
	for _, sub := range c.Subcommands {
		out = append(out, named{name: sub.Name, nameJA: sub.NameJA, path: bot.Path{sub.Name}, cmd: sub})
		for _, leaf := range sub.Subcommands {
			ja := ""
			if sub.NameJA != "" && leaf.NameJA != "" {
				ja = sub.NameJA + "-" + leaf.NameJA
			}
			out = append(out, named{name: sub.Name + "-" + leaf.Name, nameJA: ja, path: bot.Path{sub.Name, leaf.Name}, cmd: leaf})
		}
	}
	return out
}

func subcommand(name, nameJA string, c bot.Command) *discordgo.ApplicationCommandOption {
	o := &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionSubCommand, Name: name,
		NameLocalizations: inJapanese(nameJA),
		Description:       describe(c.Description), DescriptionLocalizations: inJapanese(c.DescriptionJA)}
	for _, arg := range c.Args {
		opt := &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString, Name: arg.Name,
			NameLocalizations: inJapanese(arg.NameJA),
			Description:       describe(arg.Description), DescriptionLocalizations: inJapanese(arg.DescriptionJA),
			Required: arg.Required, MaxLength: arg.MaxLength, Autocomplete: arg.Kind == bot.ArgZone}
		for _, ch := range arg.Choices {
			label, ok := arg.ChoiceLabels[ch]
			if !ok {
				label = bot.Label{EN: ch}
			}
			opt.Choices = append(opt.Choices, &discordgo.ApplicationCommandOptionChoice{Name: truncate(label.EN, 100),
				NameLocalizations: inJapanese(label.JA), Value: ch})
		}
		o.Options = append(o.Options, opt)
	}
	return o
}

// describe fits a description into Discord's 1–100 characters.
func describe(s string) string {
	if s == "" {
		return "-"
	}
	return truncate(s, 100)
}

func inJapanese(s string) map[discordgo.Locale]string {
	if s == "" {
		return nil
	}
	return map[discordgo.Locale]string{discordgo.Japanese: truncate(s, 100)}
}

// CommandText maps a /backend-tip interaction's options to the command
// text the router parses (see commandText).
func CommandText(table []bot.Command, opts []*discordgo.ApplicationCommandInteractionDataOption) string {
	return commandText(table, opts)
}

// commandText maps an interaction's options back to the grammar text the
// router parses, through the same table: "quiz daily 09:00 Asia/Tokyo
// weekdays", each option value in the order of the command's arguments.
func commandText(table []bot.Command, opts []*discordgo.ApplicationCommandInteractionDataOption) string {
	if len(opts) == 0 || opts[0] == nil {
		return "help"
	}
	o := opts[0]
	top, ok := bot.Lookup(table, bot.Path{o.Name})
	if !ok {
		return "help"
	}
	path, cmd, values := bot.Path{top.Name}, top, o.Options
	if o.Type == discordgo.ApplicationCommandOptionSubCommandGroup {
		if len(o.Options) == 0 || o.Options[0] == nil {
			return top.Name
		}
		sub := o.Options[0]
		found := false
		for _, n := range flatten(top) {
			if n.name == sub.Name {
				path, cmd, values, found = append(path, n.path...), n.cmd, sub.Options, true
				break
			}
		}
		if !found {
			return "help"
		}
	}
	parts := []string(path)
	for _, arg := range cmd.Args {
		if v := strings.TrimSpace(optionValue(values, arg.Name)); v != "" {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, " ")
}

// registerCommands bulk-overwrites the command set (in GuildID when set,
// else globally) unless what Discord already has is the same definition.
// It reports whether it wrote.
func (a *Adapter) registerCommands(ctx context.Context) (bool, error) {
	if a.opts.AppID == "" {
		return false, errors.New("register commands: DISCORD_APP_ID is not set")
	}
	want := Commands(a.opts.Commands, a.opts.GuildID == "")
	have, err := a.session.ApplicationCommands(a.opts.AppID, a.opts.GuildID, discordgo.WithContext(ctx))
	if err != nil {
		return false, fmt.Errorf("list commands: %w", restHint(err))
	}
	if sameCommands(have, want) {
		return false, nil
	}
	if _, err := a.session.ApplicationCommandBulkOverwrite(a.opts.AppID, a.opts.GuildID, want, discordgo.WithContext(ctx)); err != nil {
		return false, fmt.Errorf("overwrite commands: %w", restHint(err))
	}
	return true, nil
}

// sameCommands compares the parts of command definitions we set; Discord
// adds ids, versions and defaults that must not count as a change: a
// missing type is 1 (chat input), missing integration_types [0], missing
// contexts null. The fields Discord defaults that we never set
// (default_member_permissions null, dm_permission true, nsfw false) are
// not compared.
func sameCommands(have, want []*discordgo.ApplicationCommand) bool {
	return reflect.DeepEqual(canonCommands(have), canonCommands(want))
}

type canonChoice struct {
	Name, NameJA, Value string
}

type canonOption struct {
	Type                int
	Name, NameJA        string
	Description, DescJA string
	Required            bool
	Autocomplete        bool
	MaxLength           int
	Choices             []canonChoice
	Options             []canonOption
}

type canonCommand struct {
	Type                int
	Name, NameJA        string
	Description, DescJA string
	Installs, Contexts  string
	Options             []canonOption
}

func canonCommands(cmds []*discordgo.ApplicationCommand) []canonCommand {
	out := make([]canonCommand, 0, len(cmds))
	for _, c := range cmds {
		if c == nil {
			continue
		}
		t := int(c.Type)
		if t == 0 {
			t = int(discordgo.ChatApplicationCommand)
		}
		cc := canonCommand{Type: t, Name: c.Name, NameJA: localizedPtr(c.NameLocalizations), Description: c.Description,
			DescJA: localizedPtr(c.DescriptionLocalizations), Options: canonOptions(c.Options)}
		// Discord stores a command registered without integration_types
		// (every guild command) as [0], guild install, and returns that
		// (discord-api-docs#6744); contexts left out come back null.
		cc.Installs = fmt.Sprint([]discordgo.ApplicationIntegrationType{discordgo.ApplicationIntegrationGuildInstall})
		if c.IntegrationTypes != nil && len(*c.IntegrationTypes) > 0 {
			cc.Installs = fmt.Sprint(*c.IntegrationTypes)
		}
		if c.Contexts != nil && len(*c.Contexts) > 0 {
			cc.Contexts = fmt.Sprint(*c.Contexts)
		}
		out = append(out, cc)
	}
	return out
}

func canonOptions(opts []*discordgo.ApplicationCommandOption) []canonOption {
	if len(opts) == 0 {
		return nil
	}
	out := make([]canonOption, 0, len(opts))
	for _, o := range opts {
		if o == nil {
			continue
		}
		co := canonOption{Type: int(o.Type), Name: o.Name, NameJA: localized(o.NameLocalizations), Description: o.Description,
			DescJA: localized(o.DescriptionLocalizations), Required: o.Required, Autocomplete: o.Autocomplete,
			MaxLength: o.MaxLength, Options: canonOptions(o.Options)}
		for _, ch := range o.Choices {
			v, _ := json.Marshal(ch.Value) // 1 and 1.0 both marshal as 1
			co.Choices = append(co.Choices, canonChoice{Name: ch.Name, NameJA: localized(ch.NameLocalizations), Value: string(v)})
		}
		out = append(out, co)
	}
	return out
}

func localized(m map[discordgo.Locale]string) string { return m[discordgo.Japanese] }

func localizedPtr(m *map[discordgo.Locale]string) string {
	if m == nil {
		return ""
	}
	return localized(*m)
}

// restHint turns an authentication failure into an error that says what
// to fix.
func restHint(err error) error {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusUnauthorized {
		return fmt.Errorf("%w: %w", ErrBadToken, err)
	}
	return err
}
