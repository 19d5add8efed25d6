package main

import (
	"context"
	"sync"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/limit"
	"github.com/backend-tip/backend-tip/config"
)

// ops is what running in production adds around the bot: metrics and
// abuse limits. Work in flight is the platform runtime's (app.runtime).
type ops struct {
	metrics *metrics
	limiter *limit.Limiter
}

func newOps(cfg config.Config, clock bot.Clock) ops {
	m := newMetrics()
	return ops{
		metrics: m,
		limiter: limit.New(limit.Options{
			UserPerMin: cfg.UserRatePerMin, UserBurst: cfg.UserBurst,
			ChannelPerMin: cfg.ChannelRatePerMin, ChannelBurst: cfg.ChannelBurst,
			Clock: clock, OnRefused: m.refused,
		}),
	}
}

// observeAnswers wraps the answerer: it times every answer, counts LLM
// tokens and failures from the final Reply's Usage, and tracks answers in
// flight so shutdown can wait for them. A question that reaches it during
// shutdown is still answered: its platform acknowledged it already, and
// the adapters stop taking new requests themselves.
func (o ops) observeAnswers(next bot.Answerer) bot.Answerer {
	if next == nil {
		return nil
	}
	return observedAnswerer{next: next, ops: o}
}

type observedAnswerer struct {
	next bot.Answerer
	ops  ops
}

func (o observedAnswerer) Answer(ctx context.Context, q bot.Question, s bot.Stream) error {
	start := time.Now()
	o.ops.metrics.inFlight.Inc()
	defer o.ops.metrics.inFlight.Dec()
	rec := &finalRecorder{inner: s}
	err := o.next.Answer(ctx, q, rec)
	o.ops.metrics.observeAnswer(time.Since(start), rec.reply(), err)
	return err
}

// finalRecorder passes a stream through and keeps the final reply.
type finalRecorder struct {
	inner bot.Stream
	mu    sync.Mutex
	final bot.Reply
}

func (f *finalRecorder) Update(partial string) { f.inner.Update(partial) }

func (f *finalRecorder) Done(final bot.Reply) {
	f.mu.Lock()
	f.final = final
	f.mu.Unlock()
	f.inner.Done(final)
}

func (f *finalRecorder) reply() bot.Reply {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.final
}

// countPosts wraps each platform so that scheduled posts are counted in
// backend_tip_quiz_posts_total.
func (o ops) countPosts(platforms map[string]bot.Platform) map[string]bot.Platform {
	out := make(map[string]bot.Platform, len(platforms))
	for name, p := range platforms {
		out[name] = countingPlatform{Platform: p, m: o.metrics}
	}
	return out
}

type countingPlatform struct {
	bot.Platform
	m *metrics
}

func (c countingPlatform) Post(ctx context.Context, channelID string, r bot.Reply) (string, error) {
	id, err := c.Platform.Post(ctx, channelID, r)
	result := "ok"
	if err != nil {
		result = "error"
	}
	c.m.quizPosts.WithLabelValues(c.Name(), result).Inc()
	return id, err
}
