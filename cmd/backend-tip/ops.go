package main

import (
	"context"
	"sync"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/config"
)

// ops is what running in production adds around the bot: metrics, abuse
// limits and the count of answers in flight that shutdown waits for.
type ops struct {
	metrics *metrics
	limiter *limiter
	answers *inflight
}

func newOps(cfg config.Config, clock bot.Clock) ops {
	m := newMetrics()
	return ops{
		metrics: m,
		limiter: newLimiter(limiterOptions{
			UserPerMin: cfg.UserRatePerMin, UserBurst: cfg.UserBurst,
			ChannelPerMin: cfg.ChannelRatePerMin, ChannelBurst: cfg.ChannelBurst,
			Clock: clock, Metrics: m,
		}),
		answers: &inflight{},
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
	release := o.ops.answers.acquire()
	defer release()
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

// inflight counts answers in progress so that shutdown can wait for them.
type inflight struct {
	mu       sync.Mutex
	n        int
	draining bool
	idle     chan struct{} // closed when n reaches 0 while draining
}

// acquire registers one answer; release (safe to call twice) ends it.
// Answers that start while draining are counted and waited for too: they
// were acknowledged to their platform before shutdown began, and a user
// who was told "working on it" must get the answer.
func (f *inflight) acquire() (release func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n++
	var once sync.Once
	return func() { once.Do(f.release) }
}

func (f *inflight) release() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n--
	if f.n == 0 && f.idle != nil {
		close(f.idle)
		f.idle = nil
	}
}

// isDraining reports whether drain has begun.
func (f *inflight) isDraining() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.draining
}

// drain waits until no answer is in flight or ctx ends; it returns how many
// were still running then.
func (f *inflight) drain(ctx context.Context) int {
	f.mu.Lock()
	f.draining = true
	if f.n == 0 {
		f.mu.Unlock()
		return 0
	}
	if f.idle == nil {
		f.idle = make(chan struct{})
	}
	idle := f.idle
	f.mu.Unlock()
	select {
	case <-idle:
		return 0
	case <-ctx.Done():
		f.mu.Lock()
		defer f.mu.Unlock()
		return f.n
	}
}

// threadReader is the optional interface bot/quiz reads answers through.
type threadReader interface {
	ThreadReplies(ctx context.Context, channelID, messageID string, limit int) ([]bot.Turn, error)
}

// countPosts wraps each platform so that scheduled posts are counted in
// backend_tip_quiz_posts_total. The wrapper keeps ThreadReplies when the
// platform has it, so the quiz's optional-interface check sees the same
// capabilities as before.
func (o ops) countPosts(platforms map[string]bot.Platform) map[string]bot.Platform {
	out := make(map[string]bot.Platform, len(platforms))
	for name, p := range platforms {
		c := countingPlatform{Platform: p, m: o.metrics}
		if tr, ok := p.(threadReader); ok {
			out[name] = countingThreadPlatform{countingPlatform: c, threadReader: tr}
			continue
		}
		out[name] = c
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

type countingThreadPlatform struct {
	countingPlatform
	threadReader
}
