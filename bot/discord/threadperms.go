package discord

import (
	"sync"

	"github.com/bwmarrin/discordgo"
)

// threadPerms are the permissions the bot needs for a thread on its post:
// Create Public Threads to start it, Send Messages in Threads to post the
// follow-ups there. Without either Discord refuses (403, code 50013).
const threadPerms = discordgo.PermissionCreatePublicThreads | discordgo.PermissionSendMessagesInThreads

// maxPermChannels bounds permCache: channels beyond it push out the
// earliest recorded (they are looked up again from the next interaction).
const maxPermChannels = 4096

// permCache remembers, per channel, whether the bot may start threads
// there: from app_permissions, which Discord sends with every interaction
// (the bot's permissions in the interaction's channel), or from a thread
// start refused with 50013. A channel it does not know keeps the type
// check alone (a scheduled post in a channel no one ran a command in).
// Unlike a channel's type, permissions change: the next interaction
// overwrites what a refusal recorded.
type permCache struct {
	mu    sync.Mutex
	can   map[string]bool
	order []string // insertion order, oldest first, for eviction
}

// set records whether threads can be started in channelID.
func (c *permCache) set(channelID string, can bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.can == nil {
		c.can = map[string]bool{}
	}
	if _, ok := c.can[channelID]; !ok {
		if len(c.order) >= maxPermChannels {
			delete(c.can, c.order[0])
			c.order = c.order[1:]
		}
		c.order = append(c.order, channelID)
	}
	c.can[channelID] = can
}

// denied reports whether the bot is known to lack the thread permissions
// in channelID.
func (c *permCache) denied(channelID string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	can, known := c.can[channelID]
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
	a.threadPerms.set(i.ChannelID, i.AppPermissions&threadPerms == threadPerms)
}
