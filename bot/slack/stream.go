package slack

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/backend-tip/backend-tip/bot"
)

// target is where a request's reply goes.
type target struct {
	channel     string
	threadTS    string // reply in this thread ("" for the channel itself)
	user        string // who asked: ephemeral replies go to them
	responseURL string // slash commands and button presses
	reaction    string // ts of the message that got an 👀 "working" reaction
	header      string // the question, shown above a slash command's answer
}

// stream renders one reply. Partial texts go into a single visible message
// with chat.update at most once per interval; Done renders the final reply
// exactly once. One goroutine (flush) does all the Slack calls, so the
// answerer never waits for Slack.
type stream struct {
	a        *Adapter
	ctx      context.Context
	t        target
	interval time.Duration

	mu      sync.Mutex
	partial string
	final   *bot.Reply
	ts      string // the visible message, once posted
	noPost  bool   // posting into the channel failed: use response_url at the end

	kick      chan struct{} // a new partial is waiting
	finalSet  chan struct{} // closed by the first Done
	finalOnce sync.Once
	flushed   chan struct{} // closed when the final reply has been delivered
}

func (a *Adapter) newStream(ctx context.Context, t target) *stream {
	s := &stream{
		a: a, ctx: ctx, t: t, interval: a.opts.StreamInterval,
		kick: make(chan struct{}, 1), finalSet: make(chan struct{}), flushed: make(chan struct{}),
	}
	go s.flush()
	return s
}

// Update records the text so far; the flusher picks up the latest one.
func (s *stream) Update(partial string) {
	s.mu.Lock()
	s.partial = partial
	s.mu.Unlock()
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// Done records the final reply; later calls are ignored.
func (s *stream) Done(final bot.Reply) {
	s.finalOnce.Do(func() {
		s.mu.Lock()
		s.final = &final
		s.mu.Unlock()
		close(s.finalSet)
	})
}

// wait blocks until the final reply has been delivered (or given up on).
func (s *stream) wait() { <-s.flushed }

// placeholder posts a visible "working" message now, before any text.
func (s *stream) placeholder(text string) {
	ts, err := s.a.postMessage(s.ctx, s.t.channel, s.t.threadTS, message{
		Text:   text,
		Blocks: append(s.headerBlocks(), slack.NewContextBlock("working", mrkdwnText(text))),
	})
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		// Typically not_in_channel or a DM: the final reply goes through response_url.
		s.a.log.Info("placeholder not posted; will answer via response_url", "channel", s.t.channel, "err", err)
		s.noPost = s.t.responseURL != ""
		return
	}
	s.ts = ts
}

func (s *stream) headerBlocks() []slack.Block {
	if s.t.header == "" {
		return nil
	}
	return []slack.Block{slack.NewContextBlock("question", mrkdwnText("❓ "+Escape(bot.Truncate(s.t.header, 500))))}
}

func (s *stream) flush() {
	defer close(s.flushed)
	var next time.Time // earliest time for the next chat.update
	for {
		select {
		case <-s.finalSet:
			s.deliver()
			return
		case <-s.kick:
		}
		if wait := time.Until(next); wait > 0 {
			select {
			case <-s.finalSet:
				s.deliver()
				return
			case <-time.After(wait):
			}
		}
		next = time.Now().Add(s.interval)
		if rl := s.pushPartial(); rl > 0 {
			next = time.Now().Add(max(rl, s.interval))
		}
	}
}

// pushPartial shows the latest partial text. It does not retry on a rate
// limit (the next partial supersedes this one); it returns how long to back off.
func (s *stream) pushPartial() time.Duration {
	s.mu.Lock()
	text, ts, noPost := s.partial, s.ts, s.noPost
	s.mu.Unlock()
	if noPost || text == "" {
		return 0
	}
	m := message{Text: bot.Truncate(Escape(plainSummary(text)), fallbackRunes),
		Blocks: append(s.headerBlocks(), markdownBlock(streamText(text)))}
	var err error
	if ts == "" {
		ts, err = s.a.postMessage(s.ctx, s.t.channel, s.t.threadTS, m)
		if err == nil {
			s.mu.Lock()
			s.ts = ts
			s.mu.Unlock()
		} else if s.t.responseURL != "" {
			s.mu.Lock()
			s.noPost = true
			s.mu.Unlock()
		}
	} else {
		_, _, _, err = s.a.api.UpdateMessageContext(s.ctx, s.t.channel, ts, messageOptions(m)...)
	}
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		s.a.log.Warn("chat.update rate limited; slowing down", "retry_after", rl.RetryAfter)
		return rl.RetryAfter
	}
	if err != nil {
		s.a.log.Warn("stream update failed", "channel", s.t.channel, "err", err)
	}
	return 0
}

// deliver sends the final reply once, even when the request's own deadline
// has passed: a late answer (or apology) beats silence.
func (s *stream) deliver() {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(s.ctx), time.Minute)
	defer cancel()
	s.mu.Lock()
	final, ts, noPost := *s.final, s.ts, s.noPost
	s.mu.Unlock()
	if s.t.reaction != "" {
		defer s.a.unreact(ctx, s.t.channel, s.t.reaction)
	}
	var lead []slack.Block
	if !final.Ephemeral {
		lead = s.headerBlocks()
	}
	msgs := renderReply(final, lead...)
	log := s.a.log.With("channel", s.t.channel)
	if final.Ephemeral {
		if ts != "" {
			// The placeholder promised a public answer that turned out private.
			if _, _, err := s.a.api.DeleteMessageContext(ctx, s.t.channel, ts); err != nil {
				log.Warn("delete placeholder", "err", err)
			}
		}
		if err := s.ephemeral(ctx, msgs); err != nil {
			log.Error("deliver ephemeral reply", "err", err)
		}
		return
	}
	if noPost {
		for _, m := range msgs {
			if err := s.a.respond(ctx, s.t.responseURL, false, m); err != nil {
				log.Error("deliver reply via response_url", "err", err)
				return
			}
		}
		return
	}
	var err error
	if ts != "" {
		err = s.a.updateMessage(ctx, s.t.channel, ts, msgs[0])
		if placeholderGone(err) {
			log.Warn("placeholder gone; posting the answer anew", "err", err)
			ts = ""
		}
	}
	if ts == "" {
		ts, err = s.a.postMessage(ctx, s.t.channel, s.t.threadTS, msgs[0])
		if err != nil && s.t.responseURL != "" {
			log.Info("post failed; answering via response_url", "err", err)
			for _, m := range msgs {
				if err = s.a.respond(ctx, s.t.responseURL, false, m); err != nil {
					break
				}
			}
			if err != nil {
				log.Error("deliver reply via response_url", "err", err)
			}
			return
		}
	}
	if err != nil {
		log.Error("deliver reply", "err", err)
		return
	}
	thread := s.t.threadTS
	if thread == "" {
		thread = ts
	}
	s.a.postRest(ctx, s.t.channel, thread, msgs[1:])
}

// ephemeral shows msgs to the asking user only.
func (s *stream) ephemeral(ctx context.Context, msgs []message) error {
	for _, m := range msgs {
		var err error
		if s.t.responseURL != "" {
			err = s.a.respond(ctx, s.t.responseURL, true, m)
		} else {
			err = s.a.postEphemeral(ctx, s.t.channel, s.t.user, s.t.threadTS, m)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// react adds the 👀 "working" reaction; failure only costs the signal.
func (a *Adapter) react(ctx context.Context, channel, ts string) {
	if err := a.api.AddReactionContext(ctx, "eyes", slack.NewRefToMessage(channel, ts)); err != nil {
		a.log.Debug("add reaction", "err", err)
	}
}

func (a *Adapter) unreact(ctx context.Context, channel, ts string) {
	if err := a.api.RemoveReactionContext(ctx, "eyes", slack.NewRefToMessage(channel, ts)); err != nil {
		a.log.Debug("remove reaction", "err", err)
	}
}

// placeholderGone reports whether chat.update failed because the message
// can no longer be edited, so that posting the answer anew cannot show it
// twice. (After a network error the update may have landed: no repost.)
func placeholderGone(err error) bool {
	var resp slack.SlackErrorResponse
	if !errors.As(err, &resp) {
		return false
	}
	switch resp.Err {
	case "message_not_found", "cant_update_message", "edit_window_closed", "channel_not_found", "is_archived":
		return true
	}
	return false
}
