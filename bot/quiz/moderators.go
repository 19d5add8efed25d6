package quiz

import (
	"fmt"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/store"
)

// Moderators is the one policy for who may schedule, change or stop a
// channel's quiz (DESIGN.md, "who may schedule"):
//   - the console (whoever runs the bot) always;
//   - the user ids in BACKEND_TIP_ADMINS everywhere;
//   - Discord: members with Manage Channels in the channel;
//   - Slack, which tells a bot nothing about channel roles: workspace admins
//     and owners, and the member who subscribed the channel; a channel with
//     no schedule may be subscribed by any member.
//
// Platform facts come in the request (bot.Request.Role, filled by the
// adapter), so the policy itself needs no platform API.
type Moderators struct {
	Admins map[string]bool // user ids (Slack or Discord)
}

// NewModerators builds the policy over BACKEND_TIP_ADMINS.
func NewModerators(admins []string) Moderators {
	m := Moderators{Admins: map[string]bool{}}
	for _, id := range admins {
		if id != "" {
			m.Admins[id] = true
		}
	}
	return m
}

// MayChange reports whether req's member may schedule, change or stop the
// channel's quiz; sub is its current schedule (nil: none).
func (m Moderators) MayChange(req bot.Request, sub *store.Subscription) bool {
	switch {
	case req.Platform == "console" || req.Role == bot.RoleOperator:
		return true
	case req.UserID != "" && m.Admins[req.UserID]:
		return true
	case req.Platform == "discord":
		return req.Role == bot.RoleChannelManager
	}
	// Slack and any platform without channel roles.
	return req.Role == bot.RoleWorkspaceAdmin || sub == nil || (sub.Owner != "" && sub.Owner == req.UserID)
}

// Refusal is the private answer to a member who may not change the
// channel's quiz: it says who can.
func (m Moderators) Refusal(req bot.Request, sub *store.Subscription) bot.Reply {
	lang := req.Lang
	var text string
	switch {
	case req.Platform == "discord":
		text = lang.Pick("このチャンネルのクイズを登録・変更・停止できるのは、「チャンネルの管理」権限を持つメンバーとボットの管理者（BACKEND_TIP_ADMINS）だけです。",
			"Only members with the Manage Channels permission and the bot's admins (BACKEND_TIP_ADMINS) can schedule, change or stop this channel's quiz.")
	case sub != nil && sub.Owner != "":
		owner := bot.DefuseMentions(sub.Owner)
		text = lang.Pick(fmt.Sprintf("このチャンネルのクイズを変更・停止できるのは、登録した <@%s>、ワークスペースの管理者・オーナー、ボットの管理者（BACKEND_TIP_ADMINS）だけです。", owner),
			fmt.Sprintf("Only <@%s> (who subscribed this channel), workspace admins and owners, and the bot's admins (BACKEND_TIP_ADMINS) can change or stop this channel's quiz.", owner))
	default:
		text = lang.Pick("このチャンネルのクイズを変更・停止できるのは、登録したメンバー、ワークスペースの管理者・オーナー、ボットの管理者（BACKEND_TIP_ADMINS）だけです。",
			"Only the member who subscribed this channel, workspace admins and owners, and the bot's admins (BACKEND_TIP_ADMINS) can change or stop this channel's quiz.")
	}
	return bot.Reply{Ephemeral: true, Lang: lang, Text: text}
}
