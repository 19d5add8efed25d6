package answer

import (
	"time"

	"github.com/backend-tip/backend-tip/bot"
)

// factReply answers questions about the guide's structured facts (roadmap
// durations, pioneers, roles, career paths) with a direct first sentence.
// Filled in from content's facts; until then nothing matches.
func (a *Answerer) factReply(question, query string, lang bot.Lang, note string, start time.Time) (bot.Reply, bool) {
	return bot.Reply{}, false
}
