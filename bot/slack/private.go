package slack

import (
	"context"
	"strings"

	"github.com/slack-go/slack"

	"github.com/backend-tip/backend-tip/bot"
)

// privateFlags make `/backend-tip ask -p <question>` answer privately.
var privateFlags = map[string]bool{"-p": true, "--private": true}

// privateAsk strips the private flag of an ask and reports whether it was there.
func privateAsk(text string) (string, bool) {
	fields := strings.Fields(text)
	if len(fields) < 2 || !strings.EqualFold(fields[0], "ask") || !privateFlags[strings.ToLower(fields[1])] {
		return text, false
	}
	rest := strings.TrimSpace(text)
	rest = strings.TrimSpace(rest[len(fields[0]):])
	rest = strings.TrimSpace(rest[len(fields[1]):])
	return "ask " + rest, true
}

// privateAsk answers an ask only the asker sees (through the slash
// command's response_url): no placeholder in the channel, no streaming
// there, the final answer ephemeral.
func (a *Adapter) privateAsk(ctx context.Context, cmd slack.SlashCommand) {
	req := bot.Request{
		ID: cmd.TriggerID, Platform: platformName, TeamID: cmd.TeamID, ChannelID: cmd.ChannelID,
		UserID: cmd.UserID, UserName: cmd.UserName, Text: cmd.Text, Kind: bot.KindCommand,
	}
	t := target{channel: cmd.ChannelID, user: cmd.UserID, team: cmd.TeamID, responseURL: cmd.ResponseURL}
	a.runRequest(ctx, req, a.newStreamOn(ctx, &privateSurface{surface{a: a, t: t}}, t, ""))
}

// privateSurface shows nothing while the answer is written and delivers
// the final reply to the asker only.
type privateSurface struct{ surface }

// Edit shows nothing: an ephemeral message cannot be edited by a bot.
func (p *privateSurface) Edit(context.Context, string) error { return nil }

// Finish delivers the reply ephemerally.
func (p *privateSurface) Finish(ctx context.Context, final bot.Reply) error {
	final.Ephemeral = true
	return p.surface.Finish(ctx, final)
}
