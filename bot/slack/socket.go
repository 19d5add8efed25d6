package slack

import (
	"context"
	"encoding/json"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// ctxT keeps the handler closures short.
type ctxT = context.Context

// runSocket serves Socket Mode until ctx ends; slack-go reconnects on its own.
func (a *Adapter) runSocket(ctx context.Context) error {
	sm := socketmode.New(a.api)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-ctx.Done():
				return
			case evt := <-sm.Events:
				a.onSocketEvent(ctx, sm, evt)
			}
		}
	}()
	err := sm.RunContext(ctx)
	a.connected.Store(false)
	cancel()
	<-done
	return err
}

// onSocketEvent acknowledges every envelope first, then hands the work to
// the background so the next envelope is read at once.
func (a *Adapter) onSocketEvent(ctx context.Context, sm *socketmode.Client, evt socketmode.Event) {
	a.rt.Protect(platformName+" socket event", func() { a.socketEvent(ctx, sm, evt) })
}

func (a *Adapter) socketEvent(ctx context.Context, sm *socketmode.Client, evt socketmode.Event) {
	if evt.Request != nil && evt.Request.EnvelopeID != "" {
		if err := sm.AckCtx(ctx, evt.Request.EnvelopeID, nil); err != nil {
			a.log.Warn("socket mode ack failed", "err", err)
		}
	}
	switch evt.Type {
	case socketmode.EventTypeSlashCommand:
		if cmd, ok := evt.Data.(slack.SlashCommand); ok {
			a.spawn("slash command", func(ctx ctxT) { a.slashCommand(ctx, cmd) })
		}
	case socketmode.EventTypeEventsAPI:
		if ev, ok := evt.Data.(slackevents.EventsAPIEvent); ok {
			if evt.Request != nil && evt.Request.RetryAttempt > 0 {
				a.log.Info("slack event retry", "retry", evt.Request.RetryAttempt, "reason", evt.Request.RetryReason)
			}
			a.spawn("event", func(ctx ctxT) { a.event(ctx, ev) })
		}
	case socketmode.EventTypeInteractive:
		if cb, ok := evt.Data.(slack.InteractionCallback); ok {
			a.spawnQuick("interaction", func(ctx ctxT) { a.interaction(ctx, cb) })
		}
	case socketmode.EventTypeErrorBadMessage:
		// slack-go could not parse the envelope (say, an event type it does
		// not know); ack it anyway so Slack does not redeliver it forever.
		if bad, ok := evt.Data.(*socketmode.ErrorBadMessage); ok {
			var req socketmode.Request
			if json.Unmarshal(bad.Message, &req) == nil && req.EnvelopeID != "" {
				_ = sm.AckCtx(ctx, req.EnvelopeID, nil)
			}
			a.log.Warn("unreadable socket mode message", "err", bad.Cause)
		}
	case socketmode.EventTypeConnected, socketmode.EventTypeHello:
		if !a.connected.Swap(true) {
			a.log.Info("slack socket mode connected")
		}
	case socketmode.EventTypeConnecting, socketmode.EventTypeDisconnect:
		a.connected.Store(false)
	case socketmode.EventTypeConnectionError:
		a.connected.Store(false)
		if e, ok := evt.Data.(*slack.ConnectionErrorEvent); ok {
			a.log.Warn("slack socket mode connection error; reconnecting", "attempt", e.Attempt, "backoff", e.Backoff, "err", e.ErrorObj)
		}
	case socketmode.EventTypeInvalidAuth:
		a.connected.Store(false)
		a.log.Error("slack socket mode: invalid app token")
	}
}
