package discord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"

	"github.com/bwmarrin/discordgo"
)

// commandName is the one slash command the bot registers.
const commandName = "backend-tip"

// Command returns the /backend-tip definition: subcommands ask, roadmap,
// tip, help and a quiz group, mirroring the DESIGN grammar.
func Command() *discordgo.ApplicationCommand {
	str := discordgo.ApplicationCommandOptionString
	sub := func(name, en, ja string, opts ...*discordgo.ApplicationCommandOption) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionSubCommand, Name: name,
			Description: en, DescriptionLocalizations: inJapanese(ja), Options: opts}
	}
	return &discordgo.ApplicationCommand{
		Type:                     discordgo.ChatApplicationCommand,
		Name:                     commandName,
		Description:              "Answers, quizzes and a roadmap from the backend developer guide",
		DescriptionLocalizations: new(inJapanese("バックエンド開発ガイドに基づく回答・クイズ・ロードマップ")),
		Options: []*discordgo.ApplicationCommandOption{
			sub("ask", "Ask a question; the answer cites the guide", "質問するとガイドを引用して答えます",
				&discordgo.ApplicationCommandOption{Type: str, Name: "question", Description: "Your question",
					DescriptionLocalizations: inJapanese("質問"), Required: true, MaxLength: 2000}),
			sub("roadmap", "Show the 3-step learning roadmap", "3ステップの学習ロードマップを表示します",
				&discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionInteger, Name: "step",
					Description: "Step to show", DescriptionLocalizations: inJapanese("表示するステップ"),
					Choices: []*discordgo.ApplicationCommandOptionChoice{
						{Name: "1", Value: 1}, {Name: "2", Value: 2}, {Name: "3", Value: 3}}}),
			sub("tip", "A short tip from the guide", "ガイドから短いヒントを1つ"),
			sub("help", "How to use backend-tip", "使い方を表示します"),
			{
				Type: discordgo.ApplicationCommandOptionSubCommandGroup, Name: "quiz",
				Description: "Quizzes on the guide", DescriptionLocalizations: inJapanese("ガイドのクイズ"),
				Options: []*discordgo.ApplicationCommandOption{
					sub("now", "Post a quiz question now", "今すぐクイズを出題します"),
					sub("daily", "Post a quiz here every day at a time", "毎日決まった時刻にこのチャンネルへ出題します",
						&discordgo.ApplicationCommandOption{Type: str, Name: "time", Description: "Time of day, HH:MM (e.g. 09:00)",
							DescriptionLocalizations: inJapanese("時刻 HH:MM（例 09:00）"), Required: true, MaxLength: 5},
						&discordgo.ApplicationCommandOption{Type: str, Name: "timezone", Description: "IANA time zone (e.g. Asia/Tokyo)",
							DescriptionLocalizations: inJapanese("IANAタイムゾーン（例 Asia/Tokyo）"), MaxLength: 64}),
					sub("stop", "Stop the daily quiz in this channel", "このチャンネルの毎日のクイズを止めます"),
					sub("answer", "Reveal the answer to the open quiz", "出題中のクイズの答えを表示します"),
					sub("leaderboard", "Show scores and streaks", "スコアと連続正解を表示します"),
				},
			},
		},
	}
}

func inJapanese(s string) map[discordgo.Locale]string {
	return map[discordgo.Locale]string{discordgo.Japanese: s}
}

// registerCommands bulk-overwrites the command set (in GuildID when set,
// else globally) unless what Discord already has is the same definition.
// It reports whether it wrote.
func (a *Adapter) registerCommands(ctx context.Context) (bool, error) {
	if a.opts.AppID == "" {
		return false, errors.New("register commands: DISCORD_APP_ID is not set")
	}
	want := []*discordgo.ApplicationCommand{Command()}
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
// adds ids, versions and defaults that must not count as a change.
func sameCommands(have, want []*discordgo.ApplicationCommand) bool {
	return reflect.DeepEqual(canonCommands(have), canonCommands(want))
}

type canonOption struct {
	Type        int
	Name        string
	Description string
	DescJA      string
	Required    bool
	MaxLength   int
	Choices     []string
	Options     []canonOption
}

type canonCommand struct {
	Type        int
	Name        string
	Description string
	DescJA      string
	Options     []canonOption
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
		out = append(out, canonCommand{Type: t, Name: c.Name, Description: c.Description,
			DescJA: localizedPtr(c.DescriptionLocalizations), Options: canonOptions(c.Options)})
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
		co := canonOption{Type: int(o.Type), Name: o.Name, Description: o.Description,
			DescJA: localized(o.DescriptionLocalizations), Required: o.Required, MaxLength: o.MaxLength,
			Options: canonOptions(o.Options)}
		for _, ch := range o.Choices {
			v, _ := json.Marshal(ch.Value) // 1 and 1.0 both marshal as 1
			co.Choices = append(co.Choices, ch.Name+"="+string(v))
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
