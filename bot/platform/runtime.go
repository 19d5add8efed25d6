package platform

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/backend-tip/backend-tip/bot"
)

// Errors Go returns when it refuses work.
var (
	// ErrClosed: the runtime is draining for shutdown.
	ErrClosed = errors.New("platform: shutting down")
	// ErrBusy: the budget and its waiting line are full.
	ErrBusy = errors.New("platform: too much work in flight")
)

// DefaultQueue is how many work items may wait for the budget.
const DefaultQueue = 10_000

// Options configure a Runtime.
type Options struct {
	// Budget bounds the work items (commands, mentions) running at once
	// (default 64): the one admission limit of the bot. Work beyond it
	// waits after its platform's ack, so acks stay fast and the heap does
	// not grow with a burst.
	Budget int
	// Queue bounds the work items waiting for the budget (default
	// DefaultQueue); beyond it Go refuses with ErrBusy. A waiting item is a
	// parked goroutine of a few KiB that has done nothing yet, so the line
	// can be long: it absorbs a burst of thousands of acknowledged commands
	// and still bounds memory under a flood.
	Queue int
	// WorkTimeout bounds one work item from its start (default 3 min).
	WorkTimeout time.Duration
	Logger      *slog.Logger
}

// Runtime runs adapters' work in the background: bounded, recovered from
// panics, and drained at shutdown. One Runtime is shared by every adapter.
type Runtime struct {
	opts  Options
	log   *slog.Logger
	slots chan struct{}

	// base outlives the request that started the work (it continues after
	// the ack); Drain cancels it.
	base   context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	closed  bool
	pending int // admitted, not yet finished
	work    sync.WaitGroup
}

// New returns a Runtime; it starts nothing until Go.
func New(opts Options) *Runtime {
	if opts.Budget <= 0 {
		opts.Budget = 64
	}
	if opts.Queue <= 0 {
		opts.Queue = DefaultQueue
	}
	if opts.WorkTimeout <= 0 {
		opts.WorkTimeout = 3 * time.Minute
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	base, cancel := context.WithCancel(context.Background())
	return &Runtime{opts: opts, log: opts.Logger, slots: make(chan struct{}, opts.Budget), base: base, cancel: cancel}
}

// Go runs fn in the background once one of the Budget slots is free, with
// its own deadline (WorkTimeout, or timeout when shorter and positive). A
// panic in fn is logged, never fatal. It refuses with ErrClosed during
// shutdown and ErrBusy when the waiting line is full.
func (r *Runtime) Go(what string, timeout time.Duration, fn func(ctx context.Context)) error {
	return r.start(what, true, timeout, fn)
}

// GoQuick is Go for work that is quick by nature (button clicks, pings): it
// never waits for a slot and is never refused for being busy.
func (r *Runtime) GoQuick(what string, fn func(ctx context.Context)) error {
	return r.start(what, false, 0, fn)
}

func (r *Runtime) start(what string, bounded bool, timeout time.Duration, fn func(ctx context.Context)) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case r.closed:
		r.log.Warn("shutting down: refused work", "what", what)
		return ErrClosed
	case bounded && r.pending >= r.opts.Budget+r.opts.Queue:
		r.log.Warn("too much work in flight: refused", "what", what, "pending", r.pending)
		return ErrBusy
	}
	if bounded {
		r.pending++
	}
	if timeout <= 0 || timeout > r.opts.WorkTimeout {
		timeout = r.opts.WorkTimeout
	}
	r.work.Add(1)
	go func() {
		defer r.work.Done()
		if bounded {
			defer r.done()
		}
		ctx, cancel := context.WithTimeout(r.base, timeout)
		defer cancel()
		if bounded {
			release, err := r.Acquire(ctx)
			if err != nil {
				r.log.Warn("gave up waiting for a free slot", "what", what, "err", err)
				return
			}
			defer release()
		}
		r.Protect(what, func() { fn(ctx) })
	}()
	return nil
}

// Acquire waits for one of the Budget slots, for work started with GoQuick
// that turns out slow after its quick part (a Discord command acknowledged
// first, answered second). release gives the slot back.
func (r *Runtime) Acquire(ctx context.Context) (release func(), err error) {
	select {
	case r.slots <- struct{}{}:
		return func() { <-r.slots }, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("wait for a free slot: %w", ctx.Err())
	}
}

func (r *Runtime) done() {
	r.mu.Lock()
	r.pending--
	r.mu.Unlock()
}

// Protect runs fn, logging a panic in it instead of dying; it reports
// whether fn panicked so the caller can apologise.
func (r *Runtime) Protect(what string, fn func()) (panicked bool) {
	err := bot.Guard(fn)
	var p *bot.PanicError
	if errors.As(err, &p) {
		r.log.Error("handler panicked", "what", what, "panic", p.Error(), "stack", string(p.Stack))
		return true
	}
	return false
}

// Drain stops accepting work, waits for the work in flight until ctx ends,
// then cancels what is left and waits for it to return. It reports whether
// everything finished before ctx ended.
func (r *Runtime) Drain(ctx context.Context) bool {
	r.mu.Lock()
	r.closed = true
	r.mu.Unlock()
	done := make(chan struct{})
	go func() { r.work.Wait(); close(done) }()
	clean := true
	select {
	case <-done:
	case <-ctx.Done():
		r.log.Warn("shutdown: cancelling unfinished work")
		clean = false
	}
	r.cancel()
	<-done
	return clean
}

// Wait waits until no work is running (tests; shutdown uses Drain).
func (r *Runtime) Wait() { r.work.Wait() }

// InFlight is the number of admitted work items not yet finished.
func (r *Runtime) InFlight() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.pending
}
