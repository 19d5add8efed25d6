package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/answer"
	"github.com/backend-tip/backend-tip/bot/platform"
	"github.com/backend-tip/backend-tip/config"
	"github.com/backend-tip/backend-tip/internal/logging"
)

// app holds the wired parts shared by the subcommands. Each part is built by
// a wire_*.go file next to this one, so a part can change without touching
// the others.
type app struct {
	cfg       config.Config
	log       *slog.Logger
	knowledge                  // wire_knowledge.go: documents and the search index
	answerer  *answer.Answerer // wire_answer.go: answers, quiz feedback, interview rubric
	state                      // wire_state.go: store, quiz, roadmap and tips
	router    *bot.Router
	runtime   *platform.Runtime // the work after every platform's ack, drained at shutdown
	clock     bot.Clock         // time.Now, or a shifted clock for chat --now
	closers   []func() error
	ops       // ops.go: metrics, abuse limits, answers in flight
	served    // serve.go: platforms and HTTP routes (serve only)
}

// appOptions choose which parts a subcommand needs: one-shot commands skip
// the state store so they start fast.
type appOptions struct {
	withState bool
	// withPlatforms builds the configured platforms and the HTTP routes
	// (serve).
	withPlatforms bool
	// now, when set, starts the app's clock at that time (chat --now) so a
	// user can try quiz schedules without waiting.
	now time.Time
}

// newApp builds the app top to bottom: clock, knowledge, abuse limits and
// metrics, answerer, state, router, runtime and, for serve, the platforms
// and their routes. It starts nothing: serve runs what it built.
func newApp(ctx context.Context, c *cli, opts appOptions) (*app, error) {
	a := &app{cfg: c.cfg, log: newLogger(c.cfg, c.stderr), clock: time.Now}
	if !opts.now.IsZero() {
		start := time.Now()
		a.clock = func() time.Time { return opts.now.Add(time.Since(start)) }
	}
	if err := a.loadKnowledge(ctx); err != nil {
		return nil, fmt.Errorf("load knowledge: %w", err)
	}
	a.ops = newOps(a.cfg, a.clock)
	a.answerer = a.buildAnswerer()
	var handlers map[string]bot.Handler
	clicks := map[string]bot.ClickHandler{}
	if opts.withState {
		if err := a.openState(ctx); err != nil {
			a.Close()
			return nil, fmt.Errorf("open state: %w", err)
		}
		handlers, clicks = a.stateCommands()
	}
	a.router = bot.NewRouter(bot.RouterOptions{
		Answerer:         a.ops.metrics.ObserveAnswers(a.answerer),
		Handlers:         handlers,
		Clicks:           clicks,
		Lang:             bot.Lang(a.cfg.Lang),
		MaxQuestionRunes: a.cfg.MaxQuestionRunes,
		Logger:           a.log,
		Limiter:          a.ops.limiter,
		Observer:         a.ops.metrics,
		Sessions:         a.sessions(),
	})
	a.runtime = platform.New(platform.Options{
		Budget:      a.cfg.MaxInFlight,
		WorkTimeout: a.cfg.LLMTimeout + a.cfg.LLMTimeout/2,
		Logger:      a.log,
	})
	if opts.withPlatforms {
		if err := a.wirePlatforms(ctx); err != nil {
			a.Close()
			return nil, err
		}
	}
	return a, nil
}

// Close releases what the app opened, newest first.
func (a *app) Close() {
	for i := len(a.closers) - 1; i >= 0; i-- {
		if err := a.closers[i](); err != nil {
			a.log.Warn("close", "err", err)
		}
	}
	a.closers = nil
}

// newLogger logs JSON unless stderr is a terminal, at the configured level,
// with secrets and user text redacted (logging.go).
func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	return logging.New(cfg, w)
}
