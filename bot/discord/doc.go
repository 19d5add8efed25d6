// Package discord is backend-tip's Discord adapter, built on discordgo. It
// registers the /backend-tip slash command, receives interactions over the
// gateway or the signed HTTP endpoint, answers mentions in their reply chain
// or thread, and renders bot.Reply as Discord messages that never ping anyone
// and never exceed Discord's limits.
package discord
