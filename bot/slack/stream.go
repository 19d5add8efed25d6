package slack

import (
	"context"
	"errors"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/platform"
)

// errOverBudget is why a partial was skipped: the workspace's budget for
// the method is spent for now.
var errOverBudget = errors.New("workspace budget for the method spent")

// target is where a request's reply goes.
type target struct {
	channel     string
	threadTS    string // reply in this thread ("" for the channel itself)
	user        string // who asked: ephemeral replies go to them
	team        string // the asker's workspace (streaming recipient)
	responseURL string // slash commands and button presses
	header      string // the question, shown above a slash command's answer
}

// surface shows one reply in Slack: partial texts go into a single visible
// message (posted by the first Edit, updated by the next ones); Finish
// renders the final reply. platform.Stream throttles and orders the calls.
type surface struct {
	a      *Adapter
	t      target
	ts     string // the visible message, once posted
	noPost bool   // posting into the channel failed: use response_url at the end
}

var _ platform.Surface = (*surface)(nil)

// newStream starts a throttled stream into t. With a placeholder, a
// "working" message appears when the reply takes longer than a moment.
func (a *Adapter) newStream(ctx context.Context, t target, placeholder string) *platform.Stream {
	return a.newStreamOn(ctx, &surface{a: a, t: t}, t, placeholder)
}

// newStreamOn starts a throttled stream into surf.
func (a *Adapter) newStreamOn(ctx context.Context, surf platform.Surface, t target, placeholder string) *platform.Stream {
	s := platform.NewStream(surf, platform.StreamOptions{
		Interval:         a.opts.StreamInterval,
		PreviewLimit:     maxMarkdownRunes - 10,
		Measure:          platform.Runes,
		Placeholder:      placeholder,
		PlaceholderAfter: a.opts.PlaceholderAfter,
		Logger:           a.log.With("channel", t.channel),
	})
	s.Start(ctx)
	return s
}

func (s *surface) headerBlocks() []slack.Block {
	if s.t.header == "" {
		return nil
	}
	return []slack.Block{slack.NewContextBlock("question", mrkdwnText("❓ "+Escape(bot.Truncate(s.t.header, 500))))}
}

// Edit shows the latest partial text. It does not retry on a rate limit
// (the next partial supersedes this one): it asks the stream to slow down.
func (s *surface) Edit(ctx context.Context, text string) error {
	if s.noPost {
		return nil
	}
	m := message{Text: bot.Truncate(Escape(plainSummary(text)), fallbackRunes),
		Blocks: append(s.headerBlocks(), markdownBlock(streamText(text)))}
	var err error
	if s.ts == "" {
		s.ts, err = s.a.postMessage(ctx, s.t.channel, s.t.threadTS, m)
		if err != nil && s.t.responseURL != "" {
			// Typically not_in_channel or a DM: the final reply goes through response_url.
			s.a.log.Info("message not posted; will answer via response_url", "channel", s.t.channel, "err", err)
			s.noPost = true
			return nil
		}
	} else {
		if ok, after := s.a.updates.tryNow(); !ok {
			// Over the workspace's chat.update budget: skip this partial.
			return &platform.SlowDown{After: after, Err: errOverBudget}
		}
		_, _, _, err = s.a.api.UpdateMessageContext(ctx, s.t.channel, s.ts, messageOptions(m)...)
	}
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return &platform.SlowDown{After: rl.RetryAfter, Err: err}
	}
	return err
}

// Finish sends the final reply once.
func (s *surface) Finish(ctx context.Context, final bot.Reply) error {
	ts, noPost := s.ts, s.noPost
	var lead []slack.Block
	if !final.Ephemeral {
		lead = s.headerBlocks()
		if s.t.header != "" && len(final.Sources) > 0 && s.t.responseURL != "" {
			// A public answer to a slash ask: its asker may take it private.
			final.Buttons = append(final.Buttons, keepPrivateButton(s.t.user, final.Lang))
		}
	}
	msgs := renderReply(final, lead...)
	if final.Ephemeral {
		if ts != "" {
			// The placeholder promised a public answer that turned out private.
			if _, _, err := s.a.api.DeleteMessageContext(ctx, s.t.channel, ts); err != nil {
				s.a.log.Warn("delete placeholder", "err", err)
			}
		}
		if err := s.ephemeral(ctx, msgs); err != nil {
			return fmt.Errorf("deliver ephemeral reply: %w", err)
		}
		return nil
	}
	if noPost {
		return s.viaResponseURL(ctx, msgs)
	}
	var err error
	if ts != "" {
		err = s.a.updateMessage(ctx, s.t.channel, ts, msgs[0])
		if placeholderGone(err) {
			s.a.log.Warn("placeholder gone; posting the answer anew", "err", err)
			ts = ""
		}
	}
	if ts == "" {
		ts, err = s.a.postMessage(ctx, s.t.channel, s.t.threadTS, msgs[0])
		if err != nil && s.t.responseURL != "" {
			s.a.log.Info("post failed; answering via response_url", "err", err)
			return s.viaResponseURL(ctx, msgs)
		}
	}
	if err != nil {
		return fmt.Errorf("deliver reply: %w", err)
	}
	thread := s.t.threadTS
	if thread == "" {
		thread = ts
	}
	s.a.postRest(ctx, s.t.channel, thread, msgs[1:])
	return nil
}

func (s *surface) viaResponseURL(ctx context.Context, msgs []message) error {
	for _, m := range msgs {
		if err := s.a.respond(ctx, s.t.responseURL, false, m); err != nil {
			return fmt.Errorf("deliver reply via response_url: %w", err)
		}
	}
	return nil
}

// ephemeral shows msgs to the asking user only.
func (s *surface) ephemeral(ctx context.Context, msgs []message) error {
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
