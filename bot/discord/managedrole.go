package discord

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// Discord gives every bot a managed role in each guild, named like the bot;
// members often pick that role from the @ list instead of the bot user.
// discordgo's Role lacks the role's tags, so GUILD_CREATE is read raw for
// the role whose tags.bot_id is this bot.

// guildRoles is the part of GUILD_CREATE that names the managed role.
type guildRoles struct {
	ID    string `json:"id"`
	Roles []struct {
		ID   string `json:"id"`
		Tags struct {
			BotID string `json:"bot_id"`
		} `json:"tags"`
	} `json:"roles"`
}

// onRawEvent records the bot's managed role from GUILD_CREATE.
func (a *Adapter) onRawEvent(_ *discordgo.Session, e *discordgo.Event) {
	if e == nil || e.Type != "GUILD_CREATE" {
		return
	}
	var g guildRoles
	if err := json.Unmarshal(e.RawData, &g); err != nil || g.ID == "" {
		return
	}
	self := a.self()
	for _, r := range g.Roles {
		if self != "" && r.Tags.BotID == self {
			a.botRoles.Store(g.ID, r.ID)
			return
		}
	}
}

// botRole is the bot's managed role in guild, or "".
func (a *Adapter) botRole(guildID string) string {
	v, _ := a.botRoles.Load(guildID)
	id, _ := v.(string)
	return id
}

// mentionsRole reports whether m mentions the bot's managed role.
func mentionsRole(m *discordgo.Message, role string) bool {
	return role != "" && slices.Contains(m.MentionRoles, role)
}

// stripRole removes mentions of the bot's managed role from content.
func stripRole(content, role string) string {
	if role == "" {
		return content
	}
	return strings.TrimSpace(strings.ReplaceAll(content, "<@&"+role+">", " "))
}
