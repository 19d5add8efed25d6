package discord

import (
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/backend-tip/backend-tip/bot"
)

// maxQuestion bounds the text taken from a context-menu target message
// (the ask option's own limit).
const maxQuestion = 2000

// messageQuestion turns "Ask backend-tip about this" on a message into an
// ask: the target message's text, which Discord puts in data.resolved
// without the MESSAGE_CONTENT intent. ok is false when the message has no
// text to ask about (only an attachment or an embed).
func messageQuestion(i *discordgo.Interaction) (text string, ok bool) {
	data := i.ApplicationCommandData()
	if data.Resolved == nil {
		return "", false
	}
	m := data.Resolved.Messages[data.TargetID]
	if m == nil {
		return "", false
	}
	q := strings.TrimSpace(m.Content)
	if q == "" {
		return "", false
	}
	return "ask " + truncate(q, maxQuestion), true
}

// outsideInstall reports whether the interaction comes from somewhere the
// bot itself is not: a DM or group DM, or a server where only the member
// installed the app (authorizing_integration_owners has no guild install).
// There the bot cannot post or schedule; only Anywhere commands run.
func outsideInstall(i *discordgo.Interaction) bool {
	if i.Context != discordgo.InteractionContextGuild && i.GuildID == "" {
		return true
	}
	if len(i.AuthorizingIntegrationOwners) == 0 {
		return false // older payloads: a guild interaction means a guild install
	}
	_, guild := i.AuthorizingIntegrationOwners[discordgo.ApplicationIntegrationGuildInstall]
	return !guild
}

// anywhere reports whether the command text's top-level command works
// outside the bot's install (ask, tip, roadmap, help).
func anywhere(table []bot.Command, text string) bool {
	path, _, ok := bot.Parse(table, text)
	if !ok {
		return true // unknown text gets help, which works anywhere
	}
	c, _ := bot.Lookup(table, path[:1])
	return c.Anywhere
}

// notHere is the private answer to a command that needs the bot in the
// channel.
func notHere(lang bot.Lang) bot.Reply {
	return bot.Reply{Ephemeral: true, Lang: lang, Text: lang.Pick(
		"このコマンドは backend-tip を追加したサーバーのチャンネルで使えます。ここでは ask・tip・roadmap・help が使えます。",
		"This command works in a channel of a server that added backend-tip. Here you can use ask, tip, roadmap and help.")}
}
