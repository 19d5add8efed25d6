package metrics

import (
	"context"
	"sync"
	"time"

	"github.com/backend-tip/backend-tip/bot"
)

// ObserveAnswers wraps the answerer: it times every answer, counts LLM
// tokens and failures from the final Reply's Usage, and tracks answers in
// flight so shutdown can wait for them. A question that reaches it during
// shutdown is still answered: its platform acknowledged it already, and
// the adapters stop taking new requests themselves.
func (m *Metrics) ObserveAnswers(next bot.Answerer) bot.Answerer {
	if next == nil {
		return nil
	}
	return observedAnswerer{next: next, m: m}
}

type observedAnswerer struct {
	next bot.Answerer
	m    *Metrics
}

func (o observedAnswerer) Answer(ctx context.Context, q bot.Question, s bot.Stream) error {
	start := time.Now()
	o.m.inFlight.Inc()
	defer o.m.inFlight.Dec()
	rec := &finalRecorder{inner: s}
	err := o.next.Answer(ctx, q, rec)
	o.m.observeAnswer(time.Since(start), rec.reply(), err)
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

// CountPosts wraps each platform so that scheduled posts are counted in
// backend_tip_quiz_posts_total.
func (m *Metrics) CountPosts(platforms map[string]bot.Platform) map[string]bot.Platform {
	out := make(map[string]bot.Platform, len(platforms))
	for name, p := range platforms {
		out[name] = countingPlatform{Platform: p, m: m}
	}
	return out
}

type countingPlatform struct {
	bot.Platform
	m *Metrics
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

// EventStore is what the Slack adapter keeps in the store (bot/slack.Store).
type EventStore interface {
	MarkEvent(ctx context.Context, key string, ttl time.Duration) (first bool, err error)
	RecordFeedback(ctx context.Context, f bot.Feedback) error
}

// CountDedupe wraps the Slack adapter's store so that every event id seen
// before is counted in backend_tip_events_deduplicated_total.
func (m *Metrics) CountDedupe(s EventStore) EventStore {
	if s == nil || m == nil {
		return s
	}
	return dedupeCounter{EventStore: s, m: m}
}

type dedupeCounter struct {
	EventStore
	m *Metrics
}

func (d dedupeCounter) MarkEvent(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	first, err := d.EventStore.MarkEvent(ctx, key, ttl)
	if err == nil && !first {
		d.m.deduped.Inc()
	}
	return first, err
}
