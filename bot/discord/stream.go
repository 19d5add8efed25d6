package discord

import (
	"log/slog"
	"sync"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/platform"
)

// newStream is the throttled stream into surf: platform.Stream measuring
// Discord's UTF-16 units. The caller runs it.
func (a *Adapter) newStream(surf platform.Surface, log *slog.Logger) *platform.Stream {
	return platform.NewStream(surf, platform.StreamOptions{
		Interval: a.opts.StreamInterval, PreviewLimit: maxContent - 2, Measure: platform.UTF16, Logger: log,
	})
}

// ackGate stands between a command and its streamer while the interaction
// is not yet acknowledged. A reply that is done within the budget is sent as
// the interaction response itself (one round trip, no edit); anything slower
// is deferred and then streamed.
type ackGate struct {
	st *platform.Stream

	mu      sync.Mutex
	state   gateState
	early   chan bot.Reply
	updated chan struct{}
}

type gateState int

const (
	gatePending  gateState = iota
	gateEarly              // done within the budget: answered directly
	gateDeferred           // acknowledged with type 5: the streamer shows it
)

func newAckGate(st *platform.Stream) *ackGate {
	return &ackGate{st: st, early: make(chan bot.Reply, 1), updated: make(chan struct{}, 1)}
}

// Update passes text to the streamer and, while pending, asks for a defer:
// a command that streams is a slow one.
func (g *ackGate) Update(partial string) {
	g.mu.Lock()
	state := g.state
	g.mu.Unlock()
	if state == gateEarly {
		return
	}
	g.st.Update(partial)
	if state == gatePending {
		select {
		case g.updated <- struct{}{}:
		default:
		}
	}
}

// Done answers directly while pending, else hands the reply to the streamer.
func (g *ackGate) Done(r bot.Reply) {
	g.mu.Lock()
	switch g.state {
	case gatePending:
		g.state = gateEarly
		g.mu.Unlock()
		g.early <- r
		return
	case gateEarly:
		g.mu.Unlock()
		return
	}
	g.mu.Unlock()
	g.st.Done(r)
}

// claimDefer switches to deferred mode unless Done got there first.
func (g *ackGate) claimDefer() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.state != gatePending {
		return false
	}
	g.state = gateDeferred
	return true
}
