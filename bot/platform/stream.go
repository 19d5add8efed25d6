package platform

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/backend-tip/backend-tip/bot"
)

// Surface is where one reply is shown. Edit shows partial text (already
// fitted to PreviewLimit); Finish renders the final reply, splitting it
// over further messages when it is long. Both are called from one
// goroutine, in order.
type Surface interface {
	Edit(ctx context.Context, text string) error
	Finish(ctx context.Context, r bot.Reply) error
}

// SlowDown is an error a Surface returns when the platform asked it to
// wait (a rate limit): the stream waits After before the next edit.
type SlowDown struct {
	After time.Duration
	Err   error
}

func (s *SlowDown) Error() string { return "rate limited: " + s.Err.Error() }
func (s *SlowDown) Unwrap() error { return s.Err }

// StreamOptions configure a Stream.
type StreamOptions struct {
	// Interval is the least time between two edits (default 1 s).
	Interval time.Duration
	// PreviewLimit bounds the partial text handed to Edit, under Measure;
	// a longer partial shows its head and an ellipsis (default 2000).
	PreviewLimit int
	Measure      Measure // default Runes
	// Placeholder, when set, is shown by Edit when neither text nor the
	// final reply arrived within PlaceholderAfter (default 1 s). A refusal
	// (rate limit, nothing in the guide) is quicker than that, so it never
	// leaves a public placeholder behind.
	Placeholder      string
	PlaceholderAfter time.Duration
	// FinishTimeout bounds Finish, which runs even after the work's own
	// context ended: a late answer or apology beats silence (default 1 min).
	FinishTimeout time.Duration
	Logger        *slog.Logger
}

// Stream is a bot.Stream that edits a Surface at most once per Interval
// with the latest text, then finishes it once with the final reply. It is
// the only throttle between a model and a platform.
type Stream struct {
	surf Surface
	opts StreamOptions

	mu     sync.Mutex
	latest string
	dirty  bool
	final  *bot.Reply

	kick     chan struct{}
	finished chan struct{}
}

// NewStream returns a Stream for surf; Run shows what it receives.
func NewStream(surf Surface, opts StreamOptions) *Stream {
	if opts.Interval <= 0 {
		opts.Interval = time.Second
	}
	if opts.PreviewLimit <= 0 {
		opts.PreviewLimit = 2000
	}
	if opts.Measure == nil {
		opts.Measure = Runes
	}
	if opts.PlaceholderAfter <= 0 {
		opts.PlaceholderAfter = time.Second
	}
	if opts.FinishTimeout <= 0 {
		opts.FinishTimeout = time.Minute
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Stream{surf: surf, opts: opts, kick: make(chan struct{}, 1), finished: make(chan struct{})}
}

var _ bot.Stream = (*Stream)(nil)

// Update records the text so far; Run shows the latest when it may.
func (s *Stream) Update(partial string) {
	s.mu.Lock()
	if s.final != nil || partial == "" {
		s.mu.Unlock()
		return
	}
	s.latest, s.dirty = partial, true
	s.mu.Unlock()
	s.poke()
}

// Done records the final reply; only the first call counts.
func (s *Stream) Done(r bot.Reply) {
	s.mu.Lock()
	if s.final != nil {
		s.mu.Unlock()
		return
	}
	s.final = &r
	s.mu.Unlock()
	s.poke()
}

// Wait returns a channel closed once Finish has returned.
func (s *Stream) Wait() <-chan struct{} { return s.finished }

func (s *Stream) poke() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// Start runs the stream in the background.
func (s *Stream) Start(ctx context.Context) { go s.Run(ctx) }

// Run edits the surface until the final reply is finished. When ctx ends
// first it stops editing and waits for the final reply, which the router
// always sends (an apology at worst), so the user is never left hanging.
func (s *Stream) Run(ctx context.Context) {
	defer close(s.finished)
	var next time.Time // earliest next edit
	shown := false
	var placeholder <-chan time.Time
	if s.opts.Placeholder != "" {
		t := time.NewTimer(s.opts.PlaceholderAfter)
		defer t.Stop()
		placeholder = t.C
	}
	var timer *time.Timer
	stopTimer := func() {
		if timer != nil {
			timer.Stop()
			timer = nil
		}
	}
	defer stopTimer()
	for {
		stopTimer()
		var wait <-chan time.Time
		if s.isDirty() {
			timer = time.NewTimer(max(time.Until(next), 0))
			wait = timer.C
		}
		select {
		case <-s.kick:
			if s.finish(ctx) {
				return
			}
		case <-placeholder:
			placeholder = nil
			if !shown {
				shown = true
				next = s.edit(ctx, s.opts.Placeholder)
			}
		case <-wait:
			s.mu.Lock()
			text := s.latest
			s.dirty = false
			s.mu.Unlock()
			shown, placeholder = true, nil
			next = s.edit(ctx, Fit(text, s.opts.PreviewLimit, s.opts.Measure))
		case <-ctx.Done():
			// No more edits; only the final reply, which the router
			// always sends (an apology at worst).
			for !s.finish(ctx) {
				<-s.kick
			}
			return
		}
	}
}

func (s *Stream) isDirty() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dirty && s.final == nil
}

// edit shows text and returns the earliest time of the next edit.
func (s *Stream) edit(ctx context.Context, text string) time.Time {
	err := s.surf.Edit(ctx, text)
	next := time.Now().Add(s.opts.Interval)
	var slow *SlowDown
	switch {
	case errors.As(err, &slow):
		s.opts.Logger.Warn("streaming edit rate limited; slowing down", "retry_after", slow.After)
		next = time.Now().Add(max(slow.After, s.opts.Interval))
	case err != nil && ctx.Err() == nil:
		s.opts.Logger.Warn("streaming edit failed", "err", err)
	}
	return next
}

// finish renders the final reply if it has arrived and reports whether it did.
func (s *Stream) finish(ctx context.Context) bool {
	s.mu.Lock()
	final := s.final
	s.mu.Unlock()
	if final == nil {
		return false
	}
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.opts.FinishTimeout)
	defer cancel()
	if err := s.surf.Finish(fctx, *final); err != nil {
		s.opts.Logger.Error("final reply failed", "err", err)
	}
	return true
}
