package slack

import (
	"context"
	"fmt"
	"time"

	"golang.org/x/time/rate"

	"github.com/backend-tip/backend-tip/bot"
)

// Slack limits most Web API methods per workspace and method, by tier:
// chat.update is Tier 3 (about 50 calls a minute). Every answer streaming
// through chat.update shares that budget, so a per-answer throttle alone
// lets a few concurrent answers exceed it. methodLimit is one budget for
// the whole workspace (one adapter = one bot token = one workspace).
type methodLimit struct {
	method  string
	lim     *rate.Limiter
	reserve int // tokens partials leave for final replies
}

// Limit is at most N calls in any window of Per.
type Limit struct {
	N   int
	Per time.Duration
}

// Default budgets, from the methods' reference pages (docs.slack.dev,
// "Rate Limits"): chat.update is Tier 3, 50+ a minute; we keep to 50.
// chat.appendStream is Tier 4, 100+ a minute; we keep to 100, and a
// skipped append only makes the next one longer. chat.startStream and
// chat.stopStream are Tier 2 (20+ a minute) but only one each per answer:
// a rate-limited start posts the answer instead (streaming.go), a stop
// waits out Slack's Retry-After.
var (
	defaultUpdateLimit = Limit{N: 50, Per: time.Minute}
	defaultAppendLimit = Limit{N: 100, Per: time.Minute}
)

// newMethodLimit builds a token bucket whose burst plus refill over Per
// never exceeds N, so no window of Per sees more than N calls.
func newMethodLimit(method string, l Limit) *methodLimit {
	burst := max(2, l.N/10)
	every := l.Per / time.Duration(max(1, l.N-burst))
	return &methodLimit{method: method, lim: rate.NewLimiter(rate.Every(every), burst), reserve: burst / 2}
}

// tryNow takes a call now for a streaming partial if the budget allows
// and leaves its reserve for final replies; otherwise it reports how long
// to wait. A partial skipped is superseded by the next one.
func (m *methodLimit) tryNow() (bool, time.Duration) {
	if short := float64(m.reserve) + 1 - m.lim.Tokens(); short > 0 {
		return false, time.Duration(short / float64(m.lim.Limit()) * float64(time.Second))
	}
	r := m.lim.Reserve()
	if d := r.Delay(); d > 0 {
		r.Cancel()
		return false, d
	}
	return true, 0
}

// finalWait bounds how long a final reply waits for the budget. A final
// must go out (and before a shutdown's drain ends); past this wait it is
// sent over budget, and if Slack then rate-limits it the bot waits the
// Retry-After Slack gives.
const finalWait = 10 * time.Second

// waitFinal waits for the budget for a final reply, at most finalWait.
func (m *methodLimit) waitFinal(ctx context.Context) error {
	r := m.lim.Reserve()
	d := r.Delay()
	if d > finalWait {
		r.Cancel()
		return nil // over budget rather than late
	}
	if err := bot.Sleep(ctx, d); err != nil {
		r.Cancel()
		return fmt.Errorf("%s: waiting for the workspace budget: %w", m.method, err)
	}
	return nil
}
