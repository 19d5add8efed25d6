package discord

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/backend-tip/backend-tip/bot"
)

// surface is where one answer is shown: an interaction's original response
// or a reply message. edit shows partial text; finish renders the final
// reply, splitting it over follow-up messages when it is too long.
type surface interface {
	edit(ctx context.Context, text string) error
	finish(ctx context.Context, r bot.Reply) error
}

// streamer is a bot.Stream that edits a surface at most once per interval
// with the latest text, then renders the final reply once. Edits happen on
// one goroutine (run), so they reach Discord in order.
type streamer struct {
	surf     surface
	interval time.Duration
	log      *slog.Logger

	mu     sync.Mutex
	latest string
	dirty  bool
	final  *bot.Reply

	kick chan struct{}
}

func newStreamer(surf surface, interval time.Duration, log *slog.Logger) *streamer {
	return &streamer{surf: surf, interval: interval, log: log, kick: make(chan struct{}, 1)}
}

// Update records the text so far; run shows it when the interval allows.
func (s *streamer) Update(partial string) {
	s.mu.Lock()
	if s.final != nil {
		s.mu.Unlock()
		return
	}
	s.latest, s.dirty = partial, true
	s.mu.Unlock()
	s.poke()
}

// Done records the final reply; only the first call counts.
func (s *streamer) Done(r bot.Reply) {
	s.mu.Lock()
	if s.final != nil {
		s.mu.Unlock()
		return
	}
	s.final = &r
	s.mu.Unlock()
	s.poke()
}

func (s *streamer) poke() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// run edits the surface until the final reply is rendered or ctx ends.
func (s *streamer) run(ctx context.Context) {
	var last time.Time
	for {
		select {
		case <-s.kick:
		case <-ctx.Done():
			return
		}
		for {
			s.mu.Lock()
			final, dirty := s.final, s.dirty
			s.mu.Unlock()
			if final != nil {
				if err := s.surf.finish(ctx, *final); err != nil {
					s.log.Warn("discord final reply failed", "err", err)
				}
				return
			}
			if !dirty {
				break
			}
			if wait := s.interval - time.Since(last); wait > 0 {
				t := time.NewTimer(wait)
				select {
				case <-t.C:
				case <-s.kick: // maybe the final reply: look again
					t.Stop()
					continue
				case <-ctx.Done():
					t.Stop()
					return
				}
			}
			s.mu.Lock()
			text := s.latest
			s.dirty = false
			s.mu.Unlock()
			if err := s.surf.edit(ctx, text); err != nil {
				s.log.Warn("discord streaming edit failed", "err", err)
			}
			last = time.Now()
		}
	}
}

// ackGate stands between a command and its streamer while the interaction
// is not yet acknowledged. A reply that is done within the budget is sent as
// the interaction response itself (one round trip, no edit); anything slower
// is deferred and then streamed.
type ackGate struct {
	st *streamer

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

func newAckGate(st *streamer) *ackGate {
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
