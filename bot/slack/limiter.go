package slack

import (
	"context"
	"fmt"
	"time"

	"golang.org/x/time/rate"
)

// Slack limits most Web API methods per workspace and method, by tier:
// chat.update is Tier 3 (about 50 calls a minute). Every answer streaming
// through chat.update shares that budget, so a per-answer throttle alone
// lets a few concurrent answers exceed it. methodLimit is one budget for
// the whole workspace (one adapter = one bot token = one workspace).
type methodLimit struct {
	method string
	lim    *rate.Limiter
}

// Limit is at most N calls in any window of Per.
type Limit struct {
	N   int
	Per time.Duration
}

// Default budgets. chat.update: Tier 3, documented as 50+ a minute; we
// keep to 50. chat.appendStream's tier is not in the method's reference
// page we read; 100 a minute (Tier 4's floor) keeps streamed answers
// smooth while bounding a burst of them, and a skipped append only makes
// the next one longer.
var (
	defaultUpdateLimit = Limit{N: 50, Per: time.Minute}
	defaultAppendLimit = Limit{N: 100, Per: time.Minute}
)

// newMethodLimit builds a token bucket whose burst plus refill over Per
// never exceeds N, so no window of Per sees more than N calls.
func newMethodLimit(method string, l Limit) *methodLimit {
	burst := max(1, l.N/10)
	every := l.Per / time.Duration(max(1, l.N-burst))
	return &methodLimit{method: method, lim: rate.NewLimiter(rate.Every(every), burst)}
}

// tryNow takes a call now if the budget allows; otherwise it reports how
// long until it would. Streaming partials use it: a partial skipped is
// superseded by the next one.
func (m *methodLimit) tryNow() (bool, time.Duration) {
	r := m.lim.Reserve()
	if d := r.Delay(); d > 0 {
		r.Cancel()
		return false, d
	}
	return true, 0
}

// wait blocks until a call is allowed (final replies, which must go out).
func (m *methodLimit) wait(ctx context.Context) error {
	if err := m.lim.Wait(ctx); err != nil {
		return fmt.Errorf("%s: waiting for the workspace budget: %w", m.method, err)
	}
	return nil
}
