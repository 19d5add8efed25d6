package slack

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/platform"
)

// nativeSurface streams an answer in a thread with Slack's own streaming
// methods: chat.startStream with the first lines, chat.appendStream with
// each further complete line (markdown_text), chat.stopStream with the
// rest, the sources and the feedback buttons. No chat.update is needed, so
// concurrent answers do not compete for its Tier 3 budget; a thinking
// status (assistant.threads.setStatus) shows until the first text arrives.
//
// Only complete lines are streamed: ToMarkdown escapes line by line, so a
// streamed line never needs to change once sent (a code span closed later
// in the same line would change how its characters are escaped).
type nativeSurface struct {
	a  *Adapter
	t  target
	ts string // the streaming message, once started
	// sent is the markdown already streamed; stopped once stopStream ran.
	sent    string
	stopped bool
	// userStopped: the asker pressed stop (appendStream answered
	// stopped_by_user); nothing more is sent.
	userStopped bool
	// noStream: chat.startStream was rate limited (Tier 2, about 20 a
	// minute per workspace); this answer is posted as a plain message
	// instead of waiting out the Retry-After.
	noStream bool
}

var _ platform.Surface = (*nativeSurface)(nil)

// newNativeStream starts a throttled stream that uses Slack's streaming
// methods in t's thread.
func (a *Adapter) newNativeStream(ctx context.Context, t target) *platform.Stream {
	s := platform.NewStream(&nativeSurface{a: a, t: t}, platform.StreamOptions{
		Interval:     a.opts.StreamInterval,
		PreviewLimit: maxMarkdownRunes,
		Measure:      platform.Runes,
		Logger:       a.log.With("channel", t.channel),
	})
	s.Start(ctx)
	return s
}

// completeLines is text up to and including its last line break.
func completeLines(text string) string {
	if i := strings.LastIndexByte(text, '\n'); i >= 0 {
		return text[:i+1]
	}
	return ""
}

// Edit streams the complete lines of text not streamed yet.
func (s *nativeSurface) Edit(ctx context.Context, text string) error {
	md := ToMarkdown(completeLines(text))
	if s.stopped || s.userStopped || s.noStream || md == "" || !strings.HasPrefix(md, s.sent) || len(md) == len(s.sent) {
		return nil
	}
	delta := md[len(s.sent):]
	if s.ts == "" {
		ts, err := s.start(ctx, delta)
		if err != nil {
			return err
		}
		s.ts, s.sent = ts, md
		return nil
	}
	if ok, after := s.a.appends.tryNow(); !ok {
		return &platform.SlowDown{After: after, Err: errOverBudget}
	}
	_, _, err := s.a.api.AppendStreamContext(ctx, s.t.channel, s.ts, slack.MsgOptionMarkdownText(delta))
	var rl *slack.RateLimitedError
	switch {
	case errors.As(err, &rl):
		return &platform.SlowDown{After: rl.RetryAfter, Err: err}
	case slackError(err) == "stopped_by_user":
		s.a.log.Info("the asker stopped the streamed answer", "channel", s.t.channel, "ts", s.ts)
		s.userStopped = true
		return nil
	case err != nil:
		return fmt.Errorf("chat.appendStream: %w", err)
	}
	s.sent = md
	return nil
}

// start opens the streaming message in the thread, for the asking user.
func (s *nativeSurface) start(ctx context.Context, md string) (string, error) {
	opts := []slack.MsgOption{
		slack.MsgOptionTS(s.t.threadTS),
		slack.MsgOptionRecipientUserID(s.t.user),
		slack.MsgOptionRecipientTeamID(s.t.team),
	}
	if md != "" {
		opts = append(opts, slack.MsgOptionMarkdownText(md))
	}
	// No retry on a rate limit: chat.startStream is Tier 2 (about 20 a
	// minute per workspace), and a burst of questions is better answered
	// at once with chat.postMessage than after Slack's Retry-After.
	_, ts, err := s.a.api.StartStreamContext(ctx, s.t.channel, opts...)
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		s.a.log.Warn("chat.startStream rate limited; posting the answer instead", "channel", s.t.channel, "retry_after", rl.RetryAfter)
		s.noStream = true
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("chat.startStream: %w", err)
	}
	return ts, nil
}

// Finish ends the stream with the rest of the answer and its sources and
// feedback blocks. A reply that never streamed (a quiz, help, a refusal)
// is posted as an ordinary message; a private one is shown to the asker.
func (s *nativeSurface) Finish(ctx context.Context, final bot.Reply) error {
	plain := &surface{a: s.a, t: s.t}
	if s.userStopped {
		// The asker stopped the answer: what was streamed stays, nothing more comes.
		return nil
	}
	if s.ts == "" || s.stopped {
		if final.Ephemeral {
			return plain.ephemeral(ctx, renderReply(final))
		}
		if len(final.Sources) == 0 || s.noStream {
			return plain.Finish(ctx, final)
		}
		// An answer that came in one piece still streams, so it ends the
		// same way (and clears the thinking status).
		ts, err := s.start(ctx, "")
		if err != nil || s.noStream {
			if err != nil {
				s.a.log.Warn("chat.startStream failed; posting the answer instead", "err", err)
			}
			return plain.Finish(ctx, final)
		}
		s.ts = ts
	}
	md := ToMarkdown(final.Text)
	rest, fits := "", strings.HasPrefix(md, s.sent) && utf8.RuneCountInString(md) <= maxMarkdownRunes
	if fits {
		rest = md[len(s.sent):]
	}
	opts := []slack.MsgOption{slack.MsgOptionBlocks(tailBlocks(final)...)}
	if rest != "" {
		opts = append(opts, slack.MsgOptionMarkdownText(rest))
	}
	err := s.a.retry(ctx, "chat.stopStream", func() error {
		_, _, err := s.a.api.StopStreamContext(ctx, s.t.channel, s.ts, opts...)
		return err
	})
	s.stopped = true
	if err != nil {
		return fmt.Errorf("chat.stopStream: %w", err)
	}
	if fits {
		return nil
	}
	// The final text is not what was streamed (rewritten, or longer than
	// one message holds): replace the message with the rendered answer and
	// continue in the thread. Rare; this is chat.update's only use here.
	msgs := renderReply(final)
	if err := s.a.updateMessage(ctx, s.t.channel, s.ts, msgs[0]); err != nil {
		return fmt.Errorf("replace streamed answer: %w", err)
	}
	s.a.postRest(ctx, s.t.channel, s.t.threadTS, msgs[1:])
	return nil
}

// thinking shows Slack's "is thinking" status in the thread until the
// bot's reply arrives (Slack clears it then, or after two minutes). It
// replaces the 👀 reaction, which needed a second call to remove and
// stayed behind when that call failed.
func (a *Adapter) thinking(ctx context.Context, channel, threadTS string, lang bot.Lang) {
	status := lang.Pick("ガイドを調べています…", "Looking through the guide…")
	err := a.api.SetAssistantThreadsStatusContext(ctx, slack.AssistantThreadsSetStatusParameters{
		ChannelID: channel, ThreadTS: threadTS, Status: status,
		LoadingMessages: []string{status, lang.Pick("関連する節を読んでいます…", "Reading the relevant sections…")},
	})
	if err != nil {
		a.log.Debug("assistant.threads.setStatus", "err", err)
	}
}
