package slack

import (
	"context"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/backend-tip/backend-tip/bot"
)

// postMessage posts m to channel (in threadTS's thread when set) and returns its ts.
func (a *Adapter) postMessage(ctx context.Context, channel, threadTS string, m message, extra ...slack.MsgOption) (string, error) {
	opts := append(messageOptions(m),
		// A link preview could show content the answer never meant to show.
		slack.MsgOptionDisableLinkUnfurl(),
		slack.MsgOptionDisableMediaUnfurl())
	if threadTS != "" {
		opts = append(opts, slack.MsgOptionTS(threadTS))
	}
	opts = append(opts, extra...)
	var ts string
	err := a.retry(ctx, "chat.postMessage", func() (err error) {
		_, ts, err = a.api.PostMessageContext(ctx, channel, opts...)
		return err
	})
	return ts, err
}

// updateMessage replaces the message at ts with m.
func (a *Adapter) updateMessage(ctx context.Context, channel, ts string, m message) error {
	return a.retry(ctx, "chat.update", func() error {
		if err := a.updates.waitFinal(ctx); err != nil {
			return err
		}
		_, _, _, err := a.api.UpdateMessageContext(ctx, channel, ts, messageOptions(m)...)
		return err
	})
}

// postRest posts continuation messages of a long answer in the thread.
func (a *Adapter) postRest(ctx context.Context, channel, threadTS string, rest []message) {
	for _, m := range rest {
		if _, err := a.postMessage(ctx, channel, threadTS, m); err != nil {
			a.log.Error("post continuation", "channel", channel, "err", err)
			return
		}
	}
}

// postEphemeral shows m to one user only.
func (a *Adapter) postEphemeral(ctx context.Context, channel, user, threadTS string, m message) error {
	opts := messageOptions(m)
	if threadTS != "" {
		opts = append(opts, slack.MsgOptionTS(threadTS))
	}
	return a.retry(ctx, "chat.postEphemeral", func() error {
		_, err := a.api.PostEphemeralContext(ctx, channel, user, opts...)
		return err
	})
}

// respond posts m through a response_url (valid 30 minutes, 5 uses).
func (a *Adapter) respond(ctx context.Context, responseURL string, ephemeral bool, m message) error {
	kind := slack.ResponseTypeInChannel
	if ephemeral {
		kind = slack.ResponseTypeEphemeral
	}
	off := false
	blocks := slack.Blocks{BlockSet: m.Blocks}
	msg := &slack.WebhookMessage{
		Text: m.Text, Blocks: &blocks, ResponseType: kind,
		UnfurlLinks: &off, UnfurlMedia: &off,
	}
	return a.retry(ctx, "response_url", func() error {
		if err := slack.PostWebhookCustomHTTPContext(ctx, responseURL, a.http, msg); err != nil {
			return fmt.Errorf("post: %w", err)
		}
		return nil
	})
}

// deleteOriginal deletes the message an interaction came from through its response_url.
func (a *Adapter) deleteOriginal(ctx context.Context, responseURL string) error {
	return a.retry(ctx, "response_url", func() error {
		if err := slack.PostWebhookCustomHTTPContext(ctx, responseURL, a.http, &slack.WebhookMessage{DeleteOriginal: true}); err != nil {
			return fmt.Errorf("delete original: %w", err)
		}
		return nil
	})
}

// messageOptions are the options every message gets: blocks and the
// notification text, never escaped again (it already is) and never with
// link_names.
func messageOptions(m message) []slack.MsgOption {
	return []slack.MsgOption{
		slack.MsgOptionText(m.Text, false),
		slack.MsgOptionBlocks(m.Blocks...),
	}
}

// Edit replaces a posted message (a revealed quiz post). Block Kit buttons
// cannot be disabled, so disabled buttons are left out.
func (a *Adapter) Edit(ctx context.Context, channelID, messageID string, r bot.Reply) error {
	var live []bot.Button
	for _, b := range r.Buttons {
		if !b.Disabled {
			live = append(live, b)
		}
	}
	r.Buttons = live
	if err := a.updateMessage(ctx, channelID, messageID, renderReply(r)[0]); err != nil {
		return fmt.Errorf("edit %s in %s: %w", messageID, channelID, err)
	}
	return nil
}
