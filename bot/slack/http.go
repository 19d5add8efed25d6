package slack

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/backend-tip/backend-tip/bot/platform"
)

// maxBody bounds a request body; Slack's payloads are far smaller.
const maxBody = 1 << 20

// Mount registers the three signed routes on mux.
func (a *Adapter) Mount(mux *http.ServeMux) {
	mux.Handle("POST /slack/commands", a.CommandsHandler())
	mux.Handle("POST /slack/events", a.EventsHandler())
	mux.Handle("POST /slack/interactions", a.InteractionsHandler())
	a.mounted.Store(a.opts.SigningSecret != "")
}

// CommandsHandler serves slash commands: 200 at once, the work afterwards.
func (a *Adapter) CommandsHandler() http.Handler {
	return a.signed(func(w http.ResponseWriter, r *http.Request, body []byte) {
		v, err := url.ParseQuery(string(body))
		if err != nil || v.Get("command") == "" || v.Get("channel_id") == "" || v.Get("user_id") == "" {
			http.Error(w, "malformed slash command", http.StatusBadRequest)
			return
		}
		cmd := slack.SlashCommand{
			Token: v.Get("token"), TeamID: v.Get("team_id"), TeamDomain: v.Get("team_domain"),
			EnterpriseID: v.Get("enterprise_id"), ChannelID: v.Get("channel_id"), ChannelName: v.Get("channel_name"),
			UserID: v.Get("user_id"), UserName: v.Get("user_name"), Command: v.Get("command"), Text: v.Get("text"),
			ResponseURL: v.Get("response_url"), TriggerID: v.Get("trigger_id"), APIAppID: v.Get("api_app_id"),
		}
		// A replay (the same signed body again) is acknowledged like the
		// original and then dropped by the store, after the ack so that
		// acks never wait for the database.
		key := platform.BodyKey("slack:command:", cmd.TriggerID, body)
		a.accept(w, func() bool {
			return a.spawn("slash command", func(ctx ctxT) {
				if platform.FirstSeen(ctx, a.opts.Store, key, a.log) {
					a.slashCommand(ctx, cmd)
				}
			})
		})
	})
}

// accept acknowledges a verified request whose work start runs after the
// ack; work the runtime refuses (shutdown) gets 503, so Slack shows the
// user an error and retries events.
func (a *Adapter) accept(w http.ResponseWriter, start func() bool) {
	if !start() {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// EventsHandler serves the Events API: url_verification and event callbacks.
// A retried delivery (X-Slack-Retry-Num) is acknowledged like the first one;
// the store's event-id dedupe keeps it from being answered twice.
func (a *Adapter) EventsHandler() http.Handler {
	return a.signed(func(w http.ResponseWriter, r *http.Request, body []byte) {
		var outer struct {
			Type      string          `json:"type"`
			Challenge string          `json:"challenge"`
			EventID   string          `json:"event_id"`
			Event     json.RawMessage `json:"event"`
		}
		if err := json.Unmarshal(body, &outer); err != nil || outer.Type == "" {
			http.Error(w, "malformed event", http.StatusBadRequest)
			return
		}
		switch outer.Type {
		case slackevents.URLVerification:
			w.Header().Set("Content-Type", "text/plain")
			_, _ = io.WriteString(w, outer.Challenge)
			return
		case slackevents.CallbackEvent:
			if outer.EventID == "" || len(outer.Event) == 0 || string(outer.Event) == "null" {
				http.Error(w, "event_callback without event or event_id", http.StatusBadRequest)
				return
			}
		default:
			a.log.Info("slack event ignored", "type", outer.Type)
			w.WriteHeader(http.StatusOK)
			return
		}
		ev, err := slackevents.ParseEvent(body, slackevents.OptionNoVerifyToken())
		if err != nil {
			// Valid JSON but an inner event we do not subscribe to or cannot read:
			// acknowledge so Slack does not retry something we will never handle.
			a.log.Info("slack event not handled", "event_id", outer.EventID, "err", err)
			w.WriteHeader(http.StatusOK)
			return
		}
		if n := r.Header.Get("X-Slack-Retry-Num"); n != "" {
			a.log.Info("slack event retry", "event_id", outer.EventID, "retry", n, "reason", r.Header.Get("X-Slack-Retry-Reason"))
		}
		// Events are deduplicated by event id when they run (retries carry
		// the same id but a new signature).
		a.accept(w, func() bool { return a.spawn("event", func(ctx ctxT) { a.event(ctx, ev) }) })
	})
}

// InteractionsHandler serves button presses.
func (a *Adapter) InteractionsHandler() http.Handler {
	return a.signed(func(w http.ResponseWriter, r *http.Request, body []byte) {
		v, err := url.ParseQuery(string(body))
		var cb slack.InteractionCallback
		if err == nil {
			err = json.Unmarshal([]byte(v.Get("payload")), &cb)
		}
		if err != nil || cb.Type == "" {
			http.Error(w, "malformed interaction", http.StatusBadRequest)
			return
		}
		key := platform.BodyKey("slack:interaction:", cb.TriggerID, body)
		a.accept(w, func() bool {
			return a.spawnQuick("interaction", func(ctx ctxT) {
				if platform.FirstSeen(ctx, a.opts.Store, key, a.log) {
					a.interaction(ctx, cb)
				}
			})
		})
	})
}

// signed reads the body, checks Slack's signature and recovers from panics:
// forged or stale requests get 401 and change nothing.
func (a *Adapter) signed(next func(http.ResponseWriter, *http.Request, []byte)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a.rt.Protect(platformName+" http "+r.URL.Path, func() { a.verified(w, r, next) }) {
			http.Error(w, "internal error", http.StatusInternalServerError)
		}
	})
}

func (a *Adapter) verified(w http.ResponseWriter, r *http.Request, next func(http.ResponseWriter, *http.Request, []byte)) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "unreadable body", http.StatusBadRequest)
		return
	}
	if sslCheck(r, body) {
		// Slack checking the certificate of a slash command's request URL.
		// Its own SDKs (Bolt) answer it before verifying a signature, so it
		// may come unsigned; it runs nothing, whoever sends it.
		w.WriteHeader(http.StatusOK)
		return
	}
	if a.opts.SigningSecret == "" {
		http.Error(w, "HTTP mode is not configured (SLACK_SIGNING_SECRET)", http.StatusUnauthorized)
		return
	}
	if err := VerifySignature(a.opts.SigningSecret, r.Header, body, a.clock()); err != nil {
		a.log.Warn("rejected unsigned Slack request", "path", r.URL.Path, "err", err, "remote", r.RemoteAddr)
		http.Error(w, "invalid signature", http.StatusUnauthorized)
		return
	}
	next(w, r, body)
}

// sslCheck reports whether body is Slack's ssl_check of a slash command URL.
func sslCheck(r *http.Request, body []byte) bool {
	if r.URL.Path != "/slack/commands" {
		return false
	}
	v, err := url.ParseQuery(string(body))
	return err == nil && v.Get("ssl_check") == "1"
}
