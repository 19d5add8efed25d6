package discord

import "github.com/bwmarrin/discordgo"

// threadPerms are the permissions the bot needs for a thread on its post:
// Create Public Threads to start it, Send Messages in Threads to post the
// follow-ups there. Without either Discord refuses (403, code 50013).
const threadPerms = discordgo.PermissionCreatePublicThreads | discordgo.PermissionSendMessagesInThreads

// maxPermChannels bounds a.threadPerms: channels beyond it push out the
// earliest recorded (they are looked up again from the next interaction).
const maxPermChannels = 4096

// threadsDenied reports whether the bot is known to lack the thread
// permissions in channelID. a.threadPerms remembers, per channel, whether
// the bot may start threads there: from app_permissions, which Discord
// sends with every interaction (the bot's permissions in the interaction's
// channel), or from a thread start refused with 50013. A channel it does
// not know keeps the type check alone (a scheduled post in a channel no one
// ran a command in). Unlike a channel's type, permissions change: the next
// interaction overwrites what a refusal recorded.
func (a *Adapter) threadsDenied(channelID string) bool {
	can, known := a.threadPerms.Get(channelID)
	return known && !can
}

// notePermissions records the bot's permissions in the interaction's
// channel. discordgo reads an absent app_permissions as 0, which no
// channel the bot answers in has (it needs View Channel at least), so 0
// stays unknown.
func (a *Adapter) notePermissions(i *discordgo.Interaction) {
	if i.ChannelID == "" || i.AppPermissions == 0 {
		return
	}
	a.threadPerms.Set(i.ChannelID, i.AppPermissions&threadPerms == threadPerms)
}
